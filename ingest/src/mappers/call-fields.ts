// Readers for canonical fields that several dialects share: operation, finish reason, service tier,
// durations. Attribute names checked against @opentelemetry/semantic-conventions 1.45.0 and
// open-telemetry/semantic-conventions-genai model/gen-ai/registry.yaml (2026-11-25).
import type { AttrValue, Attributes, DecodedSpan } from "../otlp/types.ts";
import { firstString, readString, toStringList } from "./attr-read.ts";

/**
 * Operations that are billable model calls, with the aliases instrumentations use. Everything else
 * (execute_tool, invoke_agent, create_agent, invoke_workflow, retrieval, OpenLIT's vectordb /
 * framework / agent / memory, guardrails, MCP) is not an LLM call.
 */
const LLM_OPERATIONS: ReadonlyMap<string, string> = new Map([
  ["chat", "chat"],
  ["generate_content", "generate_content"],
  ["text_completion", "text_completion"],
  ["completion", "text_completion"],
  ["responses", "chat"],
  ["embeddings", "embeddings"],
  ["embedding", "embeddings"],
  ["image_generation", "image_generation"],
  ["image", "image_generation"],
  ["image_edit", "image_edit"],
  ["image_variation", "image_variation"],
  ["audio", "audio"],
  ["speech", "speech"],
  ["transcription", "transcription"],
  ["rerank", "rerank"],
]);

/** Canonical operation name, or null when the operation is not an LLM call. */
export function llmOperation(raw: string | undefined): string | null {
  if (raw === undefined) return null;
  return LLM_OPERATIONS.get(raw.trim().toLowerCase()) ?? null;
}

/** The operation a span name "{operation} {model}" starts with, when it is an LLM one. */
export function operationFromSpanName(name: string): string | null {
  const space = name.indexOf(" ");
  return llmOperation(space === -1 ? name : name.slice(0, space));
}

/** First reason from a string[] attribute, a JSON-encoded array, or a plain string. */
export function firstFinishReason(value: AttrValue | undefined): string {
  const reasons = toStringList(value);
  return reasons[0] ?? "";
}

/** The source's finish reason, or "error" for a failed span that reported none. */
export function finishReasonOrError(span: DecodedSpan, reason: string): string {
  if (reason !== "") return reason;
  return span.status.code === 2 ? "error" : "";
}

const SERVICE_TIERS: ReadonlyMap<string, string> = new Map([
  ["default", "standard"],
  ["standard", "standard"],
  ["standard_only", "standard"],
  ["on_demand", "standard"],
  ["flex", "flex"],
  ["priority", "priority"],
  ["scale", "priority"],
  ["batch", "batch"],
  // OpenAI's Fast mode (its priority tier, renamed 2026-07-30) and Anthropic's fast mode; the pricer
  // knows each model's fast price, or prices the call as standard with a warning.
  ["fast", "fast"],
  ["ultrafast", "ultrafast"],
]);

/** Response tier first (what the provider actually used), then the requested one. */
const SERVICE_TIER_KEYS = [
  "openai.response.service_tier",
  "gen_ai.openai.response.service_tier",
  "anthropic.response.service_tier",
  "gen_ai.response.service_tier",
  "openai.request.service_tier",
  "gen_ai.openai.request.service_tier",
  "gen_ai.request.service_tier",
] as const;

/** '' | standard | batch | flex | priority | fast | ultrafast. "auto" and unknown tiers read as ''. */
export function normalizeServiceTier(raw: string | undefined): string {
  if (raw === undefined) return "";
  return SERVICE_TIERS.get(raw.trim().toLowerCase()) ?? "";
}

/**
 * Anthropic's fast mode (`speed: "fast"`, reported back as usage.speed): our instrumentation writes it,
 * the response's speed or else the requested one, only when it is not "standard".
 */
export const ANTHROPIC_SPEED_KEY = "anthropic.usage.speed";

/** Whether a speed says Anthropic's fast mode. */
export function isFastSpeed(speed: unknown): boolean {
  return typeof speed === "string" && speed.trim().toLowerCase() === "fast";
}

/**
 * The tier that prices the call: fast when Anthropic's speed says so (it is priced on top of whatever
 * usage.service_tier reports, and Anthropic prices no other tier), else the tier attributes in order.
 */
export function readServiceTier(attrs: Attributes): string {
  if (isFastSpeed(readString(attrs, ANTHROPIC_SPEED_KEY))) return "fast";
  for (const key of SERVICE_TIER_KEYS) {
    const tier = normalizeServiceTier(readString(attrs, key));
    if (tier !== "") return tier;
  }
  return "";
}

/**
 * Where the call was processed: what Anthropic reported (usage.inference_geo, as our instrumentation
 * writes it), else what the caller said (an OpenAI project's region is not visible on the call).
 */
export const INFERENCE_GEO_KEYS = ["anthropic.usage.inference_geo", "promptmetrics.inference_geo"] as const;

/** A geography as stored: trimmed, lower-case ("US" and "us" group together), at most 64 characters; '' when none. */
export function normalizeInferenceGeo(raw: unknown): string {
  return typeof raw === "string" ? raw.trim().toLowerCase().slice(0, 64) : "";
}

export function readInferenceGeo(attrs: Attributes): string {
  return normalizeInferenceGeo(firstString(attrs, INFERENCE_GEO_KEYS));
}

/** Seconds to milliseconds at microsecond precision; null for absent or non-positive values. */
export function secondsToMs(seconds: number | undefined): number | null {
  if (seconds === undefined || !(seconds > 0)) return null;
  return Math.round(seconds * 1_000_000) / 1000;
}

export function positiveMs(ms: number | undefined): number | null {
  if (ms === undefined || !(ms > 0)) return null;
  return Math.round(ms * 1000) / 1000;
}

/** Milliseconds between the span start and a later instant in ns; null when not later. */
export function msSinceStart(span: DecodedSpan, atUnixNano: bigint): number | null {
  const delta = atUnixNano - span.startTimeUnixNano;
  if (delta <= 0n) return null;
  return Number(delta / 1000n) / 1000;
}
