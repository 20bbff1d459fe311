// Store configuration from the environment: CLICKHOUSE_URL selects the server store, otherwise the
// embedded store on PROMPTMETRICS_DATA_DIR. Parsed once at start by the process entry points.
import { z } from "zod";
import type { StoreConfig } from "./open-store.ts";

export const storeEnvSchema = z.object({
  PROMPTMETRICS_DATA_DIR: z.string().min(1).default("./data"),
  CLICKHOUSE_URL: z.url({ protocol: /^https?$/ }).optional(),
  CLICKHOUSE_USER: z.string().min(1).default("default"),
  CLICKHOUSE_PASSWORD: z.string().default(""),
  CLICKHOUSE_DATABASE: z
    .string()
    .regex(/^[A-Za-z_][A-Za-z0-9_]*$/, "must be a plain identifier (letters, digits, underscore)")
    .default("default"),
  PROMPTMETRICS_RETENTION_DAYS: z.coerce.number().int().min(1).max(36_500).optional(),
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
    };
  }
  return { kind: "embedded", dataDir: env.PROMPTMETRICS_DATA_DIR };
}
