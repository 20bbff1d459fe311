// The hourly recomputation of every project's suggestions, as a scheduler job ("optimization.refresh"):
// one project after another with the project's prices, a failing project logged and the rest carried on
// (the job fails at the end if any did, so the scheduler retries it). POST /api/optimization/refresh does
// the same for one project on demand.
import { listAllProjects, type Store } from "@promptmetrics/clickhouse";
import type { ProjectPricers } from "@promptmetrics/runs";
import type { JobDefinition } from "../scheduler/scheduler.ts";
import { refreshProjectSuggestions } from "./engine.ts";

export const OPTIMIZATION_REFRESH_JOB = "optimization.refresh";

export function optimizationRefreshJob({
  store,
  pricers,
  everyMs = 3_600_000,
}: {
  store: Store;
  pricers: ProjectPricers;
  /** @default 1 h */
  everyMs?: number;
}): JobDefinition {
  return {
    name: OPTIMIZATION_REFRESH_JOB,
    cadence: { kind: "interval", everyMs },
    retryAfterMs: 5 * 60_000,
    run: async ({ clock, log, signal }) => {
      await pricers.ready();
      const failed: string[] = [];
      let written = 0;
      for (const project of await listAllProjects(store)) {
        if (signal.aborted) throw new Error("stopped before every project was refreshed");
        try {
          const report = await refreshProjectSuggestions({
            store,
            projectId: project.id,
            pricer: pricers.forProject(project.id),
            now: clock.now(),
          });
          written += report.written;
        } catch (error) {
          failed.push(project.id);
          log(`project ${project.id}: ${(error as Error).message}`);
        }
      }
      log(`${written} suggestion version(s) written`);
      if (failed.length > 0) throw new Error(`${failed.length} project(s) could not be refreshed: ${failed.join(", ")}`);
    },
  };
}
