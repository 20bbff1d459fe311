// Records which process holds an embedded data directory (its pid and URL), so that another command
// refused by the directory's lock can say who holds it. A server store has no directory: nothing to do.
import fs from "node:fs";
import path from "node:path";
import { HOLDER_FILE, type Store } from "@promptmetrics/clickhouse";

/** Writes the holder file when `store` is embedded; returns what removes it again. */
export function markDataDirHolder(store: Store, dataDir: string, url: string): () => void {
  if (store.kind !== "embedded") return () => {};
  const file = path.join(path.resolve(dataDir), HOLDER_FILE);
  fs.writeFileSync(file, JSON.stringify({ pid: process.pid, url }));
  return () => fs.rmSync(file, { force: true });
}
