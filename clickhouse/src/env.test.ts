import assert from "node:assert/strict";
import { test } from "node:test";
import { storeConfigFromEnv, storeEnvSchema } from "./env.ts";

test("no CLICKHOUSE_URL: the embedded store on the data directory, its memory capped at 1 GiB", () => {
  assert.deepEqual(storeConfigFromEnv(storeEnvSchema.parse({ PROMPTMETRICS_DATA_DIR: "/var/pm" })), {
    kind: "embedded",
    dataDir: "/var/pm",
    maxMemoryBytes: 1073741824,
  });
});

test("PROMPTMETRICS_EMBEDDED_MEMORY_BYTES sets the embedded engine's cap; 0 leaves the engine's own", () => {
  const capped = storeConfigFromEnv(storeEnvSchema.parse({ PROMPTMETRICS_EMBEDDED_MEMORY_BYTES: "536870912" }));
  assert.equal(capped.kind === "embedded" && capped.maxMemoryBytes, 536870912);
  const uncapped = storeConfigFromEnv(storeEnvSchema.parse({ PROMPTMETRICS_EMBEDDED_MEMORY_BYTES: "0" }));
  assert.deepEqual(uncapped, { kind: "embedded", dataDir: "./data" });
  for (const bad of ["1024", "1GiB", "-1"]) {
    const result = storeEnvSchema.safeParse({ PROMPTMETRICS_EMBEDDED_MEMORY_BYTES: bad });
    assert.ok(!result.success, bad);
    assert.deepEqual(
      result.error.issues.map((issue) => issue.path[0]),
      ["PROMPTMETRICS_EMBEDDED_MEMORY_BYTES"],
    );
  }
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
