// One LLM call's span from start to its single end: request attributes at the start, then the
// response, a finished stream, a cancelled stream or an error, whichever comes first.
import {
  context,
  createContextKey,
  diag,
  SpanKind,
  SpanStatusCode,
  trace,
  type Attributes,
  type Context,
  type Span,
  type Tracer,
} from "@opentelemetry/api";
import { answerFacts, freeformToolNames, jsonRequested, prefixTokens, qualityFlags } from "@promptmetrics/pricing/evidence";
import type { OperationAdapter, StreamAccumulator } from "./adapter.ts";
import type { CallOutcome, CallUsage } from "./call-outcome.ts";
import type { ResolvedConfig } from "./config.ts";
import { inputContentAttributes, outputContentAttributes } from "./content.ts";
import { contextAttributes, getContext } from "./context.ts";
import { costAttributes } from "./cost.ts";
import { describeEndpoint, type Endpoint } from "./endpoint.ts";
import type { JsonObject } from "./internal-types.ts";
import * as attr from "./semconv.ts";

/** Set while one of our calls runs, so a nested patched method (a second wrapper) records nothing. */
export const IN_CALL_KEY = createContextKey("promptmetrics.instrumentation.in-call");

export interface CallRuntime {
  tracer(): Tracer;
  config(): ResolvedConfig;
}

const ORDINARY_TIERS = new Set(["default", "standard", "auto", "standard_only", "on_demand"]);

function nowMs(): number {
  return performance.timeOrigin + performance.now();
}

export function isInsideCall(ctx: Context = context.active()): boolean {
  return ctx.getValue(IN_CALL_KEY) === true;
}

function errorType(error: unknown): string {
  if (error instanceof Error) {
    const ctorName = error.constructor?.name;
    return ctorName && ctorName !== "Error" ? ctorName : error.name || "Error";
  }
  return "_OTHER";
}

function isAbort(error: unknown): boolean {
  if (!(error instanceof Error)) return false;
  return error.name === "AbortError" || error.constructor?.name === "APIUserAbortError" || error.name === "APIUserAbortError";
}

export class LlmCall {
  readonly span: Span;
  readonly context: Context;
  /** The body to send: the caller's, or a copy with our additions. */
  readonly body: JsonObject;
  private readonly adapter: OperationAdapter;
  private readonly config: ResolvedConfig;
  private readonly endpoint: Endpoint;
  private readonly requestBody: JsonObject;
  private readonly hideUsageChunk: boolean;
  private readonly startedAt = performance.now();
  private readonly model: string;
  /** The geography the caller gave (withContext), for calls whose response does not say. */
  private readonly callerInferenceGeo: string | undefined;
  /** The stable prefix's estimated tokens (replaced by the provider's cache figures when it reports any). */
  private prefixTokensEstimate = 0;
  private firstContentAt: number | undefined;
  private resultSeen = false;
  private accumulator: StreamAccumulator | undefined;
  private ended = false;
  private cancelled = false;

  constructor(runtime: CallRuntime, adapter: OperationAdapter, body: JsonObject, baseURL: unknown) {
    this.adapter = adapter;
    this.config = runtime.config();
    this.requestBody = body;
    this.endpoint = describeEndpoint(baseURL, adapter.family);
    this.model = adapter.requestModel(body);
    const askForUsage =
      this.config.openaiStreamUsage === "always" || (this.config.openaiStreamUsage === "official" && this.endpoint.kind === "official");
    const prepared = adapter.prepare?.(body, askForUsage) ?? { hideUsageChunk: false };
    this.body = prepared.body ?? body;
    this.hideUsageChunk = prepared.hideUsageChunk;

    // Built by assignment, not spreads: this runs on every call.
    const attributes = adapter.requestAttributes(body);
    attributes[attr.ATTR_GEN_AI_OPERATION_NAME] = adapter.operation;
    attributes[attr.ATTR_GEN_AI_PROVIDER_NAME] = this.endpoint.provider;
    attributes[attr.ATTR_PM_ENDPOINT_KIND] = this.endpoint.kind;
    if (this.model !== "") attributes[attr.ATTR_GEN_AI_REQUEST_MODEL] = this.model;
    if (this.endpoint.address !== undefined) attributes[attr.ATTR_SERVER_ADDRESS] = this.endpoint.address;
    if (this.endpoint.port !== undefined) attributes[attr.ATTR_SERVER_PORT] = this.endpoint.port;
    const values = getContext();
    if (values !== undefined) Object.assign(attributes, contextAttributes(values));
    const callerGeo = attributes[attr.ATTR_PM_INFERENCE_GEO];
    this.callerInferenceGeo = typeof callerGeo === "string" ? callerGeo : undefined;
    this.recordRequestEvidence(attributes, body);
    if (this.config.captureContent && adapter.inputContent !== undefined) {
      const input = adapter.inputContent(body);
      Object.assign(attributes, inputContentAttributes(input.system, input.messages, this.config));
    }
    const parent = context.active();
    this.span = runtime.tracer().startSpan(`${adapter.operation} ${this.model}`.trim(), { kind: SpanKind.CLIENT, attributes }, parent);
    this.context = trace.setSpan(parent, this.span).setValue(IN_CALL_KEY, true);
  }

