// The gateway records its calls through an ingest service: the same mapping, pricing, dedup and writer
// as OTLP spans. The all-in-one hands it the ingest's own service; the api role makes one of its own
// (no listener, no ingest_health rows: its figures are the API's).
import type { ApiAppOptions } from "@promptmetrics/analytics-api";
import type { Store } from "@promptmetrics/clickhouse";
import { createIngestService, ingestConfigFromEnv, type IngestService } from "@promptmetrics/ingest";
import type { Env } from "../env.ts";

/** The gateway takes a project's ingest keys and its gateway-only keys. */
const GATEWAY_KEY_KINDS = ["ingest", "gateway"] as const;

export function gatewayThrough(service: IngestService): NonNullable<ApiAppOptions["gateway"]> {
  return {
    recorder: async (key, spans) => {
      // The gateway mints every span id at random: no duplicate checks, no recent-keys memory.
      await service.ingestSpans(key, spans, 0, { fresh: true });
    },
    resolveKey: (secret) => service.keys.resolve(`Bearer ${secret}`, GATEWAY_KEY_KINDS),
    onError: (error) => console.error("[gateway]", error),
  };
}

/** The api role's own pipeline for gateway runs; close it after the listener. */
export async function startGatewayIngest(store: Store, env: Env): Promise<IngestService> {
  const service = createIngestService({ store, config: { ...ingestConfigFromEnv(env), healthIntervalMs: 0 } });
  await service.keys.refresh();
  await service.pricers.refresh();
  return service;
}
