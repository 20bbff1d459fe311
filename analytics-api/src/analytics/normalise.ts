// Pure normalisation of parsed parameters into a plan: the time zone checked, dates resolved against
// an injected `now`, the bucket size picked and its buckets listed, filters gathered.
import type { Granularity, RunFilters } from "@promptmetrics/clickhouse/analytics";
import { ValidationError } from "../http/errors.ts";
import { listBuckets, onUtcDays, onWholeHours } from "./buckets.ts";
import type { CommonParams } from "./params.ts";
import { defaultGranularity, resolveRange, type TimeRange } from "./time-range.ts";
import { resolveTimeZone, type ZoneNames } from "./time-zone.ts";

export const MAX_BUCKETS = 1000;

export interface Plan {
  projectId: string;
  range: TimeRange;
  timeZone: ZoneNames;
  granularity: Granularity;
  /** First instant (ms) of every bucket overlapping the range, in order. */
  buckets: number[];
  /** Whether the buckets can be built from hourly UTC rollup rows. */
  bucketsOnWholeHours: boolean;
  /** Whether every bucket boundary is a UTC midnight: the buckets can be built from whole UTC days (the rollups' daily projection). */
  bucketsOnUtcDays: boolean;
  filters: RunFilters;
}

export function normalise(params: CommonParams, now: Date): Plan {
  const timeZone = resolveTimeZone(params.tz ?? "UTC");
  if (!timeZone) throw new ValidationError(`tz: unknown time zone "${params.tz}"; use an IANA name such as Europe/Berlin`, "tz");
  const range = resolveRange(params, { now, timeZone: timeZone.canonical });
  const granularity = params.granularity ?? defaultGranularity(range);
  const buckets = listBuckets(range.from.getTime(), range.to.getTime(), granularity, timeZone.canonical, MAX_BUCKETS);
  if (!buckets) {
    throw new ValidationError(
      `granularity: ${granularity} buckets over this range would be more than ${MAX_BUCKETS}; choose a coarser granularity or a shorter range`,
      "granularity",
    );
  }
  return {
    projectId: params.projectId,
    range,
    timeZone,
    granularity,
    buckets,
    bucketsOnWholeHours: onWholeHours(buckets, granularity, timeZone.canonical),
    bucketsOnUtcDays: onUtcDays(buckets, granularity, timeZone.canonical),
    filters: {
      model: params.model,
      provider: params.provider,
      userId: params.userId,
      prompt: params.prompt,
      promptVersion: params.promptVersion,
      tag: params.tag,
      status: params.status,
    },
  };
}