  /** The request's hashes and prefix estimate, computed from the body in process: no content leaves it. */
  private recordRequestEvidence(attributes: Attributes, body: JsonObject): void {
    if (!this.config.requestHashes || this.adapter.requestEvidence === undefined) return;
    try {
      const evidence = this.adapter.requestEvidence(body);
      if (evidence.inputHash !== "") attributes[attr.ATTR_PM_REQUEST_INPUT_HASH] = evidence.inputHash;
      if (evidence.prefixHash !== "") {
        attributes[attr.ATTR_PM_REQUEST_PREFIX_HASH] = evidence.prefixHash;
        attributes[attr.ATTR_PM_REQUEST_PREFIX_TOKENS] = evidence.prefixTokensEstimate;
        this.prefixTokensEstimate = evidence.prefixTokensEstimate;
      }
    } catch (problem) {
      diag.error("promptmetrics: could not hash a request", problem);
    }
  }

  get isStream(): boolean {
    return this.adapter.isStream(this.requestBody);
  }

  /** True once the parsed response has been handed to onResult (it may be offered twice). */
  get hasResult(): boolean {
    return this.resultSeen;
  }

  /** The parsed response: a body to record, or a stream whose reading we follow. */
  onResult(data: unknown): void {
    if (this.ended || this.resultSeen) return;
    this.resultSeen = true;
    if (this.isStream && this.adapter.startStream !== undefined) {
      this.accumulator = this.adapter.startStream(this.hideUsageChunk, this.requestBody);
      return;
    }
    this.finish(this.adapter.readResult(data, this.requestBody), false);
  }

  /** One chunk of a stream; false when the caller must not see it. */
  onChunk(chunk: unknown): boolean {
    if (this.accumulator === undefined) return true;
    const seen = this.accumulator.onChunk(chunk);
    if (seen.content && this.firstContentAt === undefined) this.firstContentAt = performance.now();
    return seen.deliver;
  }

  streamEnded(): void {
    this.finish(this.accumulator?.outcome() ?? { finishReasons: [], outputMessages: [] }, false);
  }

  /** The consumer stopped reading early: break, return() or an abort. Not an error of the call. */
  streamCancelled(): void {
    this.finish(this.accumulator?.outcome() ?? { finishReasons: [], outputMessages: [] }, true);
  }

  /** A response that the caller reads raw (asResponse) and we never see parsed. */
  endWithoutBody(): void {
    this.finish({ finishReasons: [], outputMessages: [] }, false, false);
  }

  fail(error: unknown): void {
    if (this.ended) return;
    if (isAbort(error)) {
      if (this.accumulator !== undefined) this.streamCancelled();
      else this.finish({ finishReasons: [], outputMessages: [] }, true, false);
      return;
    }
    this.ended = true;
    try {
      const span = this.span;
      span.setAttribute(attr.ATTR_ERROR_TYPE, errorType(error));
      const status = (error as { status?: unknown } | null)?.status;
      if (typeof status === "number") span.setAttribute(attr.ATTR_HTTP_RESPONSE_STATUS_CODE, status);
      if (error instanceof Error) span.recordException(error);
      span.setStatus({ code: SpanStatusCode.ERROR, message: error instanceof Error ? error.message : String(error) });
      if (this.accumulator !== undefined) {
        this.recordOutcome(this.accumulator.outcome(), true);
      } else {
        span.setAttribute(attr.ATTR_PM_QUALITY_FLAGS, qualityFlags({ operation: this.adapter.operation, failed: true, finishReasons: [] }));
      }
    } catch (problem) {
      diag.error("promptmetrics: could not record a failed call", problem);
    }
    this.span.end();
  }

  private finish(outcome: CallOutcome, cancelled: boolean, estimate = true): void {
    if (this.ended) return;
    this.ended = true;
    const endTime = nowMs();
    this.cancelled = cancelled;
    if (cancelled) this.span.setAttribute(attr.ATTR_PM_STREAM_CANCELLED, true);
    if (outcome.usage === undefined && estimate && this.adapter.estimateUsage !== undefined) {
      // Counting loads tiktoken and walks the text: do it after the caller has its result.
      this.adapter
        .estimateUsage(this.requestBody, outcome)
        .then(
          (usage) => this.recordOutcome({ ...outcome, usage }, false),
          (problem: unknown) => {
            diag.error("promptmetrics: could not estimate token usage", problem);
            this.recordOutcome(outcome, false);
          },
        )
        .finally(() => this.span.end(endTime));
      return;
    }
    this.recordOutcome(outcome, false);
    this.span.end(endTime);
  }

  private recordOutcome(outcome: CallOutcome, failed: boolean): void {
    try {
      this.span.setAttributes(this.outcomeAttributes(outcome, failed));
    } catch (problem) {
      diag.error("promptmetrics: could not record a call's result", problem);
    }
  }

