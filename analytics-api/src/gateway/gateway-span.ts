// A gateway call as an OpenTelemetry span in the GenAI conventions, the same shape the OTLP decoders
// produce (ingest's DecodedSpan), so the ingest maps, prices and writes it like any instrumented call.
// The API cannot import the ingest; the CLI hands it in as a GatewayRecorder.
import { randomFillSync } from "node:crypto";
import type { CallFacts, Operation, Usage } from "./call-facts.ts";

export type SpanAttributeValue = string | number | boolean | null | SpanAttributeValue[] | { [key: string]: SpanAttributeValue };
export type SpanAttributes = Record<string, SpanAttributeValue>;

export interface GatewaySpan {
  traceId: string;
  spanId: string;
  parentSpanId: string;
  name: string;
  kind: 0 | 1 | 2 | 3 | 4 | 5;
  startTimeUnixNano: bigint;
  endTimeUnixNano: bigint;
  attributes: SpanAttributes;
  events: { timeUnixNano: bigint; name: string; attributes: SpanAttributes }[];
  status: { code: 0 | 1 | 2; message: string };
  resource: { attributes: SpanAttributes };
  scope: { name: string; version: string };
}

/** Writes gateway calls as runs of a project, through the ingest's writer (the CLI wires it). */
export type GatewayRecorder = (key: { keyId: string; projectId: string }, spans: GatewaySpan[]) => Promise<void>;

export const GATEWAY_SCOPE = { name: "promptmetrics.gateway", version: "1" } as const;
const RESOURCE = { attributes: { "service.name": "promptmetrics-gateway" } };

const OPERATION_NAME: Readonly<Record<Operation, string>> = {
  chat: "chat",
  responses: "chat",
  messages: "chat",
  embeddings: "embeddings",
};

/** What the client's request and headers said. */
export interface CallRequest {
  operation: Operation;
  providerName: string;
  /** What the client asked for. */
  requestModel: string;
  /** What was sent on the attempt that answered (another model after a fallback). */
  usedModel: string;
  /** Upstream requests made: 1, or more after retries and fallbacks. */
  attempts: number;
  streamed: boolean;
  serverAddress: string;
  /** From x-promptmetrics-* headers. */
  userId: string;
  sessionId: string;
  promptName: string;
  promptVersion: string;
  tags: string[];
  ids: SpanIds;
  integrationId: string;
  /**
   * The routing rule that matched. arm, for a rule with a target model: "target" when it changed the
   * model, "control" when the call stayed; none for a rule that only falls back or caches.
   */
  route?: { ruleId: string; arm?: "target" | "control" | undefined };
  /** Whose provider key the call used: the project's connection, or the caller's own passed through. */
  keySource?: "connection" | "caller";
  /** The exact-repeat cache, when the call asked for it: a hit costs nothing and says what it saved. */
  cache?: { state: "hit" | "miss"; savedUsd: string; usage: Usage | null };
}

export interface SpanIds {
  traceId: string;
  spanId: string;
  parentSpanId: string;
}

export interface CallOutcome {
  startMs: number;
  endMs: number;
  /** Milliseconds from the request to the first byte of a streamed body; null when not streamed. */
  ttftMs: number | null;
  httpStatus: number;
  facts: CallFacts;
  /** Why the call failed on our side or the wire (upstream unreachable, stream cut, client gone); '' when it did not. */
  failure: string;
  cancelled: boolean;
}

const TRACEPARENT = /^00-([0-9a-f]{32})-([0-9a-f]{16})-[0-9a-f]{2}$/;

// Ids come from the CSPRNG a pool at a time (one call into it per ~170 spans, not two per span); each
// byte is handed out once.
const RANDOM_POOL = Buffer.alloc(4096);
let randomOffset = RANDOM_POOL.length;

function randomHex(bytes: number): string {
  if (randomOffset + bytes > RANDOM_POOL.length) {
    randomFillSync(RANDOM_POOL);
    randomOffset = 0;
  }
  randomOffset += bytes;
  return RANDOM_POOL.toString("hex", randomOffset - bytes, randomOffset);
}

