// What every analytics answer says about how it was computed: the resolved range, zone, bucket size
// and where the figures came from (a rollup or raw spans), for the UI's labels and for debugging.
import type { Granularity, Source } from "@promptmetrics/clickhouse/analytics";
import type { Plan } from "./normalise.ts";

export interface Meta {
  projectId: string;
  /** The resolved range as UTC ISO timestamps; `to` is exclusive. */
  from: string;
  to: string;
  timeZone: string;
  granularity: Granularity;
  /** Where the figures were read from, once each. */
  sources: Source[];
}

export function buildMeta(plan: Plan, sources: readonly Source[]): Meta {
  return {
    projectId: plan.projectId,
    from: plan.range.from.toISOString(),
    to: plan.range.to.toISOString(),
    timeZone: plan.timeZone.display,
    granularity: plan.granularity,
    sources: [...new Set(sources)],
  };
}
