// Pricing a row: the one way the ingest, a reprice and runs logged through the API turn a row's model,
// tier and tokens into its cost columns. An unknown model gets a NULL cost (never $0) and price_source
// "unknown"; a cost the caller gave is kept as given.
import type { CostResult, ModelMatch, Pricer, ServiceTier } from "@promptmetrics/pricing";
import type { SpanRow } from "./span-row.ts";

/** The pricer rows are priced with (pricing's Pricer), for packages that price rows without importing pricing. */
export type RowPricer = Pricer;

export type CostColumns = Pick<
  SpanRow,
  | "cost_usd"
  | "priced_model"
  | "price_source"
  | "cost_input_usd"
  | "cost_cache_read_usd"
  | "cost_cache_write_usd"
  | "cost_output_usd"
  | "cost_reasoning_usd"
>;

/** The row's USD amounts: the total and its parts. */
export const USD_COLUMNS = [
  "cost_usd",
  "cost_input_usd",
  "cost_cache_read_usd",
  "cost_cache_write_usd",
  "cost_output_usd",
  "cost_reasoning_usd",
] as const satisfies readonly (keyof CostColumns)[];

/** What pricing reads of a row. */
export type PricedFields = Pick<
  SpanRow,
  | "provider"
  | "request_model"
  | "response_model"
  | "service_tier"
  | "inference_geo"
  | "start_time"
  | "input_tokens"
  | "output_tokens"
  | "cache_read_tokens"
  | "cache_write_tokens"
  | "cache_write_1h_tokens"
  | "cache_write_12h_tokens"
  | "reasoning_tokens"
>;

const ZERO_USD = "0.000000000000";

/** The cost columns of a price: the exact components, or for an unknown model a NULL cost. */
export function spanCostColumns(cost: CostResult): CostColumns {
  if (cost.status !== "priced") {
    return {
      cost_usd: null,
      priced_model: "",
      price_source: "unknown",
      cost_input_usd: ZERO_USD,
      cost_cache_read_usd: ZERO_USD,
      cost_cache_write_usd: ZERO_USD,
      cost_output_usd: ZERO_USD,
      cost_reasoning_usd: ZERO_USD,
    };
  }
  return {
    cost_usd: cost.totalUsd,
    priced_model: cost.modelId,
    price_source: cost.source,
    cost_input_usd: cost.components.inputUsd,
    cost_cache_read_usd: cost.components.cacheReadUsd,
    cost_cache_write_usd: cost.components.cacheWriteUsd,
    cost_output_usd: cost.components.outputUsd,
    cost_reasoning_usd: cost.components.reasoningUsd,
  };
}

/**
 * Prices the row's call at `at` (default: its start, to the millisecond) by the response model (the
 * snapshot actually served), falling back to the requested one, and writes the cost columns into it.
 */
export function priceSpanRow(row: PricedFields & CostColumns, pricer: Pricer, at: Date = startTimeOf(row)): CostResult {
  const cost = priceOf(row, pricer, at);
  Object.assign(row, spanCostColumns(cost));
  return cost;
}

/**
 * The model a row would be priced by (the same name rule as priceSpanRow: the response model, else the
 * requested one), or undefined when neither name is priced. Prices nothing, so it is cheap per row.
 */
export function matchSpanModel(
  row: Pick<PricedFields, "provider" | "request_model" | "response_model">,
  pricer: Pricer,
): ModelMatch | undefined {
  const byResponse = row.response_model ? pricer.match(row.response_model, row.provider) : undefined;
  if (byResponse !== undefined || !row.request_model || row.request_model === row.response_model) return byResponse;
  return pricer.match(row.request_model, row.provider);
}

function priceOf(row: PricedFields, pricer: Pricer, at: Date): CostResult {
  const request = {
    provider: row.provider,
    at,
    serviceTier: toServiceTier(row.service_tier),
    regionalProcessing: isRegionalProcessing(row.inference_geo),
    usage: {
      inputTokens: row.input_tokens,
      outputTokens: row.output_tokens,
      cacheReadTokens: row.cache_read_tokens,
      cacheWriteTokens: row.cache_write_tokens,
      cacheWrite1hTokens: row.cache_write_1h_tokens,
      cacheWrite12hTokens: row.cache_write_12h_tokens,
      reasoningTokens: row.reasoning_tokens,
    },
  };
  const byResponse = row.response_model ? pricer.price({ ...request, model: row.response_model }) : undefined;
  if (byResponse?.status === "priced" || !row.request_model || row.request_model === row.response_model) {
    return byResponse ?? pricer.price({ ...request, model: row.request_model });
  }
  return pricer.price({ ...request, model: row.request_model });
}

/**
 * The stored tier as the pricer's: batch, flex and priority as they are, anything else (none given,
 * "standard", "auto", a tier we do not price) as standard.
 */
const PRICED_TIERS: ReadonlySet<string> = new Set<ServiceTier>(["batch", "flex", "priority", "fast", "ultrafast"]);

export function toServiceTier(tier: string): ServiceTier {
  return PRICED_TIERS.has(tier) ? (tier as ServiceTier) : "standard";
}

/**
 * Whether a call processed in `geo` pays the regional-processing uplift: any geography but "global"
 * (Anthropic's unrestricted default), compared without case or surrounding space; '' (not known) does not.
 */
export function isRegionalProcessing(geo: string): boolean {
  const normalized = geo.trim().toLowerCase();
  return normalized !== "" && normalized !== "global";
}

/** A cost the caller gave with the run: it is the cost, and a reprice leaves it alone. */
export function givenCostColumns(usd: number | string): Pick<SpanRow, "cost_usd" | "reported_cost_usd" | "price_source"> {
  const given = usdDecimal(usd);
  return { cost_usd: given, reported_cost_usd: given, price_source: "caller" };
}

/** 0.05 or "0.05" as Decimal(18, 12) text: "0.050000000000". */
export function usdDecimal(value: number | string): string {
  const text = typeof value === "number" ? value.toFixed(12) : value;
  const [whole = "0", fraction = ""] = text.split(".");
  return `${whole}.${fraction.padEnd(12, "0").slice(0, 12)}`;
}

/** A row's start as a Date (milliseconds; the sub-millisecond digits do not change a price). */
export function startTimeOf(row: Pick<SpanRow, "start_time">): Date {
  return new Date(Date.parse(`${row.start_time.slice(0, 10)}T${row.start_time.slice(11, 23)}Z`));
}
