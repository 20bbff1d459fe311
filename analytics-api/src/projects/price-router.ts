// A project's prices: GET/POST /api/projects/:projectId/price-overrides (anyone in the org reads;
// owners and admins add) and GET /unknown-models (models seen without a price). The ingest re-reads
// overrides within seconds; runs already stored keep their cost until `promptmetrics reprice`.
import { randomUUID } from "node:crypto";
import { Router } from "express";
import { insertPriceOverride, listPriceOverrides, listUnknownModels, toDbTime, type PriceOverrideRecord } from "@promptmetrics/clickhouse";
import { createPricer, PricingError, toPriceOverride } from "@promptmetrics/pricing";
import { requireRole } from "../access/roles.ts";
import { NoQuery, parseBody, parseQuery } from "../http/validate.ts";
import type { ApiRouterDeps } from "../router-deps.ts";
import { ValidationError } from "../http/errors.ts";
import { PriceOverrideBody, type PriceOverrideInput } from "./schemas.ts";
import { priceOverrideView, unknownModelView } from "./views.ts";

/** An override without a date applies to every run: stored from the epoch. */
const EVERY_RUN = "1970-01-01";

export function createPriceRouter(deps: ApiRouterDeps): Router {
  const router = Router();

  router.get("/api/projects/:projectId/price-overrides", async (req, res) => {
    const access = await deps.authorizeProject(req, req.params.projectId);
    parseQuery(NoQuery, req.query);
    res.json((await projectOverrides(deps, access.projectId)).map(priceOverrideView));
  });

  router.post("/api/projects/:projectId/price-overrides", async (req, res) => {
    const access = await deps.authorizeProject(req, req.params.projectId);
    requireRole(access, "admin", "Prices are set by the org's owners and admins");
    parseQuery(NoQuery, req.query);
    const body = parseBody(PriceOverrideBody, req.body);
    const record = toRecord(body, access.projectId);
    // The pricer checks what the ingest will load (prices, a second override of the model on the same
    // day), so an override that would be skipped there is refused here instead.
    checkWithPricer([...(await projectOverrides(deps, access.projectId)), record]);
    await insertPriceOverride(deps.store, record);
    res.status(201).json(priceOverrideView(record));
  });

  router.get("/api/projects/:projectId/unknown-models", async (req, res) => {
    const access = await deps.authorizeProject(req, req.params.projectId);
    parseQuery(NoQuery, req.query);
    res.json((await listUnknownModels(deps.store, { projectId: access.projectId })).map(unknownModelView));
  });

  return router;
}

async function projectOverrides(deps: ApiRouterDeps, projectId: string): Promise<PriceOverrideRecord[]> {
  // The table is small and read whole by the ingest too; the query has no per-project form.
  return (await listPriceOverrides(deps.store)).filter((record) => record.projectId === projectId);
}

function toRecord(body: PriceOverrideInput, projectId: string): PriceOverrideRecord {
  return {
    id: `price_${randomUUID()}`,
    projectId,
    model: body.model,
    effectiveFrom: toDbTime(new Date(`${body.effectiveFrom ?? EVERY_RUN}T00:00:00Z`)),
    inputPerMtok: body.inputPerMTok,
    outputPerMtok: body.outputPerMTok,
    cachedInputPerMtok: body.cachedInputPerMTok ?? null,
    cacheWrite5mPerMtok: body.cacheWrite5mPerMTok ?? null,
    cacheWrite1hPerMtok: body.cacheWrite1hPerMTok ?? null,
  };
}

const FIELD_OF: Readonly<Record<string, string>> = {
  from: "effectiveFrom",
  model: "model",
  "prices.input": "inputPerMTok",
  "prices.output": "outputPerMTok",
  "prices.cachedInput": "cachedInputPerMTok",
  "prices.cacheWrite5m": "cacheWrite5mPerMTok",
  "prices.cacheWrite1h": "cacheWrite1hPerMTok",
};

function checkWithPricer(records: readonly PriceOverrideRecord[]): void {
  try {
    createPricer({ overrides: records.map((record) => toPriceOverride(record)) });
  } catch (error) {
    if (!(error instanceof PricingError)) throw error;
    // The pricer names fields as overrides[i].prices.input; the new override is the last one.
    const field = FIELD_OF[(error.field ?? "").replace(/^overrides\[\d+\]\.?/, "")];
    throw new ValidationError(field === "effectiveFrom" ? "The model already has a price override from that day" : error.message, field);
  }
}
