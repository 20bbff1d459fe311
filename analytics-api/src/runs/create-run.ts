// POST /api/runs/create: a run logged without OpenTelemetry becomes a `spans` row like an ingested LLM
// span, so the rollups' materialized views count it and every route sees it. Token counts follow the
// OTel GenAI semantics (input includes cache reads and writes, output includes reasoning); the cost is
// priced like the ingest does unless the caller gives one.
import { randomBytes } from "node:crypto";
import { z } from "zod";
import { nextVersion, toDbTime } from "@promptmetrics/clickhouse";
import type { Pricer } from "@promptmetrics/pricing";
import { answerFacts, qualityFlags } from "@promptmetrics/pricing/evidence";
import { capText, emptySpanRow, formatNanos, givenCostColumns, llmColumns, priceSpanRow, type SpanRow } from "@promptmetrics/runs";
import { ValidationError } from "../http/errors.ts";
import { USD_DECIMAL } from "./params.ts";
import { parseTimeBound } from "./time-bound.ts";

/** Where the creator of an API-logged run is kept: spans have no user column, only the key that sent them. */
export const CREATED_BY_ATTRIBUTE = "promptmetrics.created_by";
/** The instrumentation scope of API-logged runs. */
export const API_SCOPE_NAME = "@promptmetrics/api";

const tokens = z.number().int().min(0).max(Number.MAX_SAFE_INTEGER).optional();
const hexId = (length: number) =>
  z
    .string()
    .regex(new RegExp(`^[0-9a-fA-F]{${length}}$`), `must be ${length} hex digits`)
    .transform((value) => value.toLowerCase())
    .refine((value) => !/^0+$/.test(value), "must not be all zeros");

const hash = z
  .string()
  .trim()
  .regex(/^[0-9a-fA-F]{1,64}$/, "must be 1 to 64 hex digits")
  .transform((value) => value.toLowerCase())
  .optional();

export const createRunBody = z.strictObject({
  projectId: z.string().min(1).max(200),
  model: z.string().trim().min(1).max(200).describe("The model that answered (priced by this name)."),
  provider: z.string().trim().max(100).optional().describe("openai, anthropic, ...; defaults to the catalogue's provider of the model."),
  operation: z.string().trim().min(1).max(100).optional().describe('The GenAI operation, e.g. "chat" (default) or "embeddings".'),
  input: z.string().optional().describe("Prompt text (capped at 64 Ki characters)."),
  output: z.string().optional().describe("Response text (capped at 64 Ki characters)."),
  inputTokens: tokens.describe("All input tokens, cache reads and writes included."),
  outputTokens: tokens.describe("All output tokens, reasoning included."),
  cacheReadTokens: tokens,
  cacheWriteTokens: tokens,
  cacheWrite1hTokens: tokens.describe("The part of cacheWriteTokens written with a 1-hour TTL (Anthropic)."),
  cacheWrite12hTokens: tokens.describe("The part of cacheWriteTokens written with 12-hour retention (OpenAI)."),
  reasoningTokens: tokens,
  usageEstimated: z.boolean().optional(),
  latencyMs: z
    .number()
    .min(0)
    .max(7 * 86_400_000)
    .optional(),
  ttftMs: z
    .number()
    .min(0)
    .max(7 * 86_400_000)
    .optional(),
  startTime: z.string().max(64).optional().describe("When the call started (ISO 8601); default: now minus latencyMs."),
  userId: z.string().max(256).optional(),
  sessionId: z.string().max(256).optional(),
  promptName: z.string().max(256).optional(),
  promptVersion: z.string().max(256).optional(),
  tags: z.array(z.string().min(1).max(128)).max(50).optional(),
  metadata: z
    .record(z.string().min(1).max(256), z.string().max(32_768))
    .refine((value) => Object.keys(value).length <= 100, "must have at most 100 entries")
    .optional()
    .describe("Stored as span attributes."),
  costUsd: z
    .union([z.number().min(0).max(999_999), z.string().regex(USD_DECIMAL, "must be a USD amount such as 0.05")])
    .optional()
    .describe("The call's cost in USD; when absent, priced from the catalogue and the project's price overrides."),
  serviceTier: z.enum(["standard", "batch", "flex", "priority", "fast", "ultrafast"]).optional(),
  inferenceGeo: z
    .string()
    .trim()
    .toLowerCase()
    .max(64)
    .optional()
    .describe(
      'Where the call was processed: Anthropic\'s inference_geo ("us", "global", ...) or an OpenAI project\'s region. ' +
        'Any value but "global" prices the model\'s regional-processing uplift.',
    ),
  inputHash: hash.describe(
    "A hash of the request (messages, system, tools and the parameters that change the answer, not the model), 1-64 hex digits: " +
      "runs with the same inputHash are duplicate requests. The instrumentation's is the first 32 hex digits of the SHA-256 of " +
      "the request's canonical form (docs/design/instrumentation.md); any hash of your own finds duplicates among your runs.",
  ),
  prefixHash: hash.describe("The same for the request's stable prefix (up to the last cache breakpoint, else before the last user turn)."),
  prefixTokens: z
    .number()
    .int()
    .min(0)
    .max(4_294_967_295)
    .optional()
    .describe("The prefix's size in tokens: the cache read + write tokens when the call used the cache, else an estimate."),
  status: z.enum(["ok", "error"]).optional(),
  statusMessage: z.string().max(4096).optional(),
  finishReason: z.string().max(100).optional(),
  serviceName: z.string().max(256).optional(),
  traceId: hexId(32).optional().describe("Put the run into an existing trace (32 hex digits); default: a new trace."),
  parentId: hexId(16).optional().describe("The span id of the run's parent in that trace (16 hex digits)."),
});
export type CreateRunBody = z.infer<typeof createRunBody>;

