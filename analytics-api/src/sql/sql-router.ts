// POST /api/sql: read-only ad-hoc SQL for an org's admins and owners, over the documented tables
// (docs/sql-tables.md) bound to the org's projects, or to one project. Members and viewers who can see
// the org get a 403; anyone else a 404. Answers rows as JSON, or CSV with a header row. One org runs
// one console query at a time (console-slots.ts), so its heavy query never queues another org's.
import { Router, type Request } from "express";
import { listProjectsByOrg } from "@promptmetrics/clickhouse";
import { DEFAULT_SQL_MAX_ROWS, SqlQueryError, runSqlForProjects } from "@promptmetrics/clickhouse/runs";
import { requireCaller } from "../access/caller.ts";
import { requireRole } from "../access/roles.ts";
import { NoQuery, parseBody, parseQuery } from "../http/validate.ts";
import type { ApiRouterDeps } from "../router-deps.ts";
import { ValidationError } from "../http/errors.ts";
import { csvRow } from "../runs/csv.ts";
import { createConsoleSlots, type ConsoleSlotLimits } from "./console-slots.ts";
import { SqlBody } from "./schemas.ts";

export interface SqlRouterOptions {
  /** Rows returned at most; the answer says `truncated` when more matched. */
  maxRows?: number;
  /** Console queries running at once, per org and in all (defaults: 1 and 4). */
  slots?: ConsoleSlotLimits;
}

export function createSqlRouter(deps: ApiRouterDeps, options: SqlRouterOptions = {}): Router {
  const maxRows = options.maxRows ?? DEFAULT_SQL_MAX_ROWS;
  const slots = createConsoleSlots(options.slots);
  const router = Router();

  router.post("/api/sql", async (req, res) => {
    // Access first (from the raw body), so a caller who may not see the org learns nothing from a 400.
    const { orgId, projectIds } = await scopeOf(deps, req);
    parseQuery(NoQuery, req.query);
    const body = parseBody(SqlBody, req.body);
    const release = slots.take(orgId);
    let result;
    try {
      result = await runSqlForProjects(deps.store, { projectIds, query: body.query, maxRows });
    } catch (error) {
      if (error instanceof SqlQueryError) throw new ValidationError(error.message, "query");
      throw error;
    } finally {
      release();
    }
    if (body.format === "csv") {
      res.setHeader("Content-Type", "text/csv; charset=utf-8");
      res.setHeader("PromptMetrics-Truncated", String(result.truncated));
      res.send(csvRow(result.columns.map((column) => column.name)) + result.rows.map(csvRow).join(""));
      return;
    }
    res.json(result);
  });

  return router;
}

async function scopeOf(deps: ApiRouterDeps, req: Request): Promise<{ orgId: string; projectIds: string[] }> {
  await requireCaller(deps.resolveCaller, req);
  const { orgId, projectId } = (req.body ?? {}) as { orgId?: unknown; projectId?: unknown };
  if ((orgId === undefined) === (projectId === undefined)) throw new ValidationError("Give either orgId or projectId", "orgId");
  if (projectId !== undefined) {
    if (typeof projectId !== "string" || projectId === "") throw new ValidationError("projectId must be a project id", "projectId");
    const access = await deps.authorizeProject(req, projectId);
    requireRole(access, "admin", "SQL is for the org's admins and owners");
    return { orgId: access.orgId, projectIds: [access.projectId] };
  }
  if (typeof orgId !== "string" || orgId === "") throw new ValidationError("orgId must be an org id", "orgId");
  const access = await deps.authorizeOrg(req, orgId);
  requireRole(access, "admin", "SQL is for the org's admins and owners");
  return { orgId: access.orgId, projectIds: (await listProjectsByOrg(deps.store, { orgId: access.orgId })).map((project) => project.id) };
}
