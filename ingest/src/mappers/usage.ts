// Turns token counts as a source reported them into OTel semantics: input includes cache reads and
// writes, output includes reasoning, subsets never exceed their totals, nothing is negative.
import type { CanonicalUsage } from "./types.ts";

export interface RawUsage {
  input?: number | undefined;
  output?: number | undefined;
  /** Only used to fill a missing output and to recognise sources whose input excludes cache. */
  total?: number | undefined;
  cacheRead?: number | undefined;
  cacheWrite?: number | undefined;
  cacheWrite1h?: number | undefined;
  /** The 12-hour part of cacheWrite (OpenAI's extended retention), when the source counted it. */
  cacheWrite12h?: number | undefined;
  /**
   * The request asked for 12-hour retention (see isTwelveHourRetention): every cache write is a 12-hour
   * write, unless the source counted cacheWrite12h itself.
   */
  retained12h?: boolean | undefined;
  reasoning?: number | undefined;
}

/**
 * Whether an OpenAI request's `prompt_cache_retention` makes its cache writes 12-hour writes: "12h" or
 * "24h" (the extended value the openai SDK's types list); the catalogue has one extended write price, cacheWrite12h.
 */
export function isTwelveHourRetention(value: unknown): boolean {
  if (typeof value !== "string") return false;
  const retention = value.trim().toLowerCase();
  return retention === "12h" || retention === "24h";
}

export interface UsageSemantics {
  /**
   * What the source's input count means. "includes-cache" is still corrected when the numbers
   * prove otherwise (input smaller than its own cache subsets, or total = input + output + cache).
   */
  input: "includes-cache" | "excludes-cache";
  /** Defaults to "includes-reasoning", corrected the same way when the numbers prove otherwise. */
  output?: "includes-reasoning" | "excludes-reasoning";
}

function whole(value: number | undefined): number | undefined {
  if (value === undefined || !Number.isFinite(value)) return undefined;
  return value <= 0 ? 0 : Math.round(value);
}

export function normalizeUsage(raw: RawUsage, semantics: UsageSemantics): CanonicalUsage {
  const rawInput = whole(raw.input) ?? 0;
  const rawOutput = whole(raw.output);
  const total = whole(raw.total);
  let cacheRead = whole(raw.cacheRead) ?? 0;
  let cacheWrite1h = whole(raw.cacheWrite1h) ?? 0;
  const counted12h = whole(raw.cacheWrite12h);
  let cacheWrite = Math.max(whole(raw.cacheWrite) ?? 0, cacheWrite1h + (counted12h ?? 0));
  let cacheWrite12h = counted12h ?? (raw.retained12h === true ? cacheWrite - cacheWrite1h : 0);
  let reasoning = whole(raw.reasoning) ?? 0;
  const cacheSum = cacheRead + cacheWrite;

  let inputExcludesCache = semantics.input === "excludes-cache";
  if (!inputExcludesCache && cacheSum > 0) {
    inputExcludesCache =
      rawInput < cacheSum ||
      (total !== undefined &&
        rawOutput !== undefined &&
        total !== rawInput + rawOutput &&
        (total === rawInput + rawOutput + cacheSum || total === rawInput + rawOutput + reasoning + cacheSum));
  }
  const input = inputExcludesCache ? rawInput + cacheSum : rawInput;

  let output: number;
  if (rawOutput !== undefined) {
    output = rawOutput;
  } else if (total !== undefined) {
    // Whether the source's total counted cache is unknown here: subtract what fits.
    output = total >= input ? total - input : Math.max(0, total - rawInput);
  } else {
    output = 0;
  }

  let outputExcludesReasoning = semantics.output === "excludes-reasoning";
  if (!outputExcludesReasoning && reasoning > 0 && rawOutput !== undefined) {
    outputExcludesReasoning =
      rawOutput < reasoning ||
      (total !== undefined &&
        total !== rawInput + rawOutput &&
        total !== input + rawOutput &&
        (total === rawInput + rawOutput + reasoning || total === input + rawOutput + reasoning));
  }
  if (outputExcludesReasoning) output += reasoning;

  cacheRead = Math.min(cacheRead, input);
  cacheWrite = Math.min(cacheWrite, input - cacheRead);
  cacheWrite1h = Math.min(cacheWrite1h, cacheWrite);
  cacheWrite12h = Math.min(cacheWrite12h, cacheWrite - cacheWrite1h);
  reasoning = Math.min(reasoning, output);

  return {
    inputTokens: input,
    outputTokens: output,
    cacheReadTokens: cacheRead,
    cacheWriteTokens: cacheWrite,
    cacheWrite1hTokens: cacheWrite1h,
    cacheWrite12hTokens: cacheWrite12h,
    reasoningTokens: reasoning,
  };
}
