// Chooses where a request's run figures come from: an hourly rollup when it can answer exactly,
// the raw spans otherwise.
import type { Dimension, FilterField, Granularity, RunFilters, Source } from "./types.ts";

/**
 * The rules, in order:
 * 1. Minute buckets need finer rows than an hour: raw.
 * 2. Time buckets whose boundaries are not all whole UTC hours cannot be rebuilt from UTC hours:
 *    raw. That is every bucket in a zone with a :30 or :45 offset (Asia/Kolkata), and a day in a zone
 *    whose offset is whole only part of the time. A DST change between whole-hour offsets (Berlin,
 *    New York) keeps every boundary on a whole hour, so toStartOfDay(hour, tz) stays exact.
 * 3. A range that holds no whole UTC hour has nothing a rollup can give: raw. (Otherwise the partial
 *    hours at either end of the range are read from raw spans and added to the rollup's whole hours,
 *    so a range such as "the last 24h" is exact too.)
 * 4. The first rollup that has a column for every dimension and filter of the request, and holds every
 *    run the request covers (rollup_prompt_hourly holds only runs with a prompt name, so it serves only
 *    requests limited to named prompts): that rollup.
 * 5. Anything else (tags, a status filter, dimensions from two rollups): raw.
 * Time-zone-free requests (totals, tables) skip rules 1 and 2: their range ends are instants.
 */
export interface SourceRequest {
  dimensions: readonly Dimension[];
  filters: RunFilters;
  from: Date;
  to: Date;
  /** Absent when the request has no time buckets. */
  granularity?: Granularity | undefined;
  /** Whether every bucket boundary in the range falls on a whole UTC hour (computed by the caller, who knows the time zone). */
  bucketsOnWholeHours?: boolean | undefined;
}

type Field = Dimension | FilterField;

const ROLLUPS: readonly { table: Exclude<Source, "raw">; fields: readonly Field[]; namedPromptsOnly: boolean }[] = [
  { table: "rollup_model_hourly", fields: ["model", "provider"], namedPromptsOnly: false },
  { table: "rollup_user_hourly", fields: ["user", "userId"], namedPromptsOnly: false },
  { table: "rollup_prompt_hourly", fields: ["prompt", "promptVersion", "model"], namedPromptsOnly: true },
  // Keyed by the ingest key and the recorded creator; the member is read through the key's owner (source.ts).
  { table: "rollup_member_hourly", fields: ["member", "model", "provider"], namedPromptsOnly: false },
];

const HOUR_MS = 3_600_000;

export function pickSource(request: SourceRequest): Source {
  if (request.granularity === "minute") return "raw";
  if (request.granularity !== undefined && !request.bucketsOnWholeHours) return "raw";
  if (Math.ceil(request.from.getTime() / HOUR_MS) >= Math.floor(request.to.getTime() / HOUR_MS)) return "raw";
  const fields = new Set<Field>([...request.dimensions, ...filterFields(request.filters)]);
  const rollup = ROLLUPS.find(
    (candidate) =>
      [...fields].every((field) => candidate.fields.includes(field)) &&
      (!candidate.namedPromptsOnly || limitedToNamedPrompts(request.filters)),
  );
  return rollup?.table ?? "raw";
}

function filterFields(filters: RunFilters): FilterField[] {
  return (Object.keys(filters) as (keyof RunFilters)[]).filter(
    (key): key is FilterField => key !== "namedPromptsOnly" && filters[key] !== undefined,
  );
}

function limitedToNamedPrompts(filters: RunFilters): boolean {
  return filters.namedPromptsOnly === true || (filters.prompt !== undefined && filters.prompt.length > 0 && !filters.prompt.includes(""));
}