  private outcomeAttributes(outcome: CallOutcome, failed: boolean): Attributes {
    const attributes: Attributes = {};
    if (outcome.responseId) attributes[attr.ATTR_GEN_AI_RESPONSE_ID] = outcome.responseId;
    if (outcome.responseModel) attributes[attr.ATTR_GEN_AI_RESPONSE_MODEL] = outcome.responseModel;
    if (outcome.finishReasons.length > 0) attributes[attr.ATTR_GEN_AI_RESPONSE_FINISH_REASONS] = outcome.finishReasons;
    // The tier only when it is not the ordinary one (OpenAI "default", Anthropic "standard"): it changes the price.
    if (outcome.serviceTier && !ORDINARY_TIERS.has(outcome.serviceTier)) {
      attributes[this.adapter.family === "anthropic" ? attr.ATTR_ANTHROPIC_RESPONSE_SERVICE_TIER : attr.ATTR_OPENAI_RESPONSE_SERVICE_TIER] =
        outcome.serviceTier;
    }
    // Anthropic's fast mode, only when fast (standard is the ordinary speed); the geography whenever known.
    if (outcome.speed === "fast") attributes[attr.ATTR_ANTHROPIC_USAGE_SPEED] = outcome.speed;
    if (outcome.inferenceGeo !== undefined) attributes[attr.ATTR_ANTHROPIC_USAGE_INFERENCE_GEO] = outcome.inferenceGeo;
    if (this.firstContentAt !== undefined) {
      attributes[attr.ATTR_GEN_AI_RESPONSE_TIME_TO_FIRST_CHUNK] = (this.firstContentAt - this.startedAt) / 1000;
    }
    const usage = outcome.usage;
    // Usage and cost are written straight into this one object: this runs on every call.
    if (usage !== undefined) usageAttributes(usage, attributes);
    if (usage !== undefined && this.config.recordCost && !failed) {
      costAttributes(
        {
          provider: this.endpoint.provider,
          model: outcome.responseModel || this.model,
          usage,
          serviceTier: outcome.speed === "fast" ? "fast" : outcome.serviceTier,
          inferenceGeo: outcome.inferenceGeo ?? this.callerInferenceGeo,
          at: new Date(),
        },
        attributes,
      );
    }
    if (usage !== undefined && usage.cacheReadTokens + usage.cacheWriteTokens > 0) {
      // The provider said how big the cached prefix is: that replaces the estimate.
      attributes[attr.ATTR_PM_REQUEST_PREFIX_TOKENS] = prefixTokens(this.prefixTokensEstimate, usage);
    }
    attributes[attr.ATTR_PM_QUALITY_FLAGS] = this.qualityFlags(outcome, failed);
    if (this.config.captureContent) Object.assign(attributes, outputContentAttributes(outcome.outputMessages, this.config));
    return attributes;
  }

  /** The heuristics over what this call returned, read here whether content is captured or not. */
  private qualityFlags(outcome: CallOutcome, failed: boolean): number {
    const usage = outcome.usage;
    // A response read raw (asResponse) was never seen.
    const answer = this.resultSeen ? answerFacts(outcome.outputMessages, freeformToolNames(this.requestBody["tools"])) : undefined;
    if (answer !== undefined && outcome.refused === true) answer.refused = true;
    return qualityFlags({
      operation: this.adapter.operation,
      failed,
      finishReasons: outcome.finishReasons,
      outputTokens: usage === undefined || usage.estimated ? undefined : usage.outputTokens,
      answer,
      jsonRequested: jsonRequested(this.requestBody),
      cancelled: this.cancelled,
    });
  }
}

/** The usage attributes, added to `attributes` (a new object by default). */
export function usageAttributes(usage: CallUsage, attributes: Attributes = {}): Attributes {
  attributes[attr.ATTR_GEN_AI_USAGE_INPUT_TOKENS] = usage.inputTokens;
  attributes[attr.ATTR_GEN_AI_USAGE_OUTPUT_TOKENS] = usage.outputTokens;
  if (usage.cacheReadTokens > 0) attributes[attr.ATTR_GEN_AI_USAGE_CACHE_READ_INPUT_TOKENS] = usage.cacheReadTokens;
  if (usage.cacheWriteTokens > 0) attributes[attr.ATTR_GEN_AI_USAGE_CACHE_CREATION_INPUT_TOKENS] = usage.cacheWriteTokens;
  if (usage.cacheWrite1hTokens > 0) attributes[attr.ATTR_ANTHROPIC_CACHE_WRITE_1H_TOKENS] = usage.cacheWrite1hTokens;
  if (usage.cacheWrite12hTokens > 0) attributes[attr.ATTR_OPENAI_CACHE_WRITE_12H_TOKENS] = usage.cacheWrite12hTokens;
  if (usage.reasoningTokens > 0) attributes[attr.ATTR_GEN_AI_USAGE_REASONING_OUTPUT_TOKENS] = usage.reasoningTokens;
  if (usage.estimated) attributes[attr.ATTR_PM_USAGE_ESTIMATED] = true;
  return attributes;
}
