// The run routes' query strings as strict zod schemas (an unknown parameter is a 400 naming it), shared
// by the routers and the OpenAPI document, and their translation into the store's run filters.
import { z } from "zod";
import { QUALITY_FILTERS, RUN_SORTS, SORT_ORDERS, type RunListFilters } from "@promptmetrics/clickhouse/runs";
import { filter, once } from "../analytics/params.ts";
import { parseTimeRange } from "./time-bound.ts";

/** USD with at most 12 decimals, below the Decimal(18, 12) ceiling. */
export const USD_DECIMAL = /^\d{1,6}(\.\d{1,12})?$/;

/** Parameters shared by the run list and the runs export. */
export const runFilterParams = {
  projectId: z.string({ error: once }).min(1).max(200).describe("The project to read. A project the caller may not see is a 404."),
  from: z
    .string({ error: once })
    .max(64)
    .optional()
    .describe('Runs started at or after: "now", a relative time (15m, 24h, 7d, 30d, 2w) or ISO 8601 (UTC unless an offset is given).'),
  to: z.string({ error: once }).max(64).optional().describe("Runs started before, in the same forms as `from`."),
  model: filter("Only runs of these models."),
  provider: filter("Only runs of these providers."),
  userId: filter("Only runs of these end users."),
  sessionId: filter("Only runs of these sessions."),
  prompt: filter("Only runs of these prompt names."),
  promptVersion: filter("Only runs of these prompt versions."),
  tag: filter("Only runs carrying any of these tags."),
  status: z
    .union([z.enum(["ok", "error"]), z.array(z.enum(["ok", "error"])).min(1)])
    .transform((value) => (Array.isArray(value) ? value : [value]))
    .optional()
    .describe('"ok" or "error".'),
  quality: z
    .union([z.enum(QUALITY_FILTERS), z.array(z.enum(QUALITY_FILTERS)).min(1)])
    .transform((value) => (Array.isArray(value) ? value : [value]))
    .optional()
    .describe(
      'The runs\' free quality heuristics: "ok" (no flag), "failing" (any flag), or a flag: empty_output, refusal, invalid_json, ' +
        "truncated, error. Given several times, runs matching any.",
    ),
  rated: z
    .enum(["true", "false"], { error: 'must be "true" or "false"' })
    .transform((value) => value === "true")
    .optional()
    .describe("true: only runs with a rating; false: only runs without one."),
  minCost: z
    .string({ error: once })
    .regex(USD_DECIMAL, "must be a USD amount such as 0.05")
    .optional()
    .describe("Runs costing at least this (USD); unpriced runs never match."),
  maxCost: z
    .string({ error: once })
    .regex(USD_DECIMAL, "must be a USD amount such as 0.05")
    .optional()
    .describe("Runs costing at most this (USD); unpriced runs never match."),
  q: z.string({ error: once }).min(1).max(500).optional().describe("Case-insensitive text to find in the input or the output."),
  sort: z.enum(RUN_SORTS).default("startTime").describe("startTime (default), cost, latency or tokens (input + output)."),
  order: z.enum(SORT_ORDERS).default("desc").describe("desc (default) or asc."),
};

export const listRunsParams = z.strictObject({
  ...runFilterParams,
  limit: z.coerce.number().int().min(1).max(200).default(50).describe("Runs per page, 1 to 200. Default 50."),
  cursor: z.string({ error: once }).max(2000).optional().describe("The nextCursor of the previous page."),
});
export type ListRunsParams = z.infer<typeof listRunsParams>;

/** GET /api/runs/:runId */
export const DetailQuery = z.strictObject({
  projectId: z.string().min(1).max(200).optional().describe("The run's project; without it the run is looked up in the caller's projects."),
});

export const EXPORT_FORMATS = ["csv", "json"] as const;

/** GET /api/analytics/export?what=runs */
export const exportRunsParams = z.strictObject({
  ...runFilterParams,
  what: z.literal("runs"),
  format: z.enum(EXPORT_FORMATS).default("csv"),
});

type FilterParams = Pick<ListRunsParams, keyof typeof runFilterParams>;

export function toRunFilters(params: FilterParams, now: Date): RunListFilters {
  const range = parseTimeRange(params, now);
  return {
    from: range.from,
    to: range.to,
    model: params.model,
    provider: params.provider,
    userId: params.userId,
    sessionId: params.sessionId,
    prompt: params.prompt,
    promptVersion: params.promptVersion,
    tag: params.tag,
    status: params.status,
    rated: params.rated,
    minCost: params.minCost,
    maxCost: params.maxCost,
    q: params.q,
    quality: params.quality,
  };
}
