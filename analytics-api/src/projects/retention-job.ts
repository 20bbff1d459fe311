// The hourly enforcement of per-project retention, as a scheduler job ("retention.enforce"): for each
// project with its own retention, everything older than the start of the hour `days` ago is deleted
// (spans with their content, feedback on those runs, the hourly rollup rows of those hours), so a run is
// kept at least its days and deleted within the hour after, and rollups keep agreeing with the spans.
// A failing project is logged and the rest carried on; the job fails at the end so the scheduler retries.
import { deleteProjectRowsBefore, listProjectRetentions, type Store } from "@promptmetrics/clickhouse";
import type { JobDefinition } from "../scheduler/scheduler.ts";

export const RETENTION_JOB = "retention.enforce";

const HOUR_MS = 3_600_000;
const DAY_MS = 86_400_000;

/** The first instant a project with `days` of retention keeps at `now`: the start of the hour `days` ago. */
export function retentionCutoff(now: Date, days: number): Date {
  return new Date(Math.floor((now.getTime() - days * DAY_MS) / HOUR_MS) * HOUR_MS);
}

export function projectRetentionJob({ store, everyMs = HOUR_MS }: { store: Store; /** @default 1 h */ everyMs?: number }): JobDefinition {
  return {
    name: RETENTION_JOB,
    cadence: { kind: "interval", everyMs },
    retryAfterMs: 5 * 60_000,
    run: async ({ clock, log, signal }) => {
      const failed: string[] = [];
      let spans = 0;
      for (const { projectId, retentionDays } of await listProjectRetentions(store)) {
        if (signal.aborted) throw new Error("stopped before every project's retention was applied");
        if (retentionDays === null) continue;
        try {
          const deleted = await deleteProjectRowsBefore(store, { projectId, before: retentionCutoff(clock.now(), retentionDays) });
          spans += deleted.spans;
          if (deleted.spans + deleted.feedback + deleted.rollupRows > 0)
            log(
              `project ${projectId}: ${deleted.spans} span row(s), ${deleted.feedback} feedback row(s), ${deleted.rollupRows} rollup row(s) past ${retentionDays} days deleted`,
            );
        } catch (error) {
          failed.push(projectId);
          log(`project ${projectId}: ${(error as Error).message}`);
        }
      }
      log(`${spans} expired span row(s) deleted`);
      if (failed.length > 0) throw new Error(`${failed.length} project(s) could not apply their retention: ${failed.join(", ")}`);
    },
  };
}
