// `promptmetrics ingest`: the OTLP/HTTP receiver alone, on PROMPTMETRICS_OTLP_PORT. Stateless apart from
// its write queue, so any number of replicas can run against one ClickHouse server behind a load
// balancer (`docker compose up --scale ingest=N`): keys and price overrides are re-read from the store,
// duplicates are checked against the store, and shutdown writes everything it acknowledged.
import { createIngestServer, createIngestService, ingestConfigFromEnv } from "@promptmetrics/ingest";
import type { Env } from "../env.ts";
import { closeGracefully, listen } from "../serve/listen.ts";
import { openRoleStore } from "./open-role-store.ts";

export interface RunningRole {
  url: string;
  location: string;
  stop(): Promise<void>;
}

export async function startIngestRole(env: Env): Promise<RunningRole> {
  const roleStore = await openRoleStore(env);
  const { store } = roleStore;
  const config = ingestConfigFromEnv(env);
  const service = createIngestService({ store, config });
  const server = createIngestServer({ store, service, config });
  const stop = async () => {
    await closeGracefully(server);
    // After the listener: every acknowledged span is written before the store closes.
    await service.close();
    await roleStore.close();
  };
  try {
    await service.keys.refresh();
    await service.pricers.refresh();
    const url = await listen(server, env.PROMPTMETRICS_OTLP_PORT, env.PROMPTMETRICS_HOST, "PROMPTMETRICS_OTLP_PORT");
    roleStore.markHolder(url);
    return { url, location: store.location, stop };
  } catch (error) {
    await stop();
    throw error;
  }
}
