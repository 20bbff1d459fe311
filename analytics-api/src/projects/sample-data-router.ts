// POST /api/projects/:projectId/sample-data: fills a project with 30 days of demo runs (members and
// up; viewers are read-only). Loading again adds another set. One load per project at a time.
import { Router } from "express";
import { listIngestKeysByProject } from "@promptmetrics/clickhouse";
import { requireRole } from "../access/roles.ts";
import { ConflictError } from "../http/errors.ts";
import { NoBody, NoQuery, parseBody, parseQuery } from "../http/validate.ts";
import type { ApiRouterDeps } from "../router-deps.ts";
import { loadSampleData } from "./sample-data.ts";

export function createSampleDataRouter(deps: ApiRouterDeps): Router {
  const loading = new Set<string>();
  const router = Router();
  router.post("/api/projects/:projectId/sample-data", async (req, res) => {
    const access = await deps.authorizeProject(req, req.params.projectId);
    requireRole(access, "member", "Viewers cannot load sample data");
    parseQuery(NoQuery, req.query);
    parseBody(NoBody, req.body);
    if (loading.has(access.projectId)) throw new ConflictError("Sample data is already loading into this project");
    loading.add(access.projectId);
    try {
      // Runs are spread over the project's ingest keys, so the "by team member" figures have owners.
      const keys = await listIngestKeysByProject(deps.store, { projectId: access.projectId });
      const result = await loadSampleData(deps.store, {
        projectId: access.projectId,
        now: deps.now(),
        ingestKeyIds: keys.map((key) => key.id),
      });
      res.status(201).json({ runs: result.runs, feedback: result.feedback });
    } finally {
      loading.delete(access.projectId);
    }
  });
  return router;
}
