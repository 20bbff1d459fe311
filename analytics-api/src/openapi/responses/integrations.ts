// The JSON answers of the gateway's routes: a project's provider connections (never their keys), routing rules, limits and settings.
import { z } from "zod";
import { LIMIT_METRICS, LIMIT_SCOPES, PROVIDER_KINDS, STICKY_MODES } from "@promptmetrics/clickhouse";
import type { GatewayLimitView } from "../../gateway/limits-router.ts";
import type { ProviderConnectionView } from "../../gateway/integrations-router.ts";
import type { RoutingRuleView, RoutingStatsView } from "../../gateway/routing-router.ts";
import type { GatewaySettingsView } from "../../gateway/settings-router.ts";
import { Timestamp } from "./common.ts";
import type { Agree, Expect, JsonOf } from "./type-checks.ts";

export const ProviderConnection = z
  .strictObject({
    id: z.string().describe("The connection's id (pk_…): what disconnect and x-promptmetrics-integration name."),
    projectId: z.string(),
    provider: z.enum(PROVIDER_KINDS),
    name: z.string(),
    baseUrl: z.string().describe("Empty: the provider's public API."),
    keyLast4: z.string().describe("The key's last four characters; the key itself is never shown again."),
    azure: z.unknown().describe("Azure OpenAI's { apiVersion, deployments }; null for other providers."),
    createdAt: Timestamp,
    lastUsedAt: Timestamp.nullable().describe("When the gateway last sent a call with it (to the minute); null: never."),
  })
  .meta({ id: "ProviderConnection" });

export const RoutingRuleResponse = z
  .strictObject({
    id: z.string(),
    projectId: z.string(),
    name: z.string(),
    match: z
      .strictObject({
        promptName: z.string(),
        promptVersion: z.string(),
        model: z.string(),
        tags: z.array(z.string()),
        userId: z.string(),
      })
      .describe("Empty fields match anything; every tag must be on the call."),
    targetModel: z.string().describe("Empty: the rule leaves the model as asked (share and sticky do not apply)."),
    targetProvider: z
      .string()
      .describe("The provider of the rule's models: openai or anthropic; empty when unknown (the call's own dialect)."),
    share: z.number(),
    sticky: z.enum(STICKY_MODES),
    fallbackModels: z
      .array(z.string())
      .describe(
        "Tried in turn when the call fails after its retries (`model` or `model@connection`); the call's x-promptmetrics-fallbacks header wins.",
      ),
    cacheTtlSeconds: z
      .number()
      .describe(
        "Matching calls use the response cache for this many seconds; 0: not cached. The call's x-promptmetrics-cache header wins.",
      ),
    suggestionId: z.string().describe("The applied model_switch suggestion that made it; empty for rules made by hand."),
    createdAt: Timestamp,
  })
  .meta({ id: "RoutingRule" });

const Usd = z.string().describe("USD as an exact decimal string (12 decimals)");
const SavedUsd = Usd.describe("USD as an exact decimal string (12 decimals); negative when the target model cost more");

export const RoutingRuleStats = z
  .strictObject({
    rule: RoutingRuleResponse,
    runs: z.number().describe("Gateway runs the rule matched in the range"),
    targetRuns: z.number().describe("Runs the rule sent to its target model"),
    controlRuns: z.number().describe("Matching runs outside its share, left on the model they asked for"),
    otherRuns: z.number().describe("Runs with another or no arm recorded"),
    costUsd: Usd,
    cacheHits: z.number().describe("Runs answered from the gateway's response cache"),
    cacheLookups: z.number().describe("Runs that asked for the cache (hits and misses)"),
    cacheHitRate: z.number().nullable().describe("cacheHits / cacheLookups; null when no run asked for the cache"),
    cacheSavedUsd: Usd.describe("What the cache hits would have cost"),
    switchSavedUsd: SavedUsd.describe(
      "Target-arm runs: their cost at the requested model's prices (the average run × runs) minus what they cost",
    ),
    switchUnpricedRuns: z.number().describe("Target-arm runs left out of switchSavedUsd: a model without a price"),
    savedUsd: SavedUsd.describe("cacheSavedUsd + switchSavedUsd"),
  })
  .meta({ id: "RoutingRuleStats" });

export const RoutingStatsResponse = z
  .strictObject({
    from: Timestamp,
    to: Timestamp,
    totals: z.strictObject({ runs: z.number(), costUsd: Usd, cacheSavedUsd: Usd, switchSavedUsd: SavedUsd, savedUsd: SavedUsd }),
    rules: z.array(RoutingRuleStats).describe("Every rule of the project, newest first; rules without runs have zeros"),
  })
  .meta({ id: "RoutingStats" });

export const GatewayLimit = z
  .strictObject({
    id: z.string(),
    projectId: z.string(),
    scope: z.enum(LIMIT_SCOPES),
    subject: z.string().describe("The key's id, the end user's id or * (each end user); empty for the project."),
    metric: z.enum(LIMIT_METRICS),
    max: z.string().describe("Requests per minute, or USD per UTC day or month."),
    createdAt: Timestamp,
  })
  .meta({ id: "GatewayLimit" });

export const GatewaySettings = z
  .strictObject({
    projectId: z.string(),
    allowKeyPassthrough: z
      .boolean()
      .describe("Callers may pass their own provider key through (x-promptmetrics-key carries the project key)."),
    updatedAt: Timestamp.nullable().describe("null while the project has the defaults"),
  })
  .meta({ id: "GatewaySettings" });

export type IntegrationsChecks = [
  Expect<Agree<JsonOf<GatewaySettingsView>, z.output<typeof GatewaySettings>>>,
  Expect<Agree<JsonOf<GatewayLimitView>, z.output<typeof GatewayLimit>>>,
  Expect<Agree<JsonOf<ProviderConnectionView>, z.output<typeof ProviderConnection>>>,
  Expect<Agree<JsonOf<RoutingRuleView>, z.output<typeof RoutingRuleResponse>>>,
  Expect<Agree<JsonOf<RoutingStatsView>, z.output<typeof RoutingStatsResponse>>>,
];
