// Configuration of the promptmetrics processes, read from the environment once at start and validated
// with zod. A bad value stops start-up with a message naming the variable.
import path from "node:path";
import { z } from "zod";
import { storeEnvSchema } from "@promptmetrics/clickhouse";
import { apiEnvSchema } from "@promptmetrics/analytics-api";
import { ingestEnvSchema } from "@promptmetrics/ingest";
import { LOG_LEVELS } from "./observability/logger.ts";

const port = z.coerce.number().int().min(0).max(65_535);

/** LiteLLM's maintained price list, which `promptmetrics prices sync` reads unless told otherwise. */
export const DEFAULT_PRICES_SYNC_URL = "https://raw.githubusercontent.com/BerriAI/litellm/main/model_prices_and_context_window.json";

export const envSchema = storeEnvSchema
  .extend(ingestEnvSchema.shape)
  .extend(apiEnvSchema.shape)
  .extend({
    PROMPTMETRICS_HOST: z.string().min(1).default("127.0.0.1"),
    PROMPTMETRICS_PORT: port.default(3000),
    PROMPTMETRICS_OTLP_PORT: port.default(4318),
    PROMPTMETRICS_INIT_ORG: z.string().trim().min(1).max(200).optional(),
    PROMPTMETRICS_INIT_PROJECT: z.string().trim().min(1).max(200).optional(),
    PROMPTMETRICS_INIT_INGEST_KEY: z
      .string()
      .min(16, "must be at least 16 characters")
      .max(256)
      .regex(/^\S+$/, "must not contain spaces")
      .optional(),
    PROMPTMETRICS_INIT_ADMIN_EMAIL: z.email().optional(),
    PROMPTMETRICS_INIT_ADMIN_PASSWORD: z.string().min(10, "must be at least 10 characters").max(1024).optional(),
    /** Where `prices sync` reads the price list (LiteLLM's format): an http(s) URL, or a file for offline installs. */
    PROMPTMETRICS_PRICES_SYNC_URL: z
      .string()
      .trim()
      .min(1)
      .refine(
        (value) => !/^[a-z][a-z0-9+.-]*:\/\//i.test(value) || /^(https?|file):\/\//i.test(value),
        "must be an http(s) or file URL, or a file path",
      )
      .default(DEFAULT_PRICES_SYNC_URL),
    /** How often the running server syncs prices from PROMPTMETRICS_PRICES_SYNC_URL (hourly, daily at 03:00 UTC, weekly on Mondays). */
    PROMPTMETRICS_PRICES_SYNC_SCHEDULE: z
      .enum(["off", "hourly", "daily", "weekly"], { message: "must be off, hourly, daily or weekly" })
      .default("off"),
    /** true: a scheduled sync also re-prices the stored runs its new prices affect (as `prices sync --reprice`). */
    PROMPTMETRICS_PRICES_SYNC_REPRICE: z
      .enum(["true", "false", "1", "0", "yes", "no"], { message: "must be true or false" })
      .transform((value) => value === "true" || value === "1" || value === "yes")
      .default(false),
    /** How often the running server backs up the embedded store into PROMPTMETRICS_BACKUP_DIR (hourly, daily at 02:00 UTC, weekly on Mondays). */
    PROMPTMETRICS_BACKUP_SCHEDULE: z
      .enum(["off", "hourly", "daily", "weekly"], { message: "must be off, hourly, daily or weekly" })
      .default("off"),
    /** Where scheduled backups go: one directory per backup, promptmetrics-<UTC time>. */
    PROMPTMETRICS_BACKUP_DIR: z.string().trim().min(1).optional(),
    /** How many scheduled backups to keep; older ones in PROMPTMETRICS_BACKUP_DIR are deleted after each new one. */
    PROMPTMETRICS_BACKUP_KEEP: z.coerce.number().int().min(1, "must be at least 1").max(10_000).default(7),
    /** Server mode: where `backup`/`restore` go, disk:<disk name> or s3:<https url>. */
    PROMPTMETRICS_BACKUP_TARGET: z
      .string()
      .trim()
      .transform((value, ctx) => {
        const disk = /^disk:([A-Za-z0-9_.-]{1,200})$/.exec(value);
        if (disk) return { kind: "disk" as const, disk: disk[1]! };
        const s3 = /^s3:(https?:\/\/\S+)$/.exec(value);
        if (s3 && URL.canParse(s3[1]!) && !new URL(s3[1]!).username && !new URL(s3[1]!).password)
          return { kind: "s3" as const, url: s3[1]! };
        ctx.addIssue({
          code: "custom",
          message: "must be disk:<name> or s3:<http(s) url> (keys in PROMPTMETRICS_BACKUP_S3_*, not in the URL)",
        });
        return z.NEVER;
      })
      .optional(),
    PROMPTMETRICS_BACKUP_S3_ACCESS_KEY_ID: z.string().min(1).optional(),
    PROMPTMETRICS_BACKUP_S3_SECRET_ACCESS_KEY: z.string().min(1).optional(),
    /** Log lines as text (the default: the start-up banner as people read it) or one JSON object a line (time, level, msg, requestId) for a log shipper. */
    PROMPTMETRICS_LOG_FORMAT: z.enum(["text", "json"], { message: "must be text or json" }).default("text"),
    /** Lines below this level are not written. */
    PROMPTMETRICS_LOG_LEVEL: z.enum(LOG_LEVELS, { message: "must be debug, info, warn or error" }).default("info"),
    /** Sentry (or a compatible service) receives unexpected errors when set: the project's DSN, https://<key>@<host>/<project id>. */
    SENTRY_DSN: z
      .string()
      .trim()
      .refine(
        // The SDK's own rule (a key of word characters, a numeric project id last): it drops a DSN it cannot read without a word.
        (value) => /^https?:\/\/\w+(:\w*)?@[\w.-]+(:\d+)?\/(\S*\/)?\d+$/.test(value) && URL.canParse(value),
        "must be a Sentry DSN, https://<key>@<host>/<project id>",
      )
      .optional(),
    /** Our own API and ingest requests are traced to this OTLP/HTTP traces endpoint when set (e.g. http://collector:4318/v1/traces). */
    PROMPTMETRICS_SELF_TRACES_URL: z
      .url({ protocol: /^https?$/, message: "must be an http(s) URL of an OTLP/HTTP traces endpoint" })
      .optional(),
    /** Headers sent with the self-traces, as OTEL_EXPORTER_OTLP_HEADERS writes them: name=value,name=value (e.g. Authorization=Bearer <ingest key>). */
    PROMPTMETRICS_SELF_TRACES_HEADERS: z
      .string()
      .transform((value, ctx) => {
        const headers: Record<string, string> = {};
        for (const pair of value.split(",")) {
          const at = pair.indexOf("=");
          const name = pair.slice(0, at).trim();
          if (at < 1 || !/^[A-Za-z0-9-]+$/.test(name)) {
            ctx.addIssue({ code: "custom", message: "must be name=value pairs separated by commas" });
            return z.NEVER;
          }
          headers[name] = pair.slice(at + 1).trim();
        }
        return headers;
      })
      .optional(),
  });

