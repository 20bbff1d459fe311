// Prices a finished call with the bundled catalogue, so any OTel backend sees what it cost.
import type { Attributes } from "@opentelemetry/api";
import { createPricer, type Pricer, type ServiceTier } from "@promptmetrics/pricing";
import type { CallUsage } from "./call-outcome.ts";
import {
  ATTR_PM_COST_CACHE_READ_USD,
  ATTR_PM_COST_CACHE_WRITE_USD,
  ATTR_PM_COST_INPUT_USD,
  ATTR_PM_COST_OUTPUT_USD,
  ATTR_PM_COST_REASONING_USD,
  ATTR_PM_COST_USD,
} from "./semconv.ts";

let pricer: Pricer | undefined;
const ZERO = "0.000000000000";

function sharedPricer(): Pricer {
  pricer ??= createPricer({});
  return pricer;
}

const SERVICE_TIERS: Readonly<Record<string, ServiceTier>> = {
  default: "standard",
  standard: "standard",
  standard_only: "standard",
  auto: "standard",
  on_demand: "standard",
  flex: "flex",
  priority: "priority",
  scale: "priority",
  batch: "batch",
  // OpenAI's Fast mode (its priority tier's new name) and Ultrafast; Anthropic's fast mode arrives as its speed.
  fast: "fast",
  ultrafast: "ultrafast",
};

/**
 * Whether a call processed in `geo` pays the model's regional-processing uplift: any geography but
 * "global" (the ingest's rule, runs' isRegionalProcessing; this package may not import runs).
 */
export function isRegionalProcessing(geo: string | undefined): boolean {
  const normalized = geo?.trim().toLowerCase() ?? "";
  return normalized !== "" && normalized !== "global";
}

export interface CostQuestion {
  provider: string;
  model: string;
  usage: CallUsage;
  serviceTier: string | undefined;
  /** Where the call was processed ("us", "global", ...), when known. */
  inferenceGeo: string | undefined;
  at: Date;
}

/** Cost attributes for a call, or none when the model has no price; added to `attributes` (a new object by default). */
export function costAttributes(question: CostQuestion, attributes: Attributes = {}): Attributes {
  if (question.model === "") return attributes;
  const serviceTier = question.serviceTier === undefined ? undefined : SERVICE_TIERS[question.serviceTier];
  const result = sharedPricer().price({
    provider: question.provider,
    model: question.model,
    at: question.at,
    usage: {
      inputTokens: question.usage.inputTokens,
      outputTokens: question.usage.outputTokens,
      cacheReadTokens: question.usage.cacheReadTokens,
      cacheWriteTokens: question.usage.cacheWriteTokens,
      cacheWrite1hTokens: question.usage.cacheWrite1hTokens,
      cacheWrite12hTokens: question.usage.cacheWrite12hTokens,
      reasoningTokens: question.usage.reasoningTokens,
    },
    ...(serviceTier === undefined ? {} : { serviceTier }),
    ...(isRegionalProcessing(question.inferenceGeo) ? { regionalProcessing: true } : {}),
  });
  if (result.status !== "priced") return attributes;
  // Components only when they cost something: every attribute is paid again in each export.
  attributes[ATTR_PM_COST_USD] = result.totalUsdNumber;
  const parts = result.components;
  if (parts.inputUsd !== ZERO) attributes[ATTR_PM_COST_INPUT_USD] = Number(parts.inputUsd);
  if (parts.cacheReadUsd !== ZERO) attributes[ATTR_PM_COST_CACHE_READ_USD] = Number(parts.cacheReadUsd);
  if (parts.cacheWriteUsd !== ZERO) attributes[ATTR_PM_COST_CACHE_WRITE_USD] = Number(parts.cacheWriteUsd);
  if (parts.outputUsd !== ZERO) attributes[ATTR_PM_COST_OUTPUT_USD] = Number(parts.outputUsd);
  if (parts.reasoningUsd !== ZERO) attributes[ATTR_PM_COST_REASONING_USD] = Number(parts.reasoningUsd);
  return attributes;
}
