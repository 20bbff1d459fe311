// Opens the configured store. The rest of the code base sees only the Store interface.
import { openEmbeddedStore, type EmbeddedStoreConfig } from "./embedded-store.ts";
import { openServerStore, type ServerStoreConfig } from "./server-store.ts";
import type { Store } from "./store.ts";

export type StoreConfig = ({ kind: "embedded" } & EmbeddedStoreConfig) | ({ kind: "server" } & ServerStoreConfig);

export function openStore(config: StoreConfig): Store {
  return config.kind === "server" ? openServerStore(config) : openEmbeddedStore(config);
}
