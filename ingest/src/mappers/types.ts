// The canonical LLM call that every dialect mapper produces from one span, whatever instrumentation
// emitted it. Token counts follow OTel GenAI semantics, whatever the source's own semantics were.
import type { LlmCallUsage } from "@promptmetrics/runs";
import type { DecodedSpan } from "../otlp/types.ts";

export type Dialect = "genai" | "openllmetry" | "openinference" | "vercel-ai" | "openlit" | "langfuse";

/** The token counts of a call: the run model's own type (runs/), under the name the mappers use. */
export type CanonicalUsage = LlmCallUsage;

export interface LlmCall {
  dialect: Dialect;
  /** Lower-case provider: openai, anthropic, azure.ai.openai, aws.bedrock, gcp.vertex_ai, ... ('' when unknown). */
  provider: string;
  /** chat, text_completion, embeddings, generate_content, ... */
  operation: string;
  requestModel: string;
  responseModel: string;
  usage: CanonicalUsage;
  /** True when the counts were estimated locally (no usage from the provider). */
  usageEstimated: boolean;
  /** A cost the span itself reported (OpenLIT, OpenInference, Langfuse), in USD; null when none. */
  reportedCostUsd: number | null;
  /** Time to first token/chunk in milliseconds, when the source recorded it. */
  ttftMs: number | null;
  finishReason: string;
  /** '' | standard | batch | flex | priority | fast | ultrafast */
  serviceTier: string;
  /** Where the call was processed ("us", "global", ...), lower-case; '' when not known. */
  inferenceGeo: string;
  userId: string;
  sessionId: string;
  promptName: string;
  promptVersion: string;
  tags: string[];
  /** Readable prompt and completion text (captured content only; '' when the source sent none). */
  inputText: string;
  outputText: string;
  /** The request's hash (our instrumentation's, else computed from the content); '' when not known. See evidence.ts. */
  inputHash: string;
  /** The stable prefix's hash; '' when there is none or it is not known. */
  prefixHash: string;
  /** The prefix's tokens: the cache figures when there are any, else the estimate; 0 when not known. */
  prefixTokens: number;
  /** The quality_flags bitmask (1 empty_output, 2 refusal, 4 invalid_json, 8 truncated, 16 error). */
  qualityFlags: number;
}

/** Maps a span to an LLM call, or null when the span is not an LLM call (HTTP, DB, tool, agent, ...). */
export type SpanMapper = (span: DecodedSpan) => LlmCall | null;

/** Content carried by a log record (GenAI events), to be attached to the run with the same ids. */
export interface LogContent {
  traceId: string;
  spanId: string;
  inputText: string;
  outputText: string;
}
