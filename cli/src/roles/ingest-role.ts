// `promptmetrics ingest`: the OTLP/HTTP receiver alone, on PROMPTMETRICS_OTLP_PORT. Stateless apart from
// its write queue, so any number of replicas can run against one ClickHouse server behind a load
// balancer (`docker compose up --scale ingest=N`): keys and price overrides are re-read from the store,
// duplicates are checked against the store, and shutdown writes everything it acknowledged.
import type { Env } from "../env.ts";
import { startIngestListener } from "../serve/ingest-listener.ts";
import { openRoleStore } from "./open-role-store.ts";

export interface RunningRole {
  url: string;
  location: string;
  stop(): Promise<void>;
}

export async function startIngestRole(env: Env): Promise<RunningRole> {
  const roleStore = await openRoleStore(env);
  try {
    const ingest = await startIngestListener(roleStore.store, env);
    roleStore.markHolder(ingest.url);
    const stop = async () => {
      await ingest.close();
      await roleStore.close();
    };
    return { url: ingest.url, location: roleStore.store.location, stop };
  } catch (error) {
    await roleStore.close();
    throw error;
  }
}
