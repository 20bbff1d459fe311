// Store configuration from the environment: CLICKHOUSE_URL selects the server store, otherwise the
// embedded store on PROMPTMETRICS_DATA_DIR. Parsed once at start by the process entry points.
import { z } from "zod";
import type { StoreConfig } from "./open-store.ts";

/** 1 GiB: about twice what the engine was seen to use under sustained ingest (merges reached ~400 MiB). */
export const DEFAULT_EMBEDDED_MEMORY_BYTES = 1024 ** 3;
/** A floor, so that a figure meant in MiB or GiB is refused instead of starving every insert. */
const MIN_EMBEDDED_MEMORY_BYTES = 256 * 1024 ** 2;

export const storeEnvSchema = z.object({
  PROMPTMETRICS_DATA_DIR: z.string().min(1).default("./data"),
  CLICKHOUSE_URL: z.url({ protocol: /^https?$/ }).optional(),
  CLICKHOUSE_USER: z.string().min(1).default("default"),
  CLICKHOUSE_PASSWORD: z.string().default(""),
  CLICKHOUSE_DATABASE: z
    .string()
    .regex(/^[A-Za-z_][A-Za-z0-9_]*$/, "must be a plain identifier (letters, digits, underscore)")
    .default("default"),
  CLICKHOUSE_CLUSTER: z
    .string()
    .regex(/^[A-Za-z_][A-Za-z0-9_]*$/, "must be a plain identifier (the cluster's name in remote_servers)")
    .optional(),
  PROMPTMETRICS_CLICKHOUSE_ASYNC_INSERT: z.stringbool().optional(),
  PROMPTMETRICS_RETENTION_DAYS: z.coerce.number().int().min(1).max(36_500).optional(),
  /** The embedded engine's memory cap in bytes (0: the engine's own, 90% of RAM). */
  PROMPTMETRICS_EMBEDDED_MEMORY_BYTES: z.coerce
    .number()
    .int()
    .refine((bytes) => bytes === 0 || bytes >= MIN_EMBEDDED_MEMORY_BYTES, "must be 0 (no cap of ours) or at least 268435456 (256 MiB)")
    .default(DEFAULT_EMBEDDED_MEMORY_BYTES),
});

export type StoreEnv = z.infer<typeof storeEnvSchema>;

export function storeConfigFromEnv(env: StoreEnv): StoreConfig {
  if (env.CLICKHOUSE_URL) {
    return {
      kind: "server",
      url: env.CLICKHOUSE_URL,
      user: env.CLICKHOUSE_USER,
      password: env.CLICKHOUSE_PASSWORD,
      database: env.CLICKHOUSE_DATABASE,
      cluster: env.CLICKHOUSE_CLUSTER,
      insertSettings: serverInsertSettings(env),
      ...(env.CLICKHOUSE_CLUSTER ? { settings: CLUSTER_READ_SETTINGS } : {}),
    };
  }
  const memory = env.PROMPTMETRICS_EMBEDDED_MEMORY_BYTES;
  return { kind: "embedded", dataDir: env.PROMPTMETRICS_DATA_DIR, ...(memory ? { maxMemoryBytes: memory } : {}) };
}

/**
 * Reads on a cluster: an IN or JOIN between two Distributed tables (metadata lookups, the member
 * dimension) is sent to the shards once as a global subquery instead of being refused, and a read sees
 * every insert acknowledged before it (inserts wait for a majority quorum, below), which the accounts
 * lock and the sign-in limiter rely on.
 */
export const CLUSTER_READ_SETTINGS = { distributed_product_mode: "global", select_sequential_consistency: "1" } as const;

/**
 * How the services insert into a server. Several ingest replicas each make small, frequent inserts;
 * server-side async inserts merge them into fewer parts, and waiting for the flush keeps our rule that a
 * 200 means written. On a cluster the inserts go through Distributed tables, which ignore async inserts:
 * there, the insert returns once every shard has its rows and a majority of each shard's replicas has
 * them (so a read on another replica sees them too).
 */
export function serverInsertSettings(
  env: Pick<StoreEnv, "CLICKHOUSE_CLUSTER" | "PROMPTMETRICS_CLICKHOUSE_ASYNC_INSERT">,
): Record<string, string | number> {
  const settings: Record<string, string | number> = {};
  if (env.PROMPTMETRICS_CLICKHOUSE_ASYNC_INSERT ?? !env.CLICKHOUSE_CLUSTER) {
    Object.assign(settings, { async_insert: 1, wait_for_async_insert: 1, async_insert_busy_timeout_max_ms: 200 });
  }
  if (env.CLICKHOUSE_CLUSTER) Object.assign(settings, { distributed_foreground_insert: 1, insert_quorum: "auto" });
  return settings;
}
