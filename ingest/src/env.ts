// Ingest settings from the environment (limits, batching, back-pressure). Parsed once at start by the
// process entry point and passed in as an IngestConfig; library code never reads process.env.
import { z } from "zod";

const MiB = 1024 * 1024;

export const ingestEnvSchema = z.object({
  PROMPTMETRICS_INGEST_MAX_BODY_BYTES: z.coerce
    .number()
    .int()
    .min(1024)
    .max(1024 * MiB)
    .default(32 * MiB),
  PROMPTMETRICS_INGEST_QUEUE_BYTES: z.coerce
    .number()
    .int()
    .min(MiB)
    .max(8192 * MiB)
    // Resident memory grows about 16 bytes per byte admitted (docs/design/ingest.md, "Overload and memory").
    .default(32 * MiB),
  PROMPTMETRICS_INGEST_BATCH_ROWS: z.coerce.number().int().min(1).max(1_000_000).default(20_000),
  PROMPTMETRICS_INGEST_LINGER_MS: z.coerce.number().int().min(0).max(10_000).default(20),
  PROMPTMETRICS_INGEST_CONCURRENT_INSERTS: z.coerce.number().int().min(1).max(8).default(2),
  PROMPTMETRICS_INGEST_MAX_ATTRIBUTE_BYTES: z.coerce
    .number()
    .int()
    .min(256)
    .max(16 * MiB)
    .default(32 * 1024),
  PROMPTMETRICS_INGEST_HEALTH_INTERVAL_S: z.coerce.number().int().min(0).max(3600).default(10),
  // The OTLP port is often reachable from the internet, so its GET /metrics is off unless a token is set.
  PROMPTMETRICS_METRICS_TOKEN: z
    .string()
    .min(16, "must be at least 16 characters")
    .max(256)
    .regex(/^[\x21-\x7e]+$/, "must be printable ASCII without spaces")
    .optional(),
});

export type IngestEnv = z.infer<typeof ingestEnvSchema>;

export interface IngestConfig {
  /** Largest request body accepted, compressed or not (413 above it). */
  maxBodyBytes: number;
  /** Bytes of request bodies admitted and not yet answered (read, decoded, queued); past it, 429 before reading. */
  maxQueueBytes: number;
  /** Most rows written by one insert. */
  maxBatchRows: number;
  /** How long the first waiting request may wait for others to share its insert. */
  lingerMs: number;
  /** Inserts the writer keeps in flight at once (the next batch is checked while one is written). */
  concurrentInserts: number;
  /** Longest attribute value kept; longer ones are truncated with a marker. */
  maxAttributeBytes: number;
  /** How often a row of the ingest's figures goes to the ingest_health table; 0 turns it off. */
  healthIntervalMs: number;
  /** The bearer token GET /metrics requires; unset, /metrics answers 404. */
  metricsToken: string | undefined;
}

export function ingestConfigFromEnv(env: IngestEnv): IngestConfig {
  return {
    maxBodyBytes: env.PROMPTMETRICS_INGEST_MAX_BODY_BYTES,
    maxQueueBytes: env.PROMPTMETRICS_INGEST_QUEUE_BYTES,
    maxBatchRows: env.PROMPTMETRICS_INGEST_BATCH_ROWS,
    lingerMs: env.PROMPTMETRICS_INGEST_LINGER_MS,
    concurrentInserts: env.PROMPTMETRICS_INGEST_CONCURRENT_INSERTS,
    maxAttributeBytes: env.PROMPTMETRICS_INGEST_MAX_ATTRIBUTE_BYTES,
    healthIntervalMs: env.PROMPTMETRICS_INGEST_HEALTH_INTERVAL_S * 1000,
    metricsToken: env.PROMPTMETRICS_METRICS_TOKEN,
  };
}

export const DEFAULT_INGEST_CONFIG: IngestConfig = ingestConfigFromEnv(ingestEnvSchema.parse({}));
