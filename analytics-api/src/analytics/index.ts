// Public surface of the analytics routes: the router factory, its parameter schemas (for the OpenAPI
// document) and the response types (for the web UI).
export { createAnalyticsRouter, type AnalyticsRouterOptions } from "./router.ts";
export {
  overviewParams,
  costsParams,
  trendsParams,
  modelsParams,
  successRateParams,
  usersParams,
  promptsParams,
  TREND_METRICS,
} from "./params.ts";
export type { Figures, FigureName } from "./figures.ts";
export type { Meta } from "./meta.ts";
export type { OverviewResponse } from "./overview.ts";
export type { CostsResponse, CostGroup } from "./costs.ts";
export type { TrendsResponse, TrendSeries } from "./trends.ts";
export type { ModelsResponse, ModelRow } from "./models.ts";
export type { SuccessRateResponse, QualityFigures } from "./success-rate.ts";
export type { UsersResponse } from "./users.ts";
export type { PromptsResponse, PromptVersionRow } from "./prompts.ts";
