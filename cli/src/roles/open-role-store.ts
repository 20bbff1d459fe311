// Opens the store for a single-role service (ingest or api) and checks that it is migrated. A role never
// migrates: several replicas starting together would run the same DDL at once, so the schema is brought
// up to date by `promptmetrics migrate`, run once before them (the compose stack's migrate service).
import { assertSchemaCurrent, openStore, storeConfigFromEnv, type Store } from "@promptmetrics/clickhouse";
import type { Env } from "../env.ts";
import { markDataDirHolder } from "../serve/holder-file.ts";

export interface RoleStore {
  store: Store;
  /** Records which process holds an embedded data directory (for other commands' messages); removed on close. */
  markHolder(url: string): void;
  close(): Promise<void>;
}

export async function openRoleStore(env: Env): Promise<RoleStore> {
  const store = openStore(storeConfigFromEnv(env));
  let removeHolderFile = () => {};
  try {
    await assertSchemaCurrent(store);
  } catch (error) {
    await store.close();
    throw error;
  }
  return {
    store,
    markHolder(url) {
      removeHolderFile = markDataDirHolder(store, env.PROMPTMETRICS_DATA_DIR, url);
    },
    async close() {
      await store.close();
      removeHolderFile();
    },
  };
}
