// The gateway's limits (gateway_limits, migration 0024) and the spend they are checked against, read from
// the hourly rollups: a project's from rollup_model_hourly, a key's from rollup_member_hourly, an end
// user's from rollup_user_hourly. Periods are UTC days and months, so whole rollup hours.
import { z } from "zod";
import type { Store } from "../store.ts";
import { fromDbTime, nextVersion, toDbTime } from "./versioning.ts";

export const LIMIT_SCOPES = ["project", "key", "end_user"] as const;
export const LIMIT_METRICS = ["requests_per_minute", "spend_per_day", "spend_per_month"] as const;
export type LimitScope = (typeof LIMIT_SCOPES)[number];
export type LimitMetric = (typeof LIMIT_METRICS)[number];

export interface GatewayLimit {
  projectId: string;
  id: string;
  scope: LimitScope;
  /** A key id, an end user id or '*' (each end user); '' for the project. */
  subject: string;
  metric: LimitMetric;
  /** Requests (whole number) or USD (decimal text). */
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
