// Behaviour only the embedded store has: one process per data directory, and separate Sessions so a
// slow read never holds up a write.
import assert from "node:assert/strict";
import { spawnSync } from "node:child_process";
import fs from "node:fs";
import path from "node:path";
import { after, test } from "node:test";
import { HOLDER_FILE, openStore, StoreLockedError } from "../../src/index.ts";
import { tempDataDir } from "../backends.ts";

const dataDir = tempDataDir();
const store = openStore({ kind: "embedded", dataDir });
after(async () => {
  await store.close();
  fs.rmSync(dataDir, { recursive: true, force: true });
});

test("a second process opening the same data directory gets a StoreLockedError that says what to do", () => {
  fs.writeFileSync(path.join(dataDir, HOLDER_FILE), JSON.stringify({ pid: 4242, url: "http://127.0.0.1:3000" }));
  const script = `
    import { openStore, StoreLockedError } from ${JSON.stringify(new URL("../../src/index.ts", import.meta.url).href)};
    try { openStore({ kind: "embedded", dataDir: ${JSON.stringify(dataDir)} }); console.log("opened"); }
    catch (e) { console.log(e instanceof StoreLockedError ? "locked: " + e.message : "other: " + e); }`;
  const child = spawnSync(process.execPath, ["--input-type=module", "-e", script], { encoding: "utf8" });
  assert.match(child.stdout, /^locked: The data directory .* is in use by another process \(pid 4242, http:\/\/127\.0\.0\.1:3000\)/);
  assert.match(child.stdout, /stop the running PromptMetrics server/);
  assert.ok(StoreLockedError);
});

test("a write completes while a slow read is still running on the same data directory", async () => {
  await store.command("CREATE TABLE events (x UInt32) ENGINE = MergeTree ORDER BY x");
  const order: string[] = [];
  const slowRead = store.query("SELECT sleep(2) AS s").then(() => order.push("read"));
  await new Promise((resolve) => setImmediate(resolve));
  await store.insert("events", [{ x: 1 }]).then(() => order.push("write"));
  await slowRead;
  assert.deepEqual(order, ["write", "read"]);
});

test("close is idempotent and the directory opens again with its data", async () => {
  await store.close();
  await store.close();
  const again = openStore({ kind: "embedded", dataDir });
  assert.deepEqual(await again.query("SELECT x FROM events"), [{ x: 1 }]);
  await again.close();
});
