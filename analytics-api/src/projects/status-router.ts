// GET /api/projects/:projectId/status: whether a project has received anything yet, for the
// dashboard's onboarding ("waiting for your first span") and its landing page. Cheap enough to poll:
// the run count comes from the hourly model rollup, the newest run from the start-time sort key.
import { Router } from "express";
import { aggregateRunMetrics } from "@promptmetrics/clickhouse/analytics";
import { listRunsPage } from "@promptmetrics/clickhouse/runs";
import { NoQuery, parseQuery } from "../http/validate.ts";
import type { ApiRouterDeps } from "../router-deps.ts";
import { isoTime } from "../runs/run-view.ts";
import type { ProjectStatusView } from "./views.ts";

const HOUR_MS = 3_600_000;
// Whole UTC hours on both ends keep the count on the rollup alone (no raw edge reads); runs stamped a
// little in the future by a skewed client clock still count.
const EARLIEST = new Date(Date.UTC(2000, 0, 1));
const AHEAD_MS = 48 * HOUR_MS;

export function createProjectStatusRouter(deps: ApiRouterDeps, { otlpPort }: { otlpPort?: number | undefined } = {}): Router {
  const router = Router();
  router.get("/api/projects/:projectId/status", async (req, res) => {
    const access = await deps.authorizeProject(req, req.params.projectId);
    parseQuery(NoQuery, req.query);
    const to = new Date(Math.ceil((deps.now().getTime() + AHEAD_MS) / HOUR_MS) * HOUR_MS);
    const [totals] = await aggregateRunMetrics(deps.store, {
      projectId: access.projectId,
      from: EARLIEST,
      to,
      filters: {},
      source: "rollup_model_hourly",
    });
    const runs = totals?.requests ?? 0;
    const [latest] =
      runs > 0
        ? await listRunsPage(deps.store, { projectId: access.projectId, filters: {}, sort: "startTime", order: "desc", limit: 1 })
        : [];
    const status: ProjectStatusView = {
      runs,
      spans: runs,
      lastSpanAt: latest ? isoTime(latest.start_time) : null,
      otlpPort: otlpPort ?? null,
    };
    res.json(status);
  });
  return router;
}
