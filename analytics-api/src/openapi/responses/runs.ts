// The JSON answers of the run routes: the list, one run with its trace, a created run, feedback.
import { z } from "zod";
import { QUALITY_FLAG_NAMES } from "@promptmetrics/runs";
import type { RunCost as RunCostView, RunItem as RunItemView } from "../../runs/run-view.ts";
import type { TraceNode as TraceNodeView } from "../../runs/trace-tree.ts";
import { RunStatus } from "./analytics.ts";
import { Timestamp } from "./common.ts";
import type { Agree, Expect, JsonOf } from "./type-checks.ts";

const count = z.number().int();

export const RunItem = z
  .strictObject({
    id: z.string().describe("`<traceId>-<spanId>`"),
    traceId: z.string(),
    spanId: z.string(),
    startTime: Timestamp,
    endTime: Timestamp,
    latencyMs: z.number(),
    ttftMs: z.number().nullable(),
    model: z.string(),
    provider: z.string(),
    operation: z.string(),
    promptName: z.string(),
    promptVersion: z.string(),
    userId: z.string(),
    sessionId: z.string(),
    tags: z.array(z.string()),
    inputTokens: count,
    outputTokens: count,
    cacheReadTokens: count,
    cacheWriteTokens: count,
    reasoningTokens: count,
    costUsd: z.number().nullable().describe("Null when the model has no known price."),
    status: RunStatus,
    finishReason: z.string(),
    qualityFlags: z
      .array(z.enum(QUALITY_FLAG_NAMES))
      .describe(
        "The free quality heuristics that flagged the run, in this order: empty_output (no text or tool call, or 0 output tokens), " +
          "refusal, invalid_json (JSON asked for, or tool-call arguments, that does not parse), truncated (cut at the token limit), " +
          "error. Empty when none applies.",
      ),
    rating: z.number().int().min(1).max(5).nullable(),
    success: z.boolean().nullable(),
    feedback: z.string().nullable(),
    inputPreview: z.string(),
    outputPreview: z.string(),
  })
  .meta({ id: "RunItem" });

export const RunsPage = z.strictObject({ items: z.array(RunItem), nextCursor: z.string().nullable() }).meta({ id: "RunsPage" });

export const RunCost = z
  .strictObject({
    totalUsd: z.number().nullable(),
    inputUsd: z.number(),
    cacheReadUsd: z.number(),
    cacheWriteUsd: z.number(),
    outputUsd: z.number(),
    reasoningUsd: z.number(),
    reportedUsd: z.number().nullable(),
    priceSource: z.string().describe("catalogue, override, custom, unknown or caller."),
    pricedModel: z.string(),
  })
  .meta({ id: "RunCost" });

export const TraceNode = z
  .strictObject({
    id: z.string(),
    parentId: z.string().nullable(),
    runId: z.string().nullable().describe("The run id of an LLM span (link to its detail); null for other spans."),
    name: z.string(),
    kind: z.string(),
    startTime: Timestamp,
    durationMs: z.number(),
    status: z.enum(["unset", "ok", "error"]),
    isLlm: z.boolean(),
    model: z.string(),
    costUsd: z.number().nullable(),
    get children(): z.ZodArray<typeof TraceNode> {
      return z.array(TraceNode);
    },
  })
  .meta({ id: "TraceNode" });

export const RunDetail = RunItem.extend({
  projectId: z.string(),
  parentSpanId: z.string().nullable(),
  name: z.string(),
  serviceName: z.string(),
  requestModel: z.string(),
  responseModel: z.string(),
  serviceTier: z.string().describe("'' | standard | batch | flex | priority | fast | ultrafast: the tier the run was priced in."),
  inferenceGeo: z
    .string()
    .describe(
      'Where the call was processed ("us", "global", ...; \'\' when not known); any value but "global" priced the regional uplift.',
    ),
  statusMessage: z.string(),
  cacheWrite1hTokens: count.describe("The part of cacheWriteTokens written with Anthropic's 1-hour TTL."),
  cacheWrite12hTokens: count.describe("The part of cacheWriteTokens written with OpenAI's 12-hour retention."),
  usageEstimated: z.boolean(),
  inputHash: z
    .string()
    .describe(
      "A hash of the request (messages, system, tools and the parameters that change the answer, never the model), recorded " +
        "without content capture: runs with the same inputHash asked the same thing. '' when not known.",
    ),
  prefixHash: z
    .string()
    .describe("The same for the request's stable prefix (up to the last cache breakpoint, else before the last user turn); '' when none."),
  prefixTokens: count.describe(
    "The stable prefix's tokens: exact (the cache read + write) when cacheReadTokens + cacheWriteTokens > 0, else estimated (UTF-8 bytes / 4).",
  ),
  input: z.string(),
  output: z.string(),
  cost: RunCost,
  feedbackUpdatedAt: Timestamp.nullable(),
  attributes: z.record(z.string(), z.string()),
  resourceAttributes: z.record(z.string(), z.string()),
  trace: z.strictObject({ traceId: z.string(), spanCount: count, truncated: z.boolean(), roots: z.array(TraceNode) }),
}).meta({ id: "RunDetail" });

export const CreatedRun = RunItem.extend({ priceSource: z.string(), pricedModel: z.string() }).meta({ id: "CreatedRun" });

export const RunFeedback = z
  .strictObject({
    id: z.string(),
    rating: z.number().int().min(1).max(5).nullable(),
    success: z.boolean().nullable(),
    feedback: z.string().nullable(),
    updatedAt: Timestamp,
  })
  .meta({ id: "RunFeedback" });

export type RunChecks = [
  Expect<Agree<JsonOf<RunItemView>, z.output<typeof RunItem>>>,
  Expect<Agree<JsonOf<RunCostView>, z.output<typeof RunCost>>>,
  Expect<Agree<JsonOf<TraceNodeView>, z.output<typeof TraceNode>>>,
];