export interface RunCreator {
  userId: string;
  /** The API token the run was logged with, as the ingest records the key a span came with. */
  tokenId: string | undefined;
}

/** Checks what the schema cannot (subsets within totals, ids together); throws a 400 naming the field. */
export function checkCreateRun(body: CreateRunBody): void {
  const input = body.inputTokens ?? 0;
  const output = body.outputTokens ?? 0;
  if ((body.cacheReadTokens ?? 0) + (body.cacheWriteTokens ?? 0) > input) {
    throw new ValidationError(
      "cacheReadTokens + cacheWriteTokens must not exceed inputTokens (input includes the cache)",
      body.cacheReadTokens ? "cacheReadTokens" : "cacheWriteTokens",
    );
  }
  if ((body.cacheWrite1hTokens ?? 0) > (body.cacheWriteTokens ?? 0))
    throw new ValidationError("cacheWrite1hTokens must not exceed cacheWriteTokens", "cacheWrite1hTokens");
  if ((body.cacheWrite1hTokens ?? 0) + (body.cacheWrite12hTokens ?? 0) > (body.cacheWriteTokens ?? 0))
    throw new ValidationError("cacheWrite1hTokens + cacheWrite12hTokens must not exceed cacheWriteTokens", "cacheWrite12hTokens");
  if ((body.reasoningTokens ?? 0) > output)
    throw new ValidationError("reasoningTokens must not exceed outputTokens (output includes reasoning)", "reasoningTokens");
  if (body.parentId !== undefined && body.traceId === undefined)
    throw new ValidationError("parentId needs the traceId of its trace", "parentId");
  if (body.ttftMs !== undefined && body.latencyMs !== undefined && body.ttftMs > body.latencyMs)
    throw new ValidationError("ttftMs must not exceed latencyMs", "ttftMs");
  for (const key of Object.keys(body.metadata ?? {})) {
    if (key.startsWith("promptmetrics."))
      throw new ValidationError(`metadata keys starting with "promptmetrics." are reserved`, `metadata.${key}`);
  }
}

