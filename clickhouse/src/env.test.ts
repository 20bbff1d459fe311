import assert from "node:assert/strict";
import { test } from "node:test";
import { storeConfigFromEnv, storeEnvSchema } from "./env.ts";

test("no CLICKHOUSE_URL: the embedded store on the data directory", () => {
  assert.deepEqual(storeConfigFromEnv(storeEnvSchema.parse({ PROMPTMETRICS_DATA_DIR: "/var/pm" })), {
    kind: "embedded",
    dataDir: "/var/pm",
  });
});

test("a single server inserts asynchronously and waits for the flush, unless turned off", () => {
  const config = storeConfigFromEnv(storeEnvSchema.parse({ CLICKHOUSE_URL: "http://ch:8123", CLICKHOUSE_DATABASE: "pm" }));
  assert.equal(config.kind, "server");
  assert.deepEqual(config.kind === "server" && config.insertSettings, {
    async_insert: 1,
    wait_for_async_insert: 1,
    async_insert_busy_timeout_max_ms: 200,
  });
  const off = storeConfigFromEnv(
    storeEnvSchema.parse({ CLICKHOUSE_URL: "http://ch:8123", PROMPTMETRICS_CLICKHOUSE_ASYNC_INSERT: "false" }),
  );
  assert.deepEqual(off.kind === "server" && off.insertSettings, {});
});

test("a cluster inserts through Distributed tables in the foreground with a majority quorum", () => {
  const config = storeConfigFromEnv(storeEnvSchema.parse({ CLICKHOUSE_URL: "http://ch:8123", CLICKHOUSE_CLUSTER: "pm_cluster" }));
  assert.ok(config.kind === "server");
  assert.equal(config.cluster, "pm_cluster");
  assert.deepEqual(config.insertSettings, { distributed_foreground_insert: 1, insert_quorum: "auto" });
  assert.deepEqual(config.settings, { distributed_product_mode: "global", select_sequential_consistency: "1" });
});

test("bad values name the variable", () => {
  const result = storeEnvSchema.safeParse({ CLICKHOUSE_CLUSTER: "my-cluster", PROMPTMETRICS_CLICKHOUSE_ASYNC_INSERT: "maybe" });
  assert.ok(!result.success);
  assert.deepEqual(result.error.issues.map((issue) => issue.path[0]).sort(), [
    "CLICKHOUSE_CLUSTER",
    "PROMPTMETRICS_CLICKHOUSE_ASYNC_INSERT",
  ]);
});
