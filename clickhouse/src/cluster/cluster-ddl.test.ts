// The cluster DDL of every migration, checked four ways: against a committed snapshot (the exact script
// `promptmetrics migrate --cluster pm --print` writes; UPDATE_SNAPSHOTS=1 rewrites it), by the real
// ClickHouse parser (formatQuery), by its shape, and by running it on chDB set up as a one-host cluster.
// chDB has no DDL queue and cannot write Replicated tables, so the run drops ON CLUSTER (on one host it
// means "here") and uses each engine's plain form; the Distributed tables, the views reading `_local` and
// the ALTERs of both run as rendered. A second pass creates the Replicated tables themselves against
// ClickHouse's in-memory test Keeper, which checks their engine arguments and macros.
// The store cannot take a server configuration, so this file opens one chDB Session of its own.
import assert from "node:assert/strict";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { after, before, test } from "node:test";
import { drainPending, Session } from "chdb";
import { loadMigrations } from "../migrations.ts";
import { splitStatements } from "../split-statements.ts";
import { formatMigrationScript } from "./migration-script.ts";
import { renderClusterStatement, type TablePlacements } from "./render-cluster-ddl.ts";
import { TABLE_PLACEMENTS } from "./table-placement.ts";

const CLUSTER = "pm";
const SNAPSHOT = new URL("./__snapshots__/cluster-ddl.sql", import.meta.url);

// One shard with one replica, "localhost:9000". With tcp_port 9000 the engine takes that address for
// itself, so the Distributed tables read and write the local tables without a network hop.
const ONE_HOST_CLUSTER = `<clickhouse>
  <tcp_port>9000</tcp_port>
  <remote_servers><${CLUSTER}><shard><replica><host>localhost</host><port>9000</port></replica></shard></${CLUSTER}></remote_servers>
  <macros><shard>01</shard><replica>r1</replica></macros>
  <zookeeper><implementation>testkeeper</implementation></zookeeper>
</clickhouse>
`;

let dir: string;
let session: Session;

before(() => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), "pm-cluster-ddl-"));
  fs.writeFileSync(path.join(dir, "config.xml"), ONE_HOST_CLUSTER);
  session = new Session(path.join(dir, "data"), { connectionArgs: [`--config-file=${path.join(dir, "config.xml")}`] });
});

after(async () => {
  session.close();
  await drainPending();
  fs.rmSync(dir, { recursive: true, force: true });
});

const run = async (sql: string) => (await session.queryAsync(sql, { format: "TabSeparated" })).text();
const rows = async <Row>(sql: string, params: Record<string, unknown> = {}): Promise<Row[]> => {
  const result = await session.queryBindAsync(sql, params, { format: "JSONEachRow" });
  return result
    .text()
    .split("\n")
    .filter(Boolean)
    .map((line) => JSON.parse(line) as Row);
};