/** The run's `spans` row. Pricing happens here so that the row and the answer carry the same cost. */
export function buildRunRow(body: CreateRunBody, ctx: { projectId: string; creator: RunCreator; pricer: Pricer; now: Date }): SpanRow {
  const latencyMs = body.latencyMs ?? 0;
  const durationNs = BigInt(Math.round(latencyMs * 1e6));
  const start =
    body.startTime === undefined
      ? new Date(ctx.now.getTime() - latencyMs)
      : parseTimeBound(body.startTime, { now: ctx.now, field: "startTime" });
  const startNs = BigInt(start.getTime()) * 1_000_000n;
  const operation = body.operation ?? "chat";
  const provider = body.provider ?? ctx.pricer.match(body.model)?.provider ?? "";
  const status = body.status ?? "ok";
  const row = emptySpanRow({
    project_id: ctx.projectId,
    trace_id: body.traceId ?? randomBytes(16).toString("hex"),
    span_id: randomBytes(8).toString("hex"),
    parent_span_id: body.parentId ?? "",
    start_time: formatNanos(startNs),
    end_time: formatNanos(startNs + durationNs),
    duration_ns: Number(durationNs),
    name: `${operation} ${body.model}`,
    kind: "client",
    service_name: body.serviceName ?? "",
    scope_name: API_SCOPE_NAME,
    status_code: status,
    status_message: body.statusMessage ?? "",
    resource_attributes: body.serviceName === undefined ? {} : { "service.name": body.serviceName },
    span_attributes: { ...body.metadata, [CREATED_BY_ATTRIBUTE]: ctx.creator.userId },
    ...llmColumns({
      provider,
      operation,
      requestModel: body.model,
      responseModel: body.model,
      serviceTier: body.serviceTier ?? "",
      inferenceGeo: body.inferenceGeo ?? "",
      usage: {
        inputTokens: body.inputTokens ?? 0,
        outputTokens: body.outputTokens ?? 0,
        cacheReadTokens: body.cacheReadTokens ?? 0,
        cacheWriteTokens: body.cacheWriteTokens ?? 0,
        cacheWrite1hTokens: body.cacheWrite1hTokens ?? 0,
        cacheWrite12hTokens: body.cacheWrite12hTokens ?? 0,
        reasoningTokens: body.reasoningTokens ?? 0,
      },
      usageEstimated: body.usageEstimated ?? false,
      reportedCostUsd: null,
      ttftMs: body.ttftMs ?? null,
      finishReason: body.finishReason ?? "",
      userId: body.userId ?? "",
      sessionId: body.sessionId ?? "",
      promptName: body.promptName ?? "",
      promptVersion: body.promptVersion ?? "",
      tags: body.tags ?? [],
      inputText: capText(body.input ?? ""),
      outputText: capText(body.output ?? ""),
      inputHash: body.inputHash ?? "",
      prefixHash: body.prefixHash ?? "",
      prefixTokens: body.prefixTokens ?? 0,
      qualityFlags: runQualityFlags(body, operation),
    }),
    ingest_key_id: ctx.creator.tokenId ?? "",
    ingested_at: toDbTime(ctx.now),
    version: nextVersion(),
  });
  if (body.costUsd !== undefined) {
    // The caller's figure is the cost, and a reprice leaves it alone.
    Object.assign(row, givenCostColumns(body.costUsd));
  } else {
    priceSpanRow(row, ctx.pricer, start);
  }
  return row;
}

/**
 * The quality heuristics over what the caller gave: the status and finish reason (error, truncated,
 * refusal by stop reason), the output text when given (empty, or opening with a refusal phrase), else
 * outputTokens when given (0: empty). No JSON was asked for as far as the API knows.
 */
export function runQualityFlags(body: CreateRunBody, operation: string): number {
  return qualityFlags({
    operation,
    failed: (body.status ?? "ok") === "error",
    finishReasons: body.finishReason === undefined || body.finishReason === "" ? [] : [body.finishReason],
    outputTokens: body.outputTokens,
    answer: body.output === undefined ? undefined : answerFacts([{ role: "assistant", content: body.output }]),
  });
}
