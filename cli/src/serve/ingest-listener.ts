// The OTLP receiver on PROMPTMETRICS_OTLP_PORT over a given store: the ingest service (keys and price
// overrides loaded before the first request) and its HTTP server. Shared by the all-in-one process and
// the ingest role.
import type { Store } from "@promptmetrics/clickhouse";
import { createIngestServer, createIngestService, ingestConfigFromEnv, type IngestService } from "@promptmetrics/ingest";
import type { ProjectPricers } from "@promptmetrics/runs";
import type { Env } from "../env.ts";
import { observabilityFor } from "../observability/process-observability.ts";
import { closeGracefully, listen } from "./listen.ts";

export interface IngestListener {
  url: string;
  /** The ingest's per-project price cache, loaded before the first request; closed by close(). */
  pricers: ProjectPricers;
  /** The ingest pipeline itself: the gateway records its calls through it (one writer per process). */
  service: IngestService;
  /** Stops taking requests, then writes everything acknowledged (the store stays open). */
  close(): Promise<void>;
}

export async function startIngestListener(store: Store, env: Env): Promise<IngestListener> {
  const config = ingestConfigFromEnv(env);
  const service = createIngestService({ store, config });
  const server = createIngestServer({ store, service, config, observer: observabilityFor(env).ingest });
  const close = async () => {
    await closeGracefully(server);
    // After the listener: every acknowledged span is written before the caller closes the store.
    await service.close();
  };
  try {
    await service.keys.refresh();
    await service.pricers.refresh();
    const url = await listen(server, env.PROMPTMETRICS_OTLP_PORT, env.PROMPTMETRICS_HOST, "PROMPTMETRICS_OTLP_PORT");
    return { url, pricers: service.pricers, service, close };
  } catch (error) {
    await close();
    throw error;
  }
}