/** What running `statement` ON CLUSTER does on this one host, in a form chDB can execute. */
const onOneHost = (statement: string) =>
  statement.replace(` ON CLUSTER ${CLUSTER}`, "").replace(/\bReplicated(\w*MergeTree)\('[^']*', '[^']*'(?:, )?/, "$1(");

const clusterScript = () => formatMigrationScript(loadMigrations(), { cluster: CLUSTER });

test("the cluster DDL of every migration matches the committed snapshot", () => {
  const script = clusterScript();
  if (process.env.UPDATE_SNAPSHOTS === "1") fs.writeFileSync(SNAPSHOT, script);
  const committed = fs.existsSync(SNAPSHOT) ? fs.readFileSync(SNAPSHOT, "utf8") : "(no snapshot)";
  assert.equal(
    script,
    committed,
    "clickhouse/src/cluster/__snapshots__/cluster-ddl.sql is stale: regenerate it with " +
      "`UPDATE_SNAPSHOTS=1 npx node --test clickhouse/src/cluster/cluster-ddl.test.ts` and review the diff",
  );
});

test("every rendered statement parses in ClickHouse, with its ON CLUSTER clause", async () => {
  const statements = splitStatements(clusterScript());
  assert.ok(statements.length > 40);
  for (const statement of statements) {
    const [parsed] = await rows<{ sql: string }>("SELECT formatQuery({q:String}) AS sql", { q: statement });
    if (statement.startsWith("INSERT INTO schema_migrations")) continue;
    assert.match(parsed!.sql, /^(CREATE|ALTER) [^\n]*\bON CLUSTER pm\b/, statement.slice(0, 80));
  }
});

test("each migration statement has its cluster shape", () => {
  const created = new Set<string>();
  for (const migration of loadMigrations()) {
    for (const original of migration.statements) {
      const rendered = renderClusterStatement(original, CLUSTER);
      const where = `${migration.name}: ${original.slice(0, 60)}`;
      for (const statement of rendered)
        assert.match(
          statement,
          /^(CREATE TABLE IF NOT EXISTS|CREATE MATERIALIZED VIEW IF NOT EXISTS|CREATE OR REPLACE VIEW|CREATE OR REPLACE TABLE|ALTER TABLE) \w+ ON CLUSTER pm\b/,
          where,
        );
      const name = /^(?:CREATE TABLE IF NOT EXISTS|CREATE MATERIALIZED VIEW IF NOT EXISTS|CREATE OR REPLACE VIEW|ALTER TABLE) (\w+)/.exec(
        original,
      )![1]!;
      if (original.startsWith("CREATE TABLE")) {
        created.add(name);
        const placement = TABLE_PLACEMENTS[name];
        assert.equal(placement?.kind, "sharded", where);
        assert.equal(rendered.length, 2, where);
        assert.match(rendered[0]!, new RegExp(`^CREATE TABLE IF NOT EXISTS ${name}_local ON CLUSTER pm\\n`), where);
        assert.match(
          rendered[0]!,
          new RegExp(
            `\\nENGINE = Replicated\\w*MergeTree\\('/clickhouse/tables/\\{shard\\}/\\{database\\}/${name}_local', '\\{replica\\}'[,)]`,
          ),
          where,
        );
        assert.equal(
          rendered[1],
          `CREATE TABLE IF NOT EXISTS ${name} ON CLUSTER pm AS ${name}_local\n` +
            `ENGINE = Distributed(pm, currentDatabase(), ${name}_local, cityHash64(${placement.kind === "sharded" ? placement.shardBy.join(", ") : ""}))`,
          where,
        );
      } else if (original.startsWith("CREATE MATERIALIZED VIEW")) {
        assert.equal(rendered.length, 1, where);
        const [, target, source, alias] = / TO (\w+) AS\n[\s\S]*\bFROM (\w+) AS (\w+)\n/.exec(rendered[0]!) ?? [];
        assert.ok(target?.endsWith("_local") && source?.endsWith("_local"), `${where}: reads ${source}, writes ${target}`);
        assert.equal(`${alias}_local`, source, where);
      } else if (original.startsWith("CREATE OR REPLACE VIEW")) {
        assert.deepEqual(rendered, [original.replace(`VIEW ${name} AS`, `VIEW ${name} ON CLUSTER pm AS`)], where);
        assert.doesNotMatch(original, /_local\b/, where);
      } else if (/^ALTER TABLE \w+ MODIFY QUERY\s/.test(original)) {
        // A materialized view's new SELECT: the view keeps its name on every host and reads the local source.
        assert.equal(rendered.length, 1, where);
        assert.ok(rendered[0]!.startsWith(`ALTER TABLE ${name} ON CLUSTER pm MODIFY QUERY`), where);
        assert.match(rendered[0]!, /\bFROM (\w+)_local AS \1\n/, where);
      } else {
        assert.equal(rendered[0], original.replace(`ALTER TABLE ${name} `, `ALTER TABLE ${name}_local ON CLUSTER pm `), where);
        if (/^ALTER TABLE \w+ (ADD|DROP|MODIFY|RENAME|COMMENT) COLUMN /.test(original)) {
          assert.equal(rendered[1], original.replace(`ALTER TABLE ${name} `, `ALTER TABLE ${name} ON CLUSTER pm `), where);
        }
        if (/^ALTER TABLE \w+\s+(ADD|DROP) CONSTRAINT /.test(original)) {
          const placement = TABLE_PLACEMENTS[name];
          assert.equal(
            rendered[1],
            `CREATE OR REPLACE TABLE ${name} ON CLUSTER pm AS ${name}_local\n` +
              `ENGINE = Distributed(pm, currentDatabase(), ${name}_local, cityHash64(${placement?.kind === "sharded" ? placement.shardBy.join(", ") : ""}))`,
            where,
          );
        }
      }
    }
  }
  const placed = Object.keys(TABLE_PLACEMENTS).filter((table) => table !== "schema_migrations");
  assert.deepEqual([...created].sort(), placed.sort(), "TABLE_PLACEMENTS lists exactly the tables the migrations create");
});

test("the Replicated tables are accepted by ClickHouse with a Keeper, on the paths and replica names rendered", async () => {
  const creates = splitStatements(clusterScript()).filter((statement) =>
    /^CREATE TABLE IF NOT EXISTS \w+ ON CLUSTER pm\n\(/.test(statement),
  );
  await run("CREATE DATABASE replicated_check");
  try {
    for (const statement of creates) {
      await run(statement.replace(/^CREATE TABLE IF NOT EXISTS (\w+) ON CLUSTER pm\n/, "CREATE TABLE IF NOT EXISTS replicated_check.$1\n"));
    }
    const replicas = await rows<{ table: string; zookeeper_path: string; replica_name: string }>(
      "SELECT table, zookeeper_path, replica_name FROM system.replicas WHERE database = 'replicated_check' ORDER BY table",
    );
    assert.equal(replicas.length, creates.length);
    for (const replica of replicas) {
      if (replica.table === "schema_migrations") {
        assert.deepEqual(replica, {
          table: "schema_migrations",
          zookeeper_path: "/clickhouse/tables/every_host/replicated_check/schema_migrations",
          replica_name: "01-r1",
        });
      } else {
        assert.match(replica.table, /_local$/);
        assert.deepEqual(replica, {
          table: replica.table,
          zookeeper_path: `/clickhouse/tables/01/replicated_check/${replica.table}`,
          replica_name: "r1",
        });
      }
    }
  } finally {
    // Replicated tables left behind make chDB crash when the session closes.
    await run("DROP DATABASE IF EXISTS replicated_check SYNC");
  }
});

test("on a one-host cluster the rendered schema takes the app's writes through the Distributed tables", async () => {
  for (const statement of splitStatements(clusterScript())) await run(onOneHost(statement));

  const span = (fields: Record<string, unknown>) => ({
    project_id: "p1",
    trace_id: "t1",
    start_time: "2026-11-02 10:15:00",
    end_time: "2026-11-02 10:15:01",
    duration_ns: 1_000_000_000,
    is_llm: true,
    provider: "openai",
    model: "gpt-5",
    input_tokens: 100,
    output_tokens: 10,
    cost_usd: "0.001",
    version: 1,
    ...fields,
  });
  const insertSpans = (rowsToWrite: object[]) =>
    session.insert({
      table: "spans",
      values: Buffer.from(rowsToWrite.map((row) => JSON.stringify(row)).join("\n")),
      format: "JSONEachRow",
    });
  await insertSpans([span({ span_id: "s1" }), span({ span_id: "s2", input_tokens: 50, quality_flags: 8 })]);
  await insertSpans([span({ span_id: "s1", cost_usd: "0.002", version: 2, is_revision: true })]); // a reprice, later

  assert.deepEqual(await rows("SELECT count() AS n FROM spans_local"), [{ n: 3 }], "every row reached the shard's local table");
  assert.deepEqual(
    await rows("SELECT count() AS runs, toString(sum(cost_usd)) AS cost FROM llm_runs WHERE project_id = 'p1'"),
    [{ runs: 2, cost: "0.003" }],
    "llm_runs reads the Distributed spans FINAL: the revision replaces the first write",
  );
  assert.deepEqual(
    await rows(
      "SELECT sum(requests) AS requests, sum(input_tokens) AS input, sum(quality_runs) AS quality, sum(quality_ok_runs) AS ok " +
        "FROM rollup_model_hourly WHERE project_id = 'p1' GROUP BY model",
    ),
    [{ requests: 2, input: 150, quality: 2, ok: 1 }],
    "the views fired on the local spans and wrote the local rollup, which the Distributed rollup reads",
  );

  const feedback = {
    project_id: "p1",
    span_id: "s1",
    trace_id: "t1",
    provider: "openai",
    status_code: "ok",
    tags: ["a"],
    ingest_key_id: "k1",
    rating: 5,
    version: 1,
  };
  await session.insert({ table: "feedback", values: Buffer.from(JSON.stringify(feedback)), format: "JSONEachRow" });
  assert.deepEqual(await rows("SELECT provider, tags, rating FROM feedback FINAL"), [{ provider: "openai", tags: ["a"], rating: 5 }]);

  const migrations = loadMigrations();
  assert.deepEqual(await rows("SELECT count() AS n, max(version) AS newest FROM schema_migrations"), [
    { n: migrations.length, newest: migrations.at(-1)!.version },
  ]);
});

test("on a one-host cluster every ALTER form runs, and the Distributed table keeps the local table's columns", async () => {
  const placements: TablePlacements = { widgets: { kind: "sharded", shardBy: ["id"] } };
  const statements = [
    "CREATE TABLE IF NOT EXISTS widgets (id String, at DateTime('UTC'), name String, version UInt64) ENGINE = ReplacingMergeTree(version) ORDER BY id",
    "ALTER TABLE widgets ADD COLUMN IF NOT EXISTS size UInt32 DEFAULT 0 AFTER name",
    "ALTER TABLE widgets MODIFY COLUMN size UInt64 DEFAULT 1",
    "ALTER TABLE widgets RENAME COLUMN size TO weight",
    "ALTER TABLE widgets COMMENT COLUMN weight 'grams'",
    "ALTER TABLE widgets ADD INDEX idx_name name TYPE bloom_filter(0.01) GRANULARITY 1",
    "ALTER TABLE widgets MATERIALIZE INDEX idx_name",
    "ALTER TABLE widgets MODIFY TTL at + toIntervalDay(30) SETTINGS materialize_ttl_after_modify = 0",
    "ALTER TABLE widgets MODIFY SETTING merge_with_ttl_timeout = 3600, ttl_only_drop_parts = 1",
    "ALTER TABLE widgets RESET SETTING ttl_only_drop_parts",
    "ALTER TABLE widgets ADD COLUMN colour LowCardinality(String), ADD INDEX idx_colour colour TYPE set(100) GRANULARITY 1",
    "ALTER TABLE widgets DROP INDEX idx_name",
    "ALTER TABLE widgets REMOVE TTL",
    "ALTER TABLE widgets DROP COLUMN IF EXISTS name",
  ];
  for (const statement of statements) {
    for (const rendered of renderClusterStatement(statement, CLUSTER, placements)) await run(onOneHost(rendered));
  }
  const columns = (table: string) =>
    rows<{ name: string; type: string }>(
      "SELECT name, type FROM system.columns WHERE database = currentDatabase() AND table = {table:String} ORDER BY position",
      { table },
    );
  const local = await columns("widgets_local");
  assert.deepEqual(
    local.map((column) => column.name),
    ["id", "at", "weight", "version", "colour"],
  );
  assert.deepEqual(await columns("widgets"), local);
  assert.deepEqual(
    await rows("SELECT name FROM system.data_skipping_indices WHERE database = currentDatabase() AND table = 'widgets_local'"),
    [{ name: "idx_colour" }],
  );
});

test("on a one-host cluster a widened constraint admits the new value through the Distributed table", async () => {
  const placements: TablePlacements = { gadgets: { kind: "sharded", shardBy: ["id"] } };
  const statements = [
    "CREATE TABLE IF NOT EXISTS gadgets (id String, kind String, CONSTRAINT known_kind CHECK kind IN ('a')) ENGINE = MergeTree ORDER BY id",
    "ALTER TABLE gadgets DROP CONSTRAINT IF EXISTS known_kind, ADD CONSTRAINT IF NOT EXISTS known_kind CHECK kind IN ('a', 'b')",
  ];
  for (const statement of statements) {
    for (const rendered of renderClusterStatement(statement, CLUSTER, placements)) await run(onOneHost(rendered));
  }
  const insert = (kind: string) =>
    session.insert({ table: "gadgets", values: Buffer.from(JSON.stringify({ id: kind, kind })), format: "JSONEachRow" });
  await insert("b");
  await assert.rejects(async () => insert("c"), /known_kind/);
  assert.deepEqual(await rows("SELECT kind FROM gadgets"), [{ kind: "b" }]);
});
