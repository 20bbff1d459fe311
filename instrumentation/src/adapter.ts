// The contract between the generic call recorder and one SDK method (chat completions, responses,
// embeddings, Anthropic messages): how to read its request, its response and its stream.
import type { Attributes } from "@opentelemetry/api";
import type { RequestEvidence } from "@promptmetrics/pricing/evidence";
import type { CallOutcome, CallUsage, ContentMessage, ContentPart } from "./call-outcome.ts";
import type { JsonObject } from "./internal-types.ts";

export type Operation = "chat" | "embeddings";
export type ProviderFamily = "openai" | "anthropic";

export interface StreamAccumulator {
  /**
   * Takes one chunk or event. Returns `deliver: false` for a chunk the caller must not see (the
   * usage chunk we asked for), and `content: true` when it carries generated output (for TTFT).
   */
  onChunk(chunk: unknown): { deliver: boolean; content: boolean };
  /** What the stream said so far; usage is absent when the stream carried none. */
  outcome(): CallOutcome;
}

export interface InputContent {
  system: ContentPart[];
  messages: ContentMessage[];
}

export interface PreparedRequest {
  /** The body to send, when it differs from the caller's (never mutated in place). */
  body?: JsonObject;
  /** The caller did not ask for the usage chunk we added: hide it from them. */
  hideUsageChunk: boolean;
}

export interface OperationAdapter {
  readonly operation: Operation;
  readonly family: ProviderFamily;
  requestModel(body: JsonObject): string;
  isStream(body: JsonObject): boolean;
  requestAttributes(body: JsonObject): Attributes;
  /** Changes to the request before it is sent (OpenAI: ask for stream usage). */
  prepare?(body: JsonObject, askForStreamUsage: boolean): PreparedRequest;
  inputContent?(body: JsonObject): InputContent;
  /** The request's hashes and estimated prefix tokens, from the body itself (no content is recorded). */
  requestEvidence?(body: JsonObject): RequestEvidence;
  /** `request` is the caller's body: some of what a call cost is said only there (speed, cache retention). */
  readResult(data: unknown, request: JsonObject): CallOutcome;
  startStream?(hideUsageChunk: boolean, request: JsonObject): StreamAccumulator;
  /** Local token count for a call whose provider reported no usage. */
  estimateUsage?(body: JsonObject, outcome: CallOutcome): Promise<CallUsage>;
}
