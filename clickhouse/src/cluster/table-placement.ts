// Where each storage table's rows live on a self-managed cluster: the one place that says how every table
// is sharded, and why. A table the migrations create but this map does not know stops the rendering, so a
// new table always comes with a decision. Sharded tables become `<table>_local` (Replicated, one replica
// set per shard) with a Distributed table of the original name on top; the app only uses original names.
//
// The rule for ReplacingMergeTree and AggregatingMergeTree tables: the sharding key uses only columns of
// the ORDER BY key, so every row of one sort key (a revision, a re-rating, a deletion) lands on the shard
// that holds the first one, and FINAL or a merge on that shard collapses them. The renderer checks it.

export type TablePlacement =
  /** Split across shards by cityHash64 of these columns, replicated within each shard. */
  | { kind: "sharded"; shardBy: readonly string[] }
  /** One replica set spanning every host of the cluster: each host holds all rows and reads them locally. */
  | { kind: "every-host" };

const sharded = (...shardBy: string[]): TablePlacement => ({ kind: "sharded", shardBy });

export const TABLE_PLACEMENTS: Readonly<Record<string, TablePlacement>> = {
  // ORDER BY (project_id, is_llm, start_time, trace_id, span_id). All revisions of a span share its project
  // and trace, so they meet on one shard and `llm_runs` (FINAL) collapses them there. Keeping a whole trace
  // on one shard also lets a trace's spans be read from one place; traces are small next to a shard.
  spans: sharded("project_id", "trace_id"),

  // Rollup rows are written on each shard by the views from that shard's spans, so one key has a partial
  // row on several shards and every reader merges (GROUP BY with sum / -Merge), as it must anyway before
  // background merges. The key only places rows inserted through the Distributed table, which the app never
  // does: the full sort key keeps such a row with the others of its key.
  rollup_model_hourly: sharded("project_id", "bucket", "provider", "model"),
  rollup_user_hourly: sharded("project_id", "bucket", "user_id"),
  rollup_prompt_hourly: sharded("project_id", "bucket", "prompt_name", "prompt_version", "model"),
  rollup_error_hourly: sharded("project_id", "bucket", "provider", "model", "http_status", "message"),
  rollup_member_hourly: sharded("project_id", "bucket", "provider", "model", "ingest_key_id", "created_by"),

  // ORDER BY (project_id, span_id): every newer rating of a run replaces the older one on the same shard.
  feedback: sharded("project_id", "span_id"),

  // Versioned metadata (ReplacingMergeTree(version, is_deleted)), read with FINAL: sharded by the whole
  // sort key, so an update or delete lands with the row it replaces. The tables are small; any host can
  // read them through the Distributed table, and hot paths cache them.
  orgs: sharded("id"),
  projects: sharded("id"),
  users: sharded("id"),
  memberships: sharded("org_id", "user_id"),
  api_keys: sharded("id"),
  provider_keys: sharded("id"),
  price_overrides: sharded("project_id", "id"),
  // ORDER BY (model, effective_from): a same-day re-sync of a model replaces its row on the same shard.
  synced_prices: sharded("model", "effective_from"),
  // ORDER BY (project_id, id): each new version of a suggestion lands with the ones it replaces.
  suggestions: sharded("project_id", "id"),
  optimization_settings: sharded("project_id"),
  // ORDER BY (project_id, id): a rule's deletion lands with the rule.
  routing_rules: sharded("project_id", "id"),
  gateway_limits: sharded("project_id", "id"),
  gateway_settings: sharded("project_id"),
  project_retention: sharded("project_id"),
  sessions: sharded("id"),
  invitations: sharded("org_id", "id"),

  // AggregatingMergeTree by key_id (max of last use): all writes of one key merge on one shard.
  api_key_last_used: sharded("key_id"),

  // Plain MergeTree, nothing to collapse: any key is correct. By instance, one process's series stays
  // on one shard. The API's health rows are kept the same way.
  ingest_health: sharded("instance"),
  api_health: sharded("instance"),

  // Plain MergeTree logs read back by one key. A lock's claims are all read together (WHERE name = ...):
  // by name, one lock lives on one shard and depends on that shard's replicas alone. Sign-in attempts are
  // counted per client key, so one client's attempts and withdrawals stay together the same way.
  account_lock_claims: sharded("name"),
  login_attempts: sharded("key"),
  // The scheduler reads one job's runs together (WHERE job IN ...), like a lock's claims.
  scheduler_runs: sharded("job"),

  // Migration bookkeeping: every host must answer "which migrations are applied" from its own replica,
  // without depending on the other shards being up, and the record must be written synchronously (an
  // insert through a Distributed table is queued by default). So it is replicated to every host, not sharded.
  schema_migrations: { kind: "every-host" },
};

/** Keeper path of a sharded table's replica set: one per shard. `{database}` keeps installs apart. */
export function shardReplicaPath(localTable: string): string {
  return `/clickhouse/tables/{shard}/{database}/${localTable}`;
}

/** Keeper path of an every-host table: one replica set, whatever the shard. */
export function everyHostReplicaPath(table: string): string {
  return `/clickhouse/tables/every_host/{database}/${table}`;
}

/** Replica names: `{replica}` is unique within a shard; an every-host set needs it unique across shards too. */
export const SHARD_REPLICA_NAME = "{replica}";
export const EVERY_HOST_REPLICA_NAME = "{shard}-{replica}";

export function localTableName(table: string): string {
  return `${table}_local`;
}