/** A new span's ids; it joins the trace of the W3C traceparent the client sent, when valid. */
export function spanIdsFor(traceparent: string | undefined): SpanIds {
  const parent = traceparent ? TRACEPARENT.exec(traceparent.trim().toLowerCase()) : null;
  const valid = parent && !/^0+$/.test(parent[1]!) && !/^0+$/.test(parent[2]!);
  return {
    traceId: valid ? parent[1]! : randomHex(16),
    spanId: randomHex(8),
    parentSpanId: valid ? parent[2]! : "",
  };
}

export function gatewaySpan(request: CallRequest, outcome: CallOutcome): GatewaySpan {
  const { facts } = outcome;
  const attributes: SpanAttributes = {
    "gen_ai.operation.name": OPERATION_NAME[request.operation],
    "gen_ai.provider.name": request.providerName,
    "gen_ai.request.model": request.usedModel,
    "gen_ai.request.stream": request.streamed,
    "server.address": request.serverAddress,
    "http.response.status_code": outcome.httpStatus,
    "promptmetrics.gateway.integration_id": request.integrationId,
    "promptmetrics.gateway.attempts": request.attempts,
  };
  if (request.keySource === "caller") attributes["promptmetrics.gateway.key_source"] = "caller";
  if (request.usedModel !== request.requestModel) attributes["promptmetrics.gateway.requested_model"] = request.requestModel;
  if (request.cache) {
    attributes["promptmetrics.gateway.cache"] = request.cache.state;
    if (request.cache.savedUsd) attributes["promptmetrics.gateway.cache_saved_usd"] = request.cache.savedUsd;
    if (request.cache.usage) {
      attributes["promptmetrics.gateway.cached_input_tokens"] = request.cache.usage.input;
      attributes["promptmetrics.gateway.cached_output_tokens"] = request.cache.usage.output;
    }
  }
  if (request.route) {
    attributes["promptmetrics.gateway.rule_id"] = request.route.ruleId;
    if (request.route.arm) attributes["promptmetrics.gateway.rule_arm"] = request.route.arm;
  }
  if (facts.responseModel) attributes["gen_ai.response.model"] = facts.responseModel;
  if (facts.responseId) attributes["gen_ai.response.id"] = facts.responseId;
  if (facts.finishReasons.length > 0) attributes["gen_ai.response.finish_reasons"] = facts.finishReasons;
  if (facts.usage) {
    attributes["gen_ai.usage.input_tokens"] = facts.usage.input;
    attributes["gen_ai.usage.output_tokens"] = facts.usage.output;
    attributes["gen_ai.usage.cache_read.input_tokens"] = facts.usage.cacheRead;
    attributes["gen_ai.usage.cache_creation.input_tokens"] = facts.usage.cacheWrite;
    attributes["gen_ai.usage.reasoning.output_tokens"] = facts.usage.reasoning;
    if (facts.usage.cacheWrite1h > 0) attributes["anthropic.usage.cache_creation.ephemeral_1h_input_tokens"] = facts.usage.cacheWrite1h;
  }
  if (outcome.ttftMs !== null) attributes["gen_ai.response.time_to_first_chunk"] = outcome.ttftMs / 1000;
  if (request.userId) attributes["promptmetrics.user.id"] = request.userId;
  if (request.sessionId) attributes["promptmetrics.session.id"] = request.sessionId;
  if (request.promptName) attributes["promptmetrics.prompt.name"] = request.promptName;
  if (request.promptVersion) attributes["promptmetrics.prompt.version"] = request.promptVersion;
  if (request.tags.length > 0) attributes["promptmetrics.tags"] = request.tags;
  if (outcome.cancelled) attributes["promptmetrics.stream.cancelled"] = true;
  const error = outcome.failure || facts.error || (outcome.httpStatus >= 400 ? `HTTP ${outcome.httpStatus}` : "");
  if (error) attributes["error.type"] = outcome.failure ? "gateway" : String(outcome.httpStatus >= 400 ? outcome.httpStatus : "provider");
  return {
    ...request.ids,
    name: `${OPERATION_NAME[request.operation]} ${request.usedModel}`.trim(),
    kind: 3,
    startTimeUnixNano: BigInt(Math.round(outcome.startMs * 1000)) * 1000n,
    endTimeUnixNano: BigInt(Math.round(outcome.endMs * 1000)) * 1000n,
    attributes,
    events: [],
    status: error ? { code: 2, message: error.slice(0, 1000) } : { code: 0, message: "" },
    resource: RESOURCE,
    scope: GATEWAY_SCOPE,
  };
}
