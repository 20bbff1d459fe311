// The vocabulary of analytics queries, shared by the SQL builders here and the API that normalises
// requests into them.

/** What runs can be grouped by. `user` is the end user (spans.user_id); `member` is the team member who owns the key that sent the run. */
export const DIMENSIONS = ["model", "provider", "user", "prompt", "promptVersion", "tag", "member"] as const;
export type Dimension = (typeof DIMENSIONS)[number];

export const GRANULARITIES = ["minute", "hour", "day", "week", "month"] as const;
export type Granularity = (typeof GRANULARITIES)[number];

export const RUN_STATUSES = ["ok", "error"] as const;
export type RunStatus = (typeof RUN_STATUSES)[number];

/** Filters on runs: each list keeps runs whose value is one of its entries (for `tag`: that carry one of the tags). */
export interface RunFilters {
  model?: readonly string[] | undefined;
  provider?: readonly string[] | undefined;
  userId?: readonly string[] | undefined;
  prompt?: readonly string[] | undefined;
  promptVersion?: readonly string[] | undefined;
  tag?: readonly string[] | undefined;
  status?: readonly RunStatus[] | undefined;
  /** Only runs made with a named prompt (the prompt views leave the others out). */
  namedPromptsOnly?: boolean | undefined;
}

export type FilterField = Exclude<keyof RunFilters, "namedPromptsOnly">;
export const FILTER_FIELDS = [
  "model",
  "provider",
  "userId",
  "prompt",
  "promptVersion",
  "tag",
  "status",
] as const satisfies readonly FilterField[];

/** Where run figures are read from: one of the hourly rollups, or the raw spans. */
export type Source = "rollup_model_hourly" | "rollup_user_hourly" | "rollup_prompt_hourly" | "rollup_member_hourly" | "raw";

/** Time buckets in the caller's time zone. */
export interface Bucketing {
  granularity: Granularity;
  /** An IANA name ClickHouse knows; validated by the caller. */
  timeZone: string;
  /**
   * Whether every bucket boundary in the range is a UTC midnight (computed by the caller, who knows the
   * zone): only then can day, week and month buckets be built from whole UTC days of a rollup.
   */
  onUtcDays?: boolean | undefined;
}

/** The runs a query covers: one project, the half-open range [from, to), and filters. */
export interface RunScope {
  projectId: string;
  from: Date;
  to: Date;
  filters: RunFilters;
  /** Group keys, in order; each result row carries one value per dimension. */
  dimensions?: readonly Dimension[] | undefined;
  bucket?: Bucketing | undefined;
  /**
   * Values of the first dimension that keep their own group; every other value folds into one
   * "other" group (rows with `inKeep` false). Used for top-N series.
   */
  keep?: readonly string[] | undefined;
}

export interface Sql {
  sql: string;
  params: Record<string, unknown>;
}
