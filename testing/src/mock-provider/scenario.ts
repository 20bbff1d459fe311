// Settles a scripted reply: fills the deterministic defaults and rejects impossible token counts up front.

import type { ReplyFields, Scenario, ToolCallScript, Usage, UsageScript } from "./types.ts";

/** Thrown when a scenario cannot describe a real response (negative counts, a 1h cache write larger than the whole write). */
export class ScenarioError extends Error {
  override readonly name = "ScenarioError";
  readonly field: string;
  constructor(field: string, message: string) {
    super(`${field}: ${message}`);
    this.field = field;
  }
}

export const DEFAULT_TEXT = "Hello from the mock provider.";
export const DEFAULT_USAGE: Usage = {
  inputTokens: 12,
  outputTokens: 8,
  cachedTokens: 0,
  reasoningTokens: 0,
  cacheWriteTokens: 0,
  cacheWrite1hTokens: 0,
};

/** A reply with every field decided; builders read only this. */
export interface SettledReply {
  text: string | null;
  chunks: string[];
  toolCalls: ToolCallScript[];
  refusal: string | null;
  usage: Usage;
  model: string | undefined;
  finishReason: string | undefined;
  anthropicDeltaUsage: "cumulative" | "output-only";
}

export function settleUsage(script: UsageScript | undefined): Usage {
  const usage: Usage = { ...DEFAULT_USAGE, ...script };
  for (const [field, value] of Object.entries(usage)) {
    if (!Number.isInteger(value) || value < 0) {
      throw new ScenarioError(`usage.${field}`, `must be a non-negative integer, got ${String(value)}`);
    }
  }
  if (usage.cacheWrite1hTokens > usage.cacheWriteTokens) {
    throw new ScenarioError("usage.cacheWrite1hTokens", "is part of cacheWriteTokens and cannot exceed it");
  }
  return usage;
}

/** Splits text into word-sized deltas ("Hello ", "from ", ...), as a model's tokens roughly arrive. */
export function splitIntoChunks(text: string): string[] {
  return text.match(/\S+\s*|\s+/g) ?? [];
}

export function settleReply(fields: ReplyFields): SettledReply {
  const toolCalls = fields.toolCalls ?? [];
  let text: string | null;
  if (fields.chunks !== undefined) {
    text = fields.chunks.join("");
    if (fields.text !== undefined && fields.text !== text) {
      throw new ScenarioError("chunks", "must concatenate to text when both are given");
    }
  } else {
    text = fields.text ?? (toolCalls.length > 0 || fields.refusal !== undefined ? null : DEFAULT_TEXT);
  }
  const chunks = fields.chunks ?? (text === null ? [] : splitIntoChunks(text));
  return {
    text,
    chunks,
    toolCalls,
    refusal: fields.refusal ?? null,
    usage: settleUsage(fields.usage),
    model: fields.model,
    finishReason: fields.finishReason,
    anthropicDeltaUsage: fields.anthropicDeltaUsage ?? "cumulative",
  };
}

/** Checks a scenario when it is queued, so a mistake fails the test that wrote it rather than a later request. */
export function validateScenario(scenario: Scenario): void {
  if (scenario.kind === "reply" || scenario.kind === "disconnect" || scenario.kind === "stall" || scenario.kind === "stream-error") {
    settleReply(scenario);
  }
  if ("afterEvents" in scenario && scenario.afterEvents !== undefined) {
    if (!Number.isInteger(scenario.afterEvents) || scenario.afterEvents < 0) {
      throw new ScenarioError("afterEvents", "must be a non-negative integer");
    }
  }
  if ("chunkDelayMs" in scenario && scenario.chunkDelayMs !== undefined && !(scenario.chunkDelayMs >= 0)) {
    throw new ScenarioError("chunkDelayMs", "must be >= 0");
  }
}