export type Env = z.infer<typeof envSchema>;

export class ConfigError extends Error {
  readonly problems: string[];
  constructor(problems: string[]) {
    super(`Invalid configuration:\n${problems.map((p) => `  ${p}`).join("\n")}`);
    this.name = "ConfigError";
    this.problems = problems;
  }
}

/** Parses the environment; empty strings count as unset, as in most .env tooling. */
export function parseEnv(source: NodeJS.ProcessEnv): Env {
  const relevant: Record<string, string> = {};
  for (const key of Object.keys(envSchema.shape)) {
    const value = source[key];
    if (value !== undefined && value !== "") relevant[key] = value;
  }
  const parsed = envSchema.safeParse(relevant);
  if (!parsed.success) {
    throw new ConfigError(parsed.error.issues.map((issue) => describeIssue(String(issue.path[0]), issue.message, relevant)));
  }
  const env = parsed.data;
  const problems: string[] = [];
  if (env.PROMPTMETRICS_INIT_ADMIN_EMAIL && !env.PROMPTMETRICS_INIT_ADMIN_PASSWORD) {
    problems.push("PROMPTMETRICS_INIT_ADMIN_PASSWORD: required when PROMPTMETRICS_INIT_ADMIN_EMAIL is set");
  }
  if (env.PROMPTMETRICS_INIT_ADMIN_PASSWORD && !env.PROMPTMETRICS_INIT_ADMIN_EMAIL) {
    problems.push("PROMPTMETRICS_INIT_ADMIN_EMAIL: required when PROMPTMETRICS_INIT_ADMIN_PASSWORD is set");
  }
  if (env.PROMPTMETRICS_PORT !== 0 && env.PROMPTMETRICS_PORT === env.PROMPTMETRICS_OTLP_PORT) {
    problems.push("PROMPTMETRICS_OTLP_PORT: must differ from PROMPTMETRICS_PORT");
  }
  if (env.PROMPTMETRICS_PRICES_SYNC_REPRICE && env.PROMPTMETRICS_PRICES_SYNC_SCHEDULE !== "off" && env.CLICKHOUSE_CLUSTER) {
    problems.push(
      "PROMPTMETRICS_PRICES_SYNC_REPRICE: a scheduled reprice does not run on a cluster (see deploy/README.md); set it to false",
    );
  }
  problems.push(...backupProblems(env));
  if (problems.length > 0) throw new ConfigError(problems);
  return env;
}

function backupProblems(env: Env): string[] {
  const problems: string[] = [];
  if (env.PROMPTMETRICS_BACKUP_SCHEDULE !== "off") {
    if (env.CLICKHOUSE_URL) {
      problems.push(
        "PROMPTMETRICS_BACKUP_SCHEDULE: scheduled backups are for the embedded store; on a ClickHouse server run `promptmetrics backup <name>` from cron or use the server's own backups",
      );
    } else if (!env.PROMPTMETRICS_BACKUP_DIR) {
      problems.push("PROMPTMETRICS_BACKUP_DIR: required when PROMPTMETRICS_BACKUP_SCHEDULE is set");
    } else {
      const dir = path.resolve(env.PROMPTMETRICS_BACKUP_DIR);
      const data = path.resolve(env.PROMPTMETRICS_DATA_DIR);
      if (dir === data || dir.startsWith(data + path.sep))
        problems.push("PROMPTMETRICS_BACKUP_DIR: must not be inside PROMPTMETRICS_DATA_DIR");
    }
  }
  if (!env.PROMPTMETRICS_BACKUP_S3_ACCESS_KEY_ID !== !env.PROMPTMETRICS_BACKUP_S3_SECRET_ACCESS_KEY) {
    problems.push("PROMPTMETRICS_BACKUP_S3_SECRET_ACCESS_KEY: set it together with PROMPTMETRICS_BACKUP_S3_ACCESS_KEY_ID, or neither");
  }
  return problems;
}

const SECRET_VARIABLE = /PASSWORD|KEY|TOKEN|BACKUP_TARGET|SENTRY_DSN|SELF_TRACES_HEADERS/;

function describeIssue(name: string, message: string, values: Record<string, string>): string {
  const shown = SECRET_VARIABLE.test(name) ? "" : ` (got ${JSON.stringify(values[name])})`;
  return `${name}: ${message}${shown}`;
}
