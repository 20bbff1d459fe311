// The embedded engine's memory cap (maxMemoryBytes, PROMPTMETRICS_EMBEDDED_MEMORY_BYTES): a query that
// needs more than the cap fails with MEMORY_LIMIT_EXCEEDED instead of the process growing, and the store
// goes on working. Its own file: the cap is process-wide, set by the Session that starts the engine.
import assert from "node:assert/strict";
import fs from "node:fs";
import { after, test } from "node:test";
import { openStore, StoreUnavailableError } from "../../src/index.ts";
import { tempDataDir } from "../backends.ts";

const CAP = 256 * 1024 ** 2;
const dataDir = tempDataDir();
const store = openStore({ kind: "embedded", dataDir, maxMemoryBytes: CAP });
after(async () => {
  await store.close();
  fs.rmSync(dataDir, { recursive: true, force: true });
});

test("the engine runs with the configured cap", async () => {
  const [row] = await store.query<{ value: string }>("SELECT value FROM system.server_settings WHERE name = 'max_server_memory_usage'");
  assert.equal(row?.value, String(CAP));
});

test("a query needing more memory than the cap fails with MEMORY_LIMIT_EXCEEDED (241), and the store goes on working", async () => {
  // 100M UInt64 in one array: about 800 MB, three times the cap.
  await assert.rejects(store.query("SELECT length(groupArray(number)) AS n FROM numbers(100000000)"), (error: unknown) => {
    assert.ok(error instanceof StoreUnavailableError, String(error));
    assert.equal(error.clickhouseCode, 241);
    assert.match(error.message, /\(total\) memory limit exceeded/);
    return true;
  });
  await store.command("CREATE TABLE after_limit (x UInt32) ENGINE = MergeTree ORDER BY x");
  await store.insert("after_limit", [{ x: 1 }, { x: 2 }]);
  assert.deepEqual(await store.query("SELECT count() AS n FROM after_limit"), [{ n: 2 }]);
});
