// The cluster renderer statement by statement: what each migration shape becomes, and the shapes it
// refuses (with a message that says what to do), so that a future migration is never rendered wrong.
import assert from "node:assert/strict";
import { test } from "node:test";
import { loadMigrations } from "../migrations.ts";
import { splitStatements } from "../split-statements.ts";
import { ClusterNameError, ClusterRenderError } from "./cluster-errors.ts";
import { formatMigrationScript } from "./migration-script.ts";
import { renderClusterMigrations, renderClusterStatement, type TablePlacements } from "./render-cluster-ddl.ts";

const PLACEMENTS: TablePlacements = {
  events: { kind: "sharded", shardBy: ["tenant", "id"] },
  totals: { kind: "sharded", shardBy: ["tenant"] },
  log: { kind: "sharded", shardBy: ["host"] },
  bookkeeping: { kind: "every-host" },
};
const render = (sql: string, cluster = "pm") => renderClusterStatement(sql, cluster, PLACEMENTS);
const refusal = (pattern: RegExp) => (error: unknown) => error instanceof ClusterRenderError && pattern.test(error.message);

test("a table becomes <name>_local with the Replicated engine, and a Distributed table keeps its name", () => {
  const rendered = render(
    "CREATE TABLE IF NOT EXISTS events\n(\n    tenant String,\n    id String,\n    version UInt64\n)\nENGINE = ReplacingMergeTree(version)\nORDER BY (tenant, id)",
  );
  assert.deepEqual(rendered, [
    "CREATE TABLE IF NOT EXISTS events_local ON CLUSTER pm\n(\n    tenant String,\n    id String,\n    version UInt64\n)\n" +
      "ENGINE = ReplicatedReplacingMergeTree('/clickhouse/tables/{shard}/{database}/events_local', '{replica}', version)\nORDER BY (tenant, id)",
    "CREATE TABLE IF NOT EXISTS events ON CLUSTER pm AS events_local\n" +
      "ENGINE = Distributed(pm, currentDatabase(), events_local, cityHash64(tenant, id))",
  ]);
});

test("an engine without arguments gets only the path and replica; an every-host table has no Distributed table", () => {
  const [local] = render(
    "CREATE TABLE IF NOT EXISTS log (host String, at DateTime) ENGINE = MergeTree ORDER BY (at) TTL at + INTERVAL 1 DAY",
  );
  assert.equal(
    local,
    "CREATE TABLE IF NOT EXISTS log_local ON CLUSTER pm (host String, at DateTime) " +
      "ENGINE = ReplicatedMergeTree('/clickhouse/tables/{shard}/{database}/log_local', '{replica}') ORDER BY (at) TTL at + INTERVAL 1 DAY",
  );
  assert.deepEqual(render("CREATE TABLE IF NOT EXISTS bookkeeping (version UInt32) ENGINE = MergeTree ORDER BY version"), [
    "CREATE TABLE IF NOT EXISTS bookkeeping ON CLUSTER pm (version UInt32) " +
      "ENGINE = ReplicatedMergeTree('/clickhouse/tables/every_host/{database}/bookkeeping', '{shard}-{replica}') ORDER BY version",
  ]);
});

