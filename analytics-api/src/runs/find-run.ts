// Finds the run a route names, for a caller who may see it: in the given project, or, without one,
// in whichever of the caller's projects holds it. Anything the caller may not see is a 404, the same
// answer as a run that does not exist.
import type { Request } from "express";
import { listProjectsByUser, type Store } from "@promptmetrics/clickhouse";
import type { SpanRow } from "@promptmetrics/runs";
import { getRunBySpanId, listProjectsHoldingRun } from "@promptmetrics/clickhouse/runs";
import { requireCaller, type CallerResolver } from "../access/caller.ts";
import { NotFoundError, ValidationError } from "../http/errors.ts";
import type { AuthorizeProject, ProjectAccess } from "../access/project-access.ts";
import { parseRunId } from "./run-view.ts";

export interface FoundRun {
  access: ProjectAccess;
  run: SpanRow;
}

export interface FindRunDeps {
  store: Store;
  authorizeProject: AuthorizeProject;
  resolveCaller: CallerResolver;
}

export async function findRun(deps: FindRunDeps, req: Request, id: string, projectId: string | undefined): Promise<FoundRun> {
  const notFound = () => new NotFoundError(`Run ${id} not found`);
  // Who is asking comes first, so an anonymous caller gets a 401 whatever the id.
  const caller = await requireCaller(deps.resolveCaller, req);
  const ids = parseRunId(id);
  if (projectId !== undefined) {
    const access = await deps.authorizeProject(req, projectId);
    const run = ids && (await getRunBySpanId(deps.store, { projectId: access.projectId, ...ids }));
    if (!run) throw notFound();
    return { access, run };
  }
  if (!ids) throw notFound();
  const visible = await listProjectsByUser(deps.store, { userId: caller.userId });
  const holders = await listProjectsHoldingRun(deps.store, { projectIds: visible.map((project) => project.id), ...ids });
  if (holders.length > 1) throw new ValidationError(`Run ${id} is in several of your projects; give projectId`, "projectId");
  const holder = holders[0];
  if (holder === undefined) throw notFound();
  const access = await deps.authorizeProject(req, holder);
  const run = await getRunBySpanId(deps.store, { projectId: holder, ...ids });
  if (!run) throw notFound();
  return { access, run };
}

/** The projectId a request names in its query string or body (both must agree), before strict parsing. */
export function requestedProjectId(req: Request): string | undefined {
  const fromQuery = req.query.projectId;
  const fromBody = (req.body as { projectId?: unknown } | undefined)?.projectId;
  for (const value of [fromQuery, fromBody]) {
    if (value !== undefined && (typeof value !== "string" || value === ""))
      throw new ValidationError("projectId must be given once, as a project id", "projectId");
  }
  if (typeof fromQuery === "string" && typeof fromBody === "string" && fromQuery !== fromBody) {
    throw new ValidationError("projectId differs between the query string and the body", "projectId");
  }
  return (fromQuery ?? fromBody) as string | undefined;
}
