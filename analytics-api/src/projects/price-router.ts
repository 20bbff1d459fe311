// A project's prices: GET/POST /api/projects/:projectId/price-overrides (anyone in the org reads;
// owners and admins add) and GET /unknown-models (models seen without a price). The ingest re-reads
// overrides within seconds; runs already stored keep their cost until `promptmetrics reprice`. Each
// unknown model shows the install's synced price it resolves to, and POST .../use-synced-price stores that
// price as an override for every run and re-prices the model's runs in the project.
import { randomUUID } from "node:crypto";
import { Router } from "express";
import {
  insertPriceOverride,
  listPriceOverrides,
  listSyncedPrices,
  listUnknownModels,
  repriceRuns,
  toDbTime,
  type PriceOverrideRecord,
} from "@promptmetrics/clickhouse";
import {
  createPricer,
  overrideFromSyncedPrice,
  PricingError,
  syncedPriceFor,
  syncedPricesFromStore,
  toPriceOverride,
} from "@promptmetrics/pricing";
import type { ProjectPricers } from "@promptmetrics/runs";
import { requireRole } from "../access/roles.ts";
import { NoQuery, parseBody, parseQuery } from "../http/validate.ts";
import type { ApiRouterDeps } from "../router-deps.ts";
import { AppError, ValidationError } from "../http/errors.ts";
import { PriceOverrideBody, UseSyncedPriceBody, type PriceOverrideInput } from "./schemas.ts";
import { priceOverrideView, unknownModelView, type UseSyncedPriceView } from "./views.ts";

export interface PriceRouterOptions {
  /** The app's price cache (POST /api/runs/create's), refreshed once an override is stored. */
  pricers: () => ProjectPricers;
  /** The store is a cluster: re-pricing (which rebuilds rollup partitions) is refused there, as by the CLI. */
  onCluster?: boolean | undefined;
}

/** An override without a date applies to every run: stored from the epoch. */
const EVERY_RUN = "1970-01-01";

export function createPriceRouter(deps: ApiRouterDeps, options: PriceRouterOptions): Router {
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
    const models = await listUnknownModels(deps.store, { projectId: access.projectId });
    const synced = models.length === 0 ? [] : syncedPricesFromStore(await listSyncedPrices(deps.store));
    const at = deps.now();
    res.json(models.map((model) => unknownModelView(model, syncedPriceFor(model.model, synced, at))));
  });

  router.post("/api/projects/:projectId/unknown-models/use-synced-price", async (req, res) => {
    const access = await deps.authorizeProject(req, req.params.projectId);
    requireRole(access, "admin", "Prices are set by the org's owners and admins");
    parseQuery(NoQuery, req.query);
    const { model } = parseBody(UseSyncedPriceBody, req.body);
    if (options.onCluster) {
      throw new AppError(
        501,
        "not_on_cluster",
        "Using a synced price does not run on a cluster yet: re-pricing rebuilds rollup partitions, which needs each shard's *_local tables.",
      );
    }
    const price = syncedPriceFor(model, syncedPricesFromStore(await listSyncedPrices(deps.store)), deps.now());
    if (price === undefined) {
      throw new AppError(404, "not_found", `The synced price list knows no price for model "${model}"`, { field: "model" });
    }
    const { override, dropped } = overrideFromSyncedPrice(price, model);
    const record: PriceOverrideRecord = {
      id: `price_${randomUUID()}`,
      projectId: access.projectId,
      model,
      effectiveFrom: toDbTime(new Date(`${EVERY_RUN}T00:00:00Z`)),
      inputPerMtok: String(override.prices.input),
      outputPerMtok: String(override.prices.output),
      cachedInputPerMtok: optionalPrice(override.prices.cachedInput),
      cacheWrite5mPerMtok: optionalPrice(override.prices.cacheWrite5m),
      cacheWrite1hPerMtok: optionalPrice(override.prices.cacheWrite1h),
    };
    checkWithPricer([...(await projectOverrides(deps, access.projectId)), record]);
    await insertPriceOverride(deps.store, record);
    const pricers = options.pricers();
    await pricers.refresh();
    const report = await repriceRuns(deps.store, {
      projectId: access.projectId,
      from: new Date(0),
      to: new Date(deps.now().getTime() + 24 * 3600_000),
      model,
      pricerFor: pricers.forProject,
    });
    const answer: UseSyncedPriceView = { override: priceOverrideView(record), dropped, repricedRuns: report.changed };
    res.json(answer);
  });

  return router;
}

async function projectOverrides(deps: ApiRouterDeps, projectId: string): Promise<PriceOverrideRecord[]> {
  // The table is small and read whole by the ingest too; the query has no per-project form.
  return (await listPriceOverrides(deps.store)).filter((record) => record.projectId === projectId);
}

function optionalPrice(value: string | number | undefined): string | null {
  return value === undefined ? null : String(value);
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
