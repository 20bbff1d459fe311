// structure.sql must be what the migrations produce: regenerate it with `npm run structure`.
import assert from "node:assert/strict";
import fs from "node:fs";
import { test } from "node:test";
import { migrate, openStore } from "../../src/index.ts";
import { dumpStructure } from "../../src/structure.ts";
import { tempDataDir } from "../backends.ts";

test("clickhouse/structure.sql matches the schema the migrations build", async () => {
  const dataDir = tempDataDir();
  const store = openStore({ kind: "embedded", dataDir });
  try {
    await migrate(store);
    const expected = await dumpStructure(store);
    const committed = fs.readFileSync(new URL("../../structure.sql", import.meta.url), "utf8");
    assert.equal(committed, expected, "structure.sql is stale: run `npm run structure` and commit the result");
  } finally {
    await store.close();
    fs.rmSync(dataDir, { recursive: true, force: true });
  }
});
