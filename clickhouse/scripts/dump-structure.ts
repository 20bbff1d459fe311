// `npm run structure`: applies the migrations to a scratch embedded store and writes clickhouse/structure.sql.
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { migrate, openStore } from "../src/index.ts";
import { dumpStructure } from "../src/structure.ts";

const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), "pm-structure-"));
const store = openStore({ kind: "embedded", dataDir });
try {
  await migrate(store);
  const target = new URL("../structure.sql", import.meta.url);
  fs.writeFileSync(target, await dumpStructure(store));
  console.log(`wrote ${target.pathname}`);
} finally {
  await store.close();
  fs.rmSync(dataDir, { recursive: true, force: true });
}
