// Public surface of @promptmetrics/pricing: build a pricer, price a call, read the bundled catalogue, and
// map and plan a price sync from a public price list.

export { createPricer } from "./pricer.ts";
/** Pico-dollars as the 12-decimal USD text costs are stored in (Decimal(18, 12)). */
export { formatUsd } from "./money.ts";
export { modelFamily } from "./names.ts";
export { pricersByProject, toPriceOverride, type StoredPriceOverride } from "./project-pricers.ts";
export type { ModelMatch, PriceRequest, Pricer, PricerOptions, TotalsPriceRequest } from "./pricer.ts";
export {
  addUsage,
  computeAggregateCost,
  emptyTotals,
  type AggregateCostInput,
  type AggregateCostResult,
  type PricesPerMillion,
  type UsageTotals,
} from "./aggregate-cost.ts";
export { billableTokens, requestInputTokens, type BillableTokens } from "./cost.ts";
export { catalogue } from "./catalogue.ts";
export {
  fromStoredSyncedPrice,
  syncedPricesFromStore,
  toStoredSyncedPrice,
  validateSyncedPrices,
  type StoredSyncedPrice,
  type SyncedPrice,
} from "./synced-prices.ts";
export {
  mapLiteLlmPrices,
  type MappedPeriod,
  type MappedPrice,
  type MappedPriceList,
  type SkipCode,
  type SkippedEntry,
} from "./litellm.ts";
export { overrideFromSyncedPrice, syncedPriceFor, type OverrideFromSynced } from "./synced-lookup.ts";
export { planPriceSync, type FieldChange, type PriceSyncChange, type PriceSyncOptions, type PriceSyncPlan } from "./price-sync.ts";
export type {
  Catalogue,
  CatalogueEntry,
  LongContextTier,
  ModelKind,
  PricePeriod,
  PriceSet,
  Provider,
  ProviderTerms,
  ServiceTierPrices,
  SourceReference,
  TierPriceSet,
  UnknownModelNote,
} from "./catalogue.ts";
export type { CostComponents, CostResult, PricedResult, PriceSource, PriceTier, ServiceTier, UnknownModelResult, Usage } from "./cost.ts";
export type { OverridePrices, PriceOverride, PriceValue } from "./overrides.ts";
export { PricingError } from "./errors.ts";
export type { PricingErrorCode, PricingErrorDetails } from "./errors.ts";