test("a cluster name with a hyphen or dot is quoted; anything else is refused", () => {
  const [local, distributed] = render("CREATE TABLE IF NOT EXISTS log (host String) ENGINE = MergeTree ORDER BY host", "prod-eu.1");
  assert.match(local!, /^CREATE TABLE IF NOT EXISTS log_local ON CLUSTER `prod-eu\.1` \(/);
  assert.match(distributed!, /ON CLUSTER `prod-eu\.1` AS log_local\nENGINE = Distributed\(`prod-eu\.1`, /);
  for (const bad of ["", "pm x", "pm;DROP TABLE spans", "1pm", "pm`", "{cluster}"]) {
    assert.throws(
      () => render("CREATE TABLE IF NOT EXISTS log (host String) ENGINE = MergeTree ORDER BY host", bad),
      ClusterNameError,
      bad,
    );
  }
});

test("a table without a placement, or sharded off its sort key, or on a non-MergeTree engine is refused", () => {
  assert.throws(
    () => render("CREATE TABLE IF NOT EXISTS widgets (id String) ENGINE = MergeTree ORDER BY id"),
    refusal(/widgets has no placement.*TABLE_PLACEMENTS in clickhouse\/src\/cluster\/table-placement\.ts/),
  );
  assert.throws(
    () =>
      render(
        "CREATE TABLE IF NOT EXISTS events (tenant String, id String, v UInt64) ENGINE = ReplacingMergeTree(v) ORDER BY (tenant, toString(id))",
      ),
    refusal(/sharding key of events uses id, which is not in its ORDER BY key/),
  );
  assert.throws(
    () => render("CREATE TABLE IF NOT EXISTS totals (tenant String, n UInt64) ENGINE = AggregatingMergeTree ORDER BY tuple()"),
    refusal(/sharding key of totals uses tenant/),
  );
  // Plain MergeTree collapses nothing, so any sharding key is fine.
  assert.equal(render("CREATE TABLE IF NOT EXISTS log (host String, at DateTime) ENGINE = MergeTree ORDER BY at").length, 2);
  assert.throws(() => render("CREATE TABLE IF NOT EXISTS log (host String) ENGINE = Log"), refusal(/engine Log has no Replicated form/));
  assert.throws(() => render("CREATE TABLE IF NOT EXISTS db.log (host String) ENGINE = MergeTree ORDER BY host"), refusal(/unqualified/));
  assert.throws(
    () => render("CREATE TABLE log (host String) ENGINE = MergeTree ORDER BY host"),
    refusal(/only CREATE TABLE IF NOT EXISTS/),
  );
});

test("a materialized view reads and writes the _local tables, keeping the source's name as its alias", () => {
  const [view] = render(
    "CREATE MATERIALIZED VIEW IF NOT EXISTS totals_mv TO totals AS\nSELECT tenant, count() AS n, countIf(events.id = '') AS blank\nFROM events\nWHERE id != 'x, FROM log'\nGROUP BY tenant",
  );
  assert.equal(
    view,
    "CREATE MATERIALIZED VIEW IF NOT EXISTS totals_mv ON CLUSTER pm TO totals_local AS\n" +
      "SELECT tenant, count() AS n, countIf(events.id = '') AS blank\nFROM events_local AS events\nWHERE id != 'x, FROM log'\nGROUP BY tenant",
  );
  const [aliased] = render(
    "CREATE MATERIALIZED VIEW IF NOT EXISTS totals_mv TO totals AS SELECT e.tenant, count() AS n FROM events AS e GROUP BY e.tenant",
  );
  assert.match(aliased!, /FROM events_local AS e GROUP BY/);
  const [extracting] = render(
    "CREATE MATERIALIZED VIEW IF NOT EXISTS totals_mv TO totals AS SELECT tenant, count() AS n FROM events WHERE extract(YEAR FROM now()) > 2000 GROUP BY tenant",
  );
  assert.match(extracting!, /FROM events_local AS events WHERE extract\(YEAR FROM now\(\)\)/);
});

test("a materialized view that joins, reads a second table or writes a table that is not sharded is refused", () => {
  assert.throws(
    () =>
      render(
        "CREATE MATERIALIZED VIEW IF NOT EXISTS totals_mv TO totals AS SELECT tenant, count() AS n FROM events JOIN log ON log.host = events.id GROUP BY tenant",
      ),
    refusal(/JOIN would join against one shard's rows only/),
  );
  assert.throws(
    () =>
      render(
        "CREATE MATERIALIZED VIEW IF NOT EXISTS totals_mv TO totals AS SELECT tenant, count() AS n FROM events WHERE id IN (SELECT host FROM log) GROUP BY tenant",
      ),
    refusal(/exactly one table/),
  );
  assert.throws(
    () =>
      render(
        "CREATE MATERIALIZED VIEW IF NOT EXISTS totals_mv TO totals AS SELECT tenant, n FROM (SELECT tenant, count() AS n FROM events GROUP BY tenant)",
      ),
    refusal(/exactly one table/),
  );
  assert.throws(
    () => render("CREATE MATERIALIZED VIEW IF NOT EXISTS b_mv TO bookkeeping AS SELECT 1 AS version FROM events"),
    refusal(/target of a materialized view must be a sharded table/),
  );
  assert.throws(
    () => render("CREATE MATERIALIZED VIEW IF NOT EXISTS t_mv TO totals AS SELECT 1 AS n FROM unknown_table"),
    refusal(/unknown_table has no placement/),
  );
});

test("a view's MODIFY QUERY is changed on every host and reads the _local source, as its CREATE does", () => {
  assert.deepEqual(
    render(
      "ALTER TABLE totals_mv MODIFY QUERY\nSELECT tenant, count() AS n, countIf(events.id = '') AS blank\nFROM events\nGROUP BY tenant",
    ),
    [
      "ALTER TABLE totals_mv ON CLUSTER pm MODIFY QUERY\n" +
        "SELECT tenant, count() AS n, countIf(events.id = '') AS blank\nFROM events_local AS events\nGROUP BY tenant",
    ],
  );
  assert.deepEqual(render("ALTER TABLE totals_mv MODIFY QUERY SELECT e.tenant, count() AS n FROM events AS e GROUP BY e.tenant"), [
    "ALTER TABLE totals_mv ON CLUSTER pm MODIFY QUERY SELECT e.tenant, count() AS n FROM events_local AS e GROUP BY e.tenant",
  ]);
  assert.throws(
    () =>
      render("ALTER TABLE totals_mv MODIFY QUERY SELECT tenant, count() AS n FROM events JOIN log ON log.host = events.id GROUP BY tenant"),
    refusal(/JOIN would join against one shard's rows only/),
  );
  assert.throws(
    () => render("ALTER TABLE totals_mv MODIFY QUERY SELECT tenant, count() AS n FROM bookkeeping GROUP BY tenant"),
    refusal(/source of a materialized view must be a sharded table/),
  );
  assert.throws(
    () => render("ALTER TABLE events MODIFY QUERY SELECT tenant FROM log"),
    refusal(/MODIFY QUERY changes a materialized view, and events is a storage table/),
  );
  assert.throws(() => render("ALTER TABLE totals_mv MODIFY QUERY 1"), refusal(/expected a SELECT/));
});

test("a plain view keeps reading the Distributed tables: only ON CLUSTER is added", () => {
  assert.deepEqual(render("CREATE OR REPLACE VIEW recent AS\nSELECT * FROM events FINAL WHERE tenant != ''"), [
    "CREATE OR REPLACE VIEW recent ON CLUSTER pm AS\nSELECT * FROM events FINAL WHERE tenant != ''",
  ]);
});

test("column changes reach the _local table first, then the Distributed one; storage changes only _local", () => {
  for (const command of [
    "ADD COLUMN IF NOT EXISTS kind LowCardinality(String) DEFAULT '' AFTER id",
    "DROP COLUMN IF EXISTS kind",
    "MODIFY COLUMN kind String DEFAULT 'x'",
    "RENAME COLUMN kind TO sort",
    "COMMENT COLUMN kind 'what it is'",
  ]) {
    assert.deepEqual(render(`ALTER TABLE events ${command}`), [
      `ALTER TABLE events_local ON CLUSTER pm ${command}`,
      `ALTER TABLE events ON CLUSTER pm ${command}`,
    ]);
  }
  for (const command of [
    "ADD INDEX idx_id id TYPE bloom_filter(0.01) GRANULARITY 1",
    "DROP INDEX idx_id",
    "MATERIALIZE INDEX idx_id",
    "MODIFY TTL toDateTime(at) + toIntervalDay(30) SETTINGS materialize_ttl_after_modify = 0",
    "REMOVE TTL",
    "MODIFY SETTING merge_with_ttl_timeout = 3600, ttl_only_drop_parts = 1",
    "RESET SETTING ttl_only_drop_parts",
    "ADD PROJECTION IF NOT EXISTS daily (SELECT id, count() GROUP BY id)",
    "MATERIALIZE PROJECTION daily SETTINGS mutations_sync = 2",
    "DROP PROJECTION daily",
  ]) {
    assert.deepEqual(render(`ALTER TABLE events ${command}`), [`ALTER TABLE events_local ON CLUSTER pm ${command}`]);
  }
  assert.deepEqual(render("ALTER TABLE events ADD COLUMN a UInt8, ADD INDEX idx_a a TYPE minmax, DROP COLUMN b"), [
    "ALTER TABLE events_local ON CLUSTER pm ADD COLUMN a UInt8, ADD INDEX idx_a a TYPE minmax, DROP COLUMN b",
    "ALTER TABLE events ON CLUSTER pm ADD COLUMN a UInt8, DROP COLUMN b",
  ]);
});

test("the retention statements render to the local spans table only", () => {
  const rendered = renderClusterStatement(
    "ALTER TABLE spans MODIFY TTL toDateTime(start_time) + toIntervalDay(30) SETTINGS materialize_ttl_after_modify = 0",
    "pm",
  );
  assert.deepEqual(rendered, [
    "ALTER TABLE spans_local ON CLUSTER pm MODIFY TTL toDateTime(start_time) + toIntervalDay(30) SETTINGS materialize_ttl_after_modify = 0",
  ]);
  assert.deepEqual(renderClusterStatement("ALTER TABLE spans REMOVE TTL", "pm"), ["ALTER TABLE spans_local ON CLUSTER pm REMOVE TTL"]);
});

test("a constraint change reaches the local table, then the Distributed table is made again to copy it", () => {
  assert.deepEqual(render("ALTER TABLE events DROP CONSTRAINT IF EXISTS known, ADD CONSTRAINT IF NOT EXISTS known CHECK id != ''"), [
    "ALTER TABLE events_local ON CLUSTER pm DROP CONSTRAINT IF EXISTS known, ADD CONSTRAINT IF NOT EXISTS known CHECK id != ''",
    "CREATE OR REPLACE TABLE events ON CLUSTER pm AS events_local\n" +
      "ENGINE = Distributed(pm, currentDatabase(), events_local, cityHash64(tenant, id))",
  ]);
});

test("ALTER forms without a cluster form, and ALTERs of views or every-host tables, are refused", () => {
  for (const command of [
    "UPDATE kind = '' WHERE 1",
    "DELETE WHERE id = ''",
    "DROP PARTITION 202601",
    "REPLACE PARTITION 202601 FROM events_rebuild",
    "MODIFY ORDER BY (tenant, id, kind)",
    "MODIFY PROJECTION p",
    "ADD COLUMN a UInt8, DELETE WHERE 1",
  ]) {
    assert.throws(() => render(`ALTER TABLE events ${command}`), refusal(/has no cluster form yet\. Supported: ADD COLUMN/), command);
  }
  assert.throws(() => render("ALTER TABLE recent ADD COLUMN a UInt8"), refusal(/recent has no placement/));
  assert.throws(() => render("ALTER TABLE bookkeeping ADD COLUMN a UInt8"), refusal(/replicated to every host/));
});

test("other statements are refused", () => {
  for (const sql of [
    "DROP TABLE events",
    "INSERT INTO events SELECT 1",
    "CREATE VIEW v AS SELECT 1",
    "RENAME TABLE events TO e2",
    "CREATE DATABASE x",
  ]) {
    assert.throws(
      () => render(sql),
      refusal(/only CREATE TABLE IF NOT EXISTS, CREATE MATERIALIZED VIEW IF NOT EXISTS, CREATE OR REPLACE VIEW and ALTER TABLE/),
      sql,
    );
  }
});

test("a refused statement names its migration file; rendered migrations keep the file's checksum", () => {
  const migrations = [
    {
      version: 1,
      name: "0001_widgets.sql",
      checksum: "c".repeat(64),
      statements: ["CREATE TABLE IF NOT EXISTS widgets (id String) ENGINE = MergeTree ORDER BY id"],
    },
  ];
  assert.throws(
    () => renderClusterMigrations(migrations, "pm", PLACEMENTS),
    refusal(/^0001_widgets\.sql: Cannot render for a cluster: widgets has no placement/),
  );
  const [real] = renderClusterMigrations(loadMigrations().slice(0, 1), "pm");
  assert.equal(real!.checksum, loadMigrations()[0]!.checksum);
  assert.equal(real!.statements.length, 2);
});

test("the printed script is every statement after its file's comment, separated by ';\\n\\n', and splits back into them", () => {
  const migrations = loadMigrations();
  for (const cluster of [undefined, "pm"]) {
    const script = formatMigrationScript(migrations, cluster === undefined ? {} : { cluster });
    const planned = cluster === undefined ? migrations : renderClusterMigrations(migrations, cluster);
    const expected = planned.flatMap((m) => [
      ...m.statements,
      `INSERT INTO schema_migrations (version, name, checksum, applied_at)\nSELECT ${m.version}, '${m.name}', '${m.checksum}', now64(3)`,
    ]);
    const blocks = script.split(";\n\n");
    assert.match(blocks[0]!, /^-- PromptMetrics schema/);
    assert.match(blocks[0]!, /\n-- schema_migrations \(bookkeeping\)\nCREATE TABLE IF NOT EXISTS schema_migrations/);
    assert.equal(blocks.length, expected.length + 1);
    for (const [i, block] of blocks.slice(1).entries()) assert.match(block, /^-- \d{4}_[a-z0-9_]+\.sql\n/, `block ${i + 1}`);
    assert.ok(script.endsWith(";\n"));
    assert.deepEqual(splitStatements(script).slice(1), expected);
    if (cluster === undefined) assert.doesNotMatch(script, /ON CLUSTER|Replicated|Distributed/);
  }
});
