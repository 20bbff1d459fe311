// The query parameters of the analytics routes as zod schemas (strict: an unknown parameter is a 400
// naming it, see http/validate.ts), each described for the OpenAPI document.
import { z } from "zod";
import { DIMENSIONS, GRANULARITIES, RUN_STATUSES } from "@promptmetrics/clickhouse/analytics";
import { FIGURE_NAMES } from "./figures.ts";

export const once = "must be given once, as a single value";

/** A filter: repeat the parameter (model=a&model=b) to keep runs matching any of the values. */
export function filter(description: string) {
  return z
    .union([z.string().max(512), z.array(z.string().max(512)).min(1).max(100)])
    .transform((value) => (Array.isArray(value) ? value : [value]))
    .optional()
    .describe(`${description} Repeat the parameter to keep runs matching any of the values.`);
}

/** Parameters every analytics route takes. */
export const commonParams = {
  projectId: z.string({ error: once }).min(1).max(200).describe("The project to read. A project the caller may not see is a 404."),
  from: z
    .string({ error: once })
    .optional()
    .describe(
      'Start of the range, inclusive: "now"; a relative time "<n>m|h|d|w" counted back from now (15m, 24h, 7d, 30d, 2w); an ISO 8601 timestamp with Z or an offset; or a date or date-time without one, read as local time in tz ("2026-11-20" is that local midnight). Default: 7 days before `to`.',
    ),
  to: z.string({ error: once }).optional().describe('End of the range, exclusive, in the same forms as `from`. Default: "now".'),
  tz: z
    .string({ error: once })
    .max(64)
    .optional()
    .describe('IANA time zone for buckets and local dates, e.g. "Europe/Berlin". Default: "UTC".'),
  granularity: z
    .enum(GRANULARITIES)
    .optional()
    .describe(
      "Bucket size of time series, in tz; weeks start on Monday. Default from the range length: minute up to 3 hours, hour up to 3 days, day up to 92 days, week up to 2 years, else month. More than 1000 buckets is a 400. Every route accepts it (so a dashboard can send one query string); only trends and success-rate return series.",
    ),
  model: filter("Only runs of these models (the response model, else the requested one)."),
  provider: filter("Only runs of these providers (openai, anthropic, ...)."),
  userId: filter('Only runs of these end users (the user id on the run; "" for runs without one).'),
  prompt: filter('Only runs of these prompt names ("" for runs without a prompt).'),
  promptVersion: filter("Only runs of these prompt versions."),
  tag: filter("Only runs carrying any of these tags."),
  status: z
    .union([z.enum(RUN_STATUSES), z.array(z.enum(RUN_STATUSES)).min(1)])
    .transform((value) => (Array.isArray(value) ? value : [value]))
    .optional()
    .describe('Only runs with this status: "ok" or "error".'),
};

const limit = z.coerce.number().int().min(1).max(1000).default(100).describe("Rows per table, at most 1000. Default 100.");

export const overviewParams = z.strictObject(commonParams);

export const costsParams = z.strictObject({
  ...commonParams,
  groupBy: z
    .enum(DIMENSIONS)
    .default("model")
    .describe(
      'What to break cost down by. "user": the end user on the run; "member": the team member who owns the key that sent it. Default "model".',
    ),
  limit,
});

/** Metric names for trends: the overview's figure names ("cost" is short for costUsd). */
export const TREND_METRICS = [...FIGURE_NAMES, "cost"] as const;

export const trendsParams = z.strictObject({
  ...commonParams,
  metric: z
    .enum(TREND_METRICS)
    .default("costUsd")
    .describe('The figure to chart: any field of the overview\'s totals ("cost" is short for costUsd). Default "costUsd".'),
  splitBy: z
    .enum(DIMENSIONS)
    .optional()
    .describe('Split into one series per group of this dimension: the `top` largest groups, and the rest summed as one "other" series.'),
  top: z.coerce
    .number()
    .int()
    .min(1)
    .max(20)
    .default(5)
    .describe(
      "How many groups keep their own series, ranked by the metric when it adds up across groups (cost, requests, tokens, errors), else by requests. Default 5.",
    ),
});

export const modelsParams = z.strictObject({ ...commonParams, limit });

export const successRateParams = z.strictObject({ ...commonParams, limit });

export const usersParams = z.strictObject({ ...commonParams, limit });

export const promptsParams = z.strictObject({
  ...commonParams,
  limit,
  compare: z
    .string({ error: once })
    .regex(/^[^,]+,[^,]+$/, "must be two prompt versions separated by a comma, e.g. v1,v2")
    .transform((value) => value.split(",") as [string, string])
    .optional()
    .describe('Two versions of the prompt named by `prompt` (give exactly one) to compare side by side: "v1,v2".'),
});

export type CommonParams = z.infer<typeof overviewParams>;
