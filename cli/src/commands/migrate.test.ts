// `promptmetrics migrate --cluster/--print` as the command runs it: --print writes the script and touches
// no store; --cluster without a server is refused before anything is opened.
import assert from "node:assert/strict";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { after, test } from "node:test";
import {
  ClusterNameError,
  ClusterNeedsServerError,
  formatMigrationScript,
  loadMigrations,
  StoreUnavailableError,
} from "@promptmetrics/clickhouse";
import { parseEnv } from "../env.ts";
import { runMigrate } from "./migrate.ts";

const parent = fs.mkdtempSync(path.join(os.tmpdir(), "pm-migrate-cmd-"));
after(() => fs.rmSync(parent, { recursive: true, force: true }));

/** A data directory that does not exist yet: opening the embedded store would create it. */
const unusedDataDir = () => fs.mkdtempSync(path.join(parent, "case-")) + "/data";

async function stdoutOf(run: () => Promise<void>): Promise<string> {
  const write = process.stdout.write;
  let output = "";
  process.stdout.write = ((chunk: string | Uint8Array) => {
    output += String(chunk);
    return true;
  }) as typeof process.stdout.write;
  try {
    await run();
  } finally {
    process.stdout.write = write;
  }
  return output;
}

test("--cluster pm --print writes the cluster script and opens no store", async () => {
  const dataDir = unusedDataDir();
  const output = await stdoutOf(() => runMigrate(parseEnv({ PROMPTMETRICS_DATA_DIR: dataDir }), { cluster: "pm", print: true }));
  assert.equal(output, formatMigrationScript(loadMigrations(), { cluster: "pm" }));
  assert.match(output, /\n-- 0001_spans\.sql\nCREATE TABLE IF NOT EXISTS spans_local ON CLUSTER pm\n\(/);
  assert.match(
    output,
    /;\n\n-- 0001_spans\.sql\nCREATE TABLE IF NOT EXISTS spans ON CLUSTER pm AS spans_local\nENGINE = Distributed\(pm, /,
  );
  assert.equal(fs.existsSync(dataDir), false);
});

test("--print without a cluster writes the plain statements", async () => {
  const dataDir = unusedDataDir();
  const output = await stdoutOf(() => runMigrate(parseEnv({ PROMPTMETRICS_DATA_DIR: dataDir }), { print: true }));
  assert.match(output, /\n-- 0001_spans\.sql\nCREATE TABLE IF NOT EXISTS spans\n\(/);
  assert.doesNotMatch(output, /ON CLUSTER|Replicated|Distributed/);
  assert.equal(fs.existsSync(dataDir), false);
});

test("--cluster on the embedded store is refused: a cluster needs a server", async () => {
  const dataDir = unusedDataDir();
  await assert.rejects(runMigrate(parseEnv({ PROMPTMETRICS_DATA_DIR: dataDir }), { cluster: "pm", print: false }), (error: unknown) => {
    assert.ok(error instanceof ClusterNeedsServerError);
    assert.match(error.message, /^A cluster needs a ClickHouse server: .*cluster "pm".*Set CLICKHOUSE_URL/);
    return true;
  });
  assert.equal(fs.existsSync(dataDir), false);
});

test("a cluster name that could not be in remote_servers is refused, and nothing is printed", async () => {
  let output = "";
  await assert.rejects(async () => {
    output = await stdoutOf(() => runMigrate(parseEnv({}), { cluster: "pm; DROP TABLE spans", print: true }));
  }, ClusterNameError);
  assert.equal(output, "");
});

test("--cluster with CLICKHOUSE_URL talks to that server", async () => {
  const env = parseEnv({ CLICKHOUSE_URL: "http://127.0.0.1:1" });
  await assert.rejects(runMigrate(env, { cluster: "pm", print: false }), StoreUnavailableError);
});
