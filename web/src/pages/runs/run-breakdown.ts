// A run's tokens and cost side by side, in the disjoint parts the pricing uses (pricing/src/cost.ts):
// uncached input, cache reads, cache writes, visible output and reasoning. The API's token counts
// follow OTel (input includes the cache, output includes reasoning), so the parts are derived here.
import type { RunDetail } from "../../api/types.ts";

export interface BreakdownLine {
  key: "input" | "cacheRead" | "cacheWrite" | "output" | "reasoning";
  label: string;
  tokens: number;
  costUsd: number;
  /** A note under the label, e.g. how much of a cache write had the 1-hour TTL or the 12-hour retention. */
  note?: string;
}

export interface Breakdown {
  lines: BreakdownLine[];
  /** All input and all output, as the provider reported them. */
  inputTokens: number;
  outputTokens: number;
  totalTokens: number;
  /** Null when the model has no known price. */
  totalUsd: number | null;
}

type BreakdownRun = Pick<
  RunDetail,
  | "inputTokens"
  | "outputTokens"
  | "cacheReadTokens"
  | "cacheWriteTokens"
  | "cacheWrite1hTokens"
  | "cacheWrite12hTokens"
  | "reasoningTokens"
  | "cost"
>;

/** How much of the cache writes had a longer, dearer lifetime (Anthropic's 1 hour, OpenAI's 12 hours); undefined when none. */
function cacheWriteNote(run: BreakdownRun): string | undefined {
  const parts: string[] = [];
  if (run.cacheWrite1hTokens > 0) parts.push(`${run.cacheWrite1hTokens.toLocaleString("en-US")} with a 1-hour TTL`);
  if (run.cacheWrite12hTokens > 0) parts.push(`${run.cacheWrite12hTokens.toLocaleString("en-US")} with 12-hour retention`);
  return parts.length > 0 ? parts.join(", ") : undefined;
}

export function runBreakdown(run: BreakdownRun): Breakdown {
  const { cost } = run;
  const note = cacheWriteNote(run);
  const lines: BreakdownLine[] = [
    {
      key: "input",
      label: "Uncached input",
      tokens: Math.max(0, run.inputTokens - run.cacheReadTokens - run.cacheWriteTokens),
      costUsd: cost.inputUsd,
    },
    { key: "cacheRead", label: "Cache read", tokens: run.cacheReadTokens, costUsd: cost.cacheReadUsd },
    {
      key: "cacheWrite",
      label: "Cache write",
      tokens: run.cacheWriteTokens,
      costUsd: cost.cacheWriteUsd,
      ...(note === undefined ? {} : { note }),
    },
    { key: "output", label: "Output", tokens: Math.max(0, run.outputTokens - run.reasoningTokens), costUsd: cost.outputUsd },
    { key: "reasoning", label: "Reasoning", tokens: run.reasoningTokens, costUsd: cost.reasoningUsd },
  ];
  return {
    // Cache and reasoning lines only when the run had any: most runs have neither.
    lines: lines.filter((line) => line.key === "input" || line.key === "output" || line.tokens > 0 || line.costUsd > 0),
    inputTokens: run.inputTokens,
    outputTokens: run.outputTokens,
    totalTokens: run.inputTokens + run.outputTokens,
    totalUsd: cost.totalUsd,
  };
}

/** Where the call was processed, as the cost card shows it: "" when not known; a restricted geography notes its uplift. */
export function describeInferenceGeo(geo: string): string {
  if (geo === "" || geo === "global") return geo;
  return `${geo} (regional processing price)`;
}

/** Where the run's price came from, in a sentence. */
export function describePriceSource(cost: Pick<RunDetail["cost"], "priceSource" | "pricedModel">): string {
  const model = cost.pricedModel === "" ? "" : ` for ${cost.pricedModel}`;
  switch (cost.priceSource) {
    case "catalogue":
      return `Catalogue price${model}`;
    case "override":
      return `This project's price override${model}`;
    case "custom":
      return `This project's custom model price${model}`;
    case "unknown":
      return "No price is known for this model";
    case "caller":
    case "":
      return "Cost given when the run was logged";
    default:
      return `${cost.priceSource}${model}`;
  }
}
