// Public surface of @promptmetrics/pricing: build a pricer, price a call, read the bundled catalogue.

export { createPricer } from "./pricer.ts";
export { pricersByProject, toPriceOverride, type StoredPriceOverride } from "./project-pricers.ts";
export type { ModelMatch, PriceRequest, Pricer, PricerOptions } from "./pricer.ts";
export { catalogue } from "./catalogue.ts";
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
export type {
  CostComponents,
  CostResult,
  PricedResult,
  PriceSource,
  PriceTier,
  ServiceTier,
  UnknownModelResult,
  Usage,
} from "./cost.ts";
export type { OverridePrices, PriceOverride, PriceValue } from "./overrides.ts";
export { PricingError } from "./errors.ts";
export type { PricingErrorCode, PricingErrorDetails } from "./errors.ts";
