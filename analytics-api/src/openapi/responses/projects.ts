// The JSON answers of the project routes the dashboard added: status, sample data, prices.
import { z } from "zod";
import type { PriceOverrideView, ProjectStatusView, UnknownModelView, UseSyncedPriceView } from "../../projects/views.ts";
import { Timestamp } from "./common.ts";
import type { Agree, Expect, JsonOf } from "./type-checks.ts";

export const ProjectStatus = z
  .strictObject({
    runs: z.number().int().describe("LLM runs stored for the project."),
    spans: z.number().int().describe("LLM spans stored (equal to `runs`; other spans are not counted)."),
    lastSpanAt: Timestamp.nullable().describe("Start of the newest run; null before the first."),
    otlpPort: z.number().int().nullable().describe("The OTLP/HTTP port of this install, when the API runs beside the ingest."),
  })
  .meta({ id: "ProjectStatus" });

export const SampleDataResult = z.strictObject({ runs: z.number().int(), feedback: z.number().int() }).meta({ id: "SampleDataResult" });

const decimal = z.string().regex(/^-?\d+(\.\d+)?$/, "an exact decimal");

export const PriceOverride = z
  .strictObject({
    id: z.string(),
    projectId: z.string(),
    model: z.string(),
    effectiveFrom: Timestamp.describe("The UTC date-time the price applies from; 1970-01-01 means every run."),
    inputPerMTok: decimal.describe("USD per 1M tokens, an exact decimal string; null: as the catalogue."),
    cachedInputPerMTok: decimal.nullable(),
    cacheWrite5mPerMTok: decimal.nullable(),
    cacheWrite1hPerMTok: decimal.nullable(),
    outputPerMTok: decimal,
  })
  .meta({ id: "PriceOverride" });

export const SyncedPrice = z
  .strictObject({
    model: z.string().describe("The synced list's model the name resolves to."),
    inputPerMtok: decimal.describe("USD per 1M tokens, an exact decimal string."),
    cachedInputPerMtok: decimal.nullable(),
    cacheWrite5mPerMtok: decimal.nullable(),
    cacheWrite1hPerMtok: decimal.nullable(),
    outputPerMtok: decimal,
    source: z.string().describe("The price list's URL or file."),
    effectiveFrom: z.string().describe("YYYY-MM-DD: the UTC day the price applies from."),
  })
  .meta({ id: "SyncedPrice" });

export const UnknownModel = z
  .strictObject({
    provider: z.string(),
    model: z.string(),
    runs: z.number().int().describe("Runs stored without a price."),
    lastSeen: Timestamp.describe("The UTC hour of the last such run."),
    syncedPrice: SyncedPrice.nullable().describe(
      "The install's synced price the name resolves to; null when the synced list does not know it.",
    ),
  })
  .meta({ id: "UnknownModel" });

export const UsedSyncedPrice = z
  .strictObject({
    override: PriceOverride,
    dropped: z.array(z.string()).describe("What the synced price has and an override cannot hold (long context, service tiers, ...)."),
    repricedRuns: z.number().int().describe("Runs of the model in the project whose cost changed."),
  })
  .meta({ id: "UsedSyncedPrice" });

export type ProjectChecks = [
  Expect<Agree<JsonOf<ProjectStatusView>, z.output<typeof ProjectStatus>>>,
  Expect<Agree<JsonOf<PriceOverrideView>, z.output<typeof PriceOverride>>>,
  Expect<Agree<JsonOf<UnknownModelView>, z.output<typeof UnknownModel>>>,
  Expect<Agree<JsonOf<UseSyncedPriceView>, z.output<typeof UsedSyncedPrice>>>,
];
