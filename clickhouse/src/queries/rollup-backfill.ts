// Fills rollup columns a migration added, for the runs the views counted before it (they read 0 there).
// Run by migrate() right after the migration's statements (MIGRATION_BACKFILLS in migrations.ts).
import type { Store } from "../store.ts";

/** The summed columns migration 0028 added to rollup_member_hourly, each as its view computes it. */
const MEMBER_SUMS = [
  ["input_tokens", "sum(input_tokens)"],
  ["output_tokens", "sum(output_tokens)"],
  ["cache_read_tokens", "sum(cache_read_tokens)"],
  ["cache_write_tokens", "sum(cache_write_tokens)"],
  ["reasoning_tokens", "sum(reasoning_tokens)"],
  ["latency_ms_sum", "sum(duration_ns / 1e6)"],
  ["ttft_ms_sum", "sum(ifNull(ttft_ms, 0))"],
  ["ttft_count", "countIf(ttft_ms IS NOT NULL)"],
  ["quality_runs", "count()"],
  ["quality_ok_runs", "countIf(quality_flags = 0)"],
] as const;

const MEMBER_KEYS = ["project_id", "bucket", "provider", "model", "ingest_key_id", "created_by"] as const;

/**
 * Migration 0028's backfill of rollup_member_hourly. Sums: per rollup key, what the spans hold (FINAL,
 * newest revision of each run, as a rebuild counts them) less what the rollup already holds, so the runs
 * the new view counted are not counted twice and a second run adds nothing. Latency digests: the runs
 * ingested before `before` (when the migration started), which the old view counted without one.
 */
export async function backfillMemberRollupMetrics(store: Store, { before }: { before: Date }): Promise<void> {
  const spanSums = MEMBER_SUMS.map(([name, expression]) => `${expression} AS s_${name}`);
  const sql = `
    INSERT INTO rollup_member_hourly (${[...MEMBER_KEYS, ...MEMBER_SUMS.map(([name]) => name), "latency_ms_digest", "ttft_ms_digest"].join(", ")})
    SELECT ${MEMBER_KEYS.join(", ")}, ${MEMBER_SUMS.map(([name]) => `s_${name} - r_${name}`).join(", ")}, latency_ms_digest, ttft_ms_digest
    FROM
    (
        SELECT
            project_id,
            toStartOfHour(start_time) AS bucket,
            provider,
            model,
            ingest_key_id,
            span_attributes['promptmetrics.created_by'] AS created_by,
            ${spanSums.join(",\n            ")},
            quantilesTDigestStateIf(0.5, 0.9, 0.95, 0.99)(toFloat64(duration_ns / 1e6), ingested_at < {before:DateTime64(3, 'UTC')}) AS latency_ms_digest,
            quantilesTDigestStateIf(0.5, 0.9, 0.95, 0.99)(ifNull(ttft_ms, 0), ttft_ms IS NOT NULL AND ingested_at < {before:DateTime64(3, 'UTC')}) AS ttft_ms_digest
        FROM spans FINAL
        WHERE is_llm
        GROUP BY ${MEMBER_KEYS.join(", ")}
    ) AS s
    LEFT JOIN
    (
        SELECT ${MEMBER_KEYS.join(", ")}, ${MEMBER_SUMS.map(([name]) => `sum(${name}) AS r_${name}`).join(", ")}
        FROM rollup_member_hourly
        GROUP BY ${MEMBER_KEYS.join(", ")}
    ) AS r USING (${MEMBER_KEYS.join(", ")})
    SETTINGS join_use_nulls = 0`;
  await store.command(sql, { before }, { tag: "backfillMemberRollupMetrics" });
}
