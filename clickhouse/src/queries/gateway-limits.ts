// The gateway's limits (gateway_limits, migrations 0024 and 0026) and what they are checked against: spend
// from the hourly rollups (a project's from rollup_model_hourly, a key's from rollup_member_hourly, an end
// user's from rollup_user_hourly; periods are UTC days and months, so whole rollup hours), and the tokens
// of the last minute from spans, which the hourly rollups are too coarse for.
import { z } from "zod";
import type { Store } from "../store.ts";
import { fromDbTime, nextVersion, toDbTime } from "./versioning.ts";

export const LIMIT_SCOPES = ["project", "key", "end_user"] as const;
export const LIMIT_METRICS = ["requests_per_minute", "tokens_per_minute", "spend_per_day", "spend_per_month"] as const;
export type LimitScope = (typeof LIMIT_SCOPES)[number];
export type LimitMetric = (typeof LIMIT_METRICS)[number];

export interface GatewayLimit {
  projectId: string;
  id: string;
  scope: LimitScope;
  /** A key id, an end user id or '*' (each end user); '' for the project. */
  subject: string;
  metric: LimitMetric;
  /** Requests or tokens (whole number), or USD (decimal text). */
  maxValue: string;
  createdBy: string;
  createdAt: Date;
}

const Row = z.object({
  project_id: z.string(),
  id: z.string(),
  scope: z.enum(LIMIT_SCOPES),
  subject: z.string(),
  metric: z.enum(LIMIT_METRICS),
  max_value: z.string(),
  created_by: z.string(),
  created_at: z.string(),
});

const COLUMNS = "project_id, id, scope, subject, metric, max_value, created_by, created_at";

function toLimit(raw: unknown): GatewayLimit {
  const row = Row.parse(raw);
  return {
    projectId: row.project_id,
    id: row.id,
    scope: row.scope,
    subject: row.subject,
    metric: row.metric,
    maxValue: row.max_value,
    createdBy: row.created_by,
    createdAt: fromDbTime(row.created_at),
  };
}

function toRow(limit: GatewayLimit, isDeleted: 0 | 1) {
  return {
    project_id: limit.projectId,
    id: limit.id,
    scope: limit.scope,
    subject: limit.subject,
    metric: limit.metric,
    max_value: limit.maxValue,
    created_by: limit.createdBy,
    created_at: toDbTime(limit.createdAt),
    version: nextVersion(),
    is_deleted: isDeleted,
  };
}

export async function insertGatewayLimit(store: Store, limit: GatewayLimit): Promise<void> {
  await store.insert("gateway_limits", [toRow(limit, 0)], { tag: "insertGatewayLimit" });
}

export async function deleteGatewayLimit(store: Store, limit: GatewayLimit): Promise<void> {
  await store.insert("gateway_limits", [toRow(limit, 1)], { tag: "deleteGatewayLimit" });
}

export async function listGatewayLimits(store: Store, { projectId }: { projectId: string }): Promise<GatewayLimit[]> {
  const rows = await store.query(
    `SELECT ${COLUMNS} FROM gateway_limits FINAL WHERE project_id = {projectId:String} AND is_deleted = 0 ORDER BY created_at, id`,
    { projectId },
    { tag: "listGatewayLimits" },
  );
  return rows.map(toLimit);
}

export async function listAllGatewayLimits(store: Store): Promise<GatewayLimit[]> {
  const rows = await store.query(`SELECT ${COLUMNS} FROM gateway_limits FINAL WHERE is_deleted = 0 ORDER BY created_at, id`, undefined, {
    tag: "listAllGatewayLimits",
  });
  return rows.map(toLimit);
}

/** USD spent since `from` (an hour boundary) by the project, one ingest key, or one end user; exact decimal text. */
export async function getSpendSince(
  store: Store,
  { projectId, scope, subject, from }: { projectId: string; scope: LimitScope; subject: string; from: Date },
): Promise<string> {
  const sql =
    scope === "project"
      ? "SELECT toString(sum(cost_usd)) AS spend FROM rollup_model_hourly WHERE project_id = {projectId:String} AND bucket >= {from:DateTime64(3, 'UTC')}"
      : scope === "key"
        ? "SELECT toString(sum(cost_usd)) AS spend FROM rollup_member_hourly WHERE project_id = {projectId:String} AND bucket >= {from:DateTime64(3, 'UTC')} AND ingest_key_id = {subject:String}"
        : "SELECT toString(sum(cost_usd)) AS spend FROM rollup_user_hourly WHERE project_id = {projectId:String} AND bucket >= {from:DateTime64(3, 'UTC')} AND user_id = {subject:String}";
  const [row] = await store.query<{ spend: string }>(sql, { projectId, subject, from: toDbTime(from) }, { tag: "getSpendSince" });
  return row?.spend ?? "0";
}

export interface TokensSince {
  /** Input plus output tokens of the runs that started at or after `from`. */
  tokens: number;
  /** Start of the earliest run counted; null when none was. */
  earliest: Date | null;
}

/**
 * Tokens used since `from` by the project, one ingest key, or one end user: input plus output tokens of
 * the LLM runs that started then or later, each counted at its first write (a reprice's revision is skipped).
 */
export async function getTokensSince(
  store: Store,
  { projectId, scope, subject, from }: { projectId: string; scope: LimitScope; subject: string; from: Date },
): Promise<TokensSince> {
  const who = scope === "project" ? "" : scope === "key" ? " AND ingest_key_id = {subject:String}" : " AND user_id = {subject:String}";
  const sql =
    "SELECT toString(sum(input_tokens + output_tokens)) AS tokens, count() AS runs, toString(min(start_time)) AS earliest FROM spans " +
    "WHERE project_id = {projectId:String} AND is_llm AND start_time >= {from:DateTime64(3, 'UTC')} AND NOT is_revision" +
    who;
  const [row] = await store.query<{ tokens: string; runs: number | string; earliest: string }>(
    sql,
    { projectId, subject, from: toDbTime(from) },
    { tag: "getTokensSince" },
  );
  if (!row || Number(row.runs) === 0) return { tokens: 0, earliest: null };
  return { tokens: Number(row.tokens), earliest: fromDbTime(row.earliest) };
}
