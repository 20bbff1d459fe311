// Public surface of @promptmetrics/runs: the stored run row (spans), its builders, pricing a row, and
// the helpers every writer of runs shares. Depends on pricing only; clickhouse/ writes these rows.
export {
  spanRowSchema,
  emptySpanRow,
  SPAN_COLUMNS,
  type SpanRow,
  type SpanColumn,
  type SpanRowKey,
  type PriceSourceColumn,
} from "./span-row.ts";
export { llmColumns, type LlmCallFields, type LlmCallUsage, type LlmColumns } from "./llm-columns.ts";
// The bits of the quality_flags column, defined with the heuristics that set them.
export { QUALITY_FLAGS, QUALITY_FLAG_NAMES, QUALITY_FLAGS_MASK, qualityFlagNames, type QualityFlag } from "@promptmetrics/pricing/evidence";
export {
  priceSpanRow,
  matchSpanModel,
  spanCostColumns,
  givenCostColumns,
  toServiceTier,
  isRegionalProcessing,
  usdDecimal,
  startTimeOf,
  USD_COLUMNS,
  type CostColumns,
  type PricedFields,
  type RowPricer,
} from "./price-row.ts";
export { createProjectPricers, type ProjectPricers, type ProjectPricersOptions } from "./project-pricers.ts";
export { capText, TEXT_CAP_CHARS } from "./text-cap.ts";
export { formatNanos } from "./time.ts";
export { hashSecret } from "./key-hash.ts";
export { sameCall, keptOfPair, mergeDuplicateRun, plainSpanRow, isProviderSdkScope, type SameCall } from "./duplicate-runs.ts";
