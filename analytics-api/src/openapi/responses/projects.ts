// The JSON answers of the project routes the dashboard added: status, sample data, prices.
import { z } from "zod";
import type { PriceOverrideView, ProjectStatusView, UnknownModelView } from "../../projects/views.ts";
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

export const UnknownModel = z
  .strictObject({
    provider: z.string(),
    model: z.string(),
    runs: z.number().int().describe("Runs stored without a price."),
    lastSeen: Timestamp.describe("The UTC hour of the last such run."),
  })
  .meta({ id: "UnknownModel" });

export type ProjectChecks = [
  Expect<Agree<JsonOf<ProjectStatusView>, z.output<typeof ProjectStatus>>>,
  Expect<Agree<JsonOf<PriceOverrideView>, z.output<typeof PriceOverride>>>,
  Expect<Agree<JsonOf<UnknownModelView>, z.output<typeof UnknownModel>>>,
];
