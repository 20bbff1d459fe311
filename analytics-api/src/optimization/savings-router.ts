// POST /api/optimization/savings, the savings calculator: anyone who sees the project may ask (it only
// reads); another org's project is a 404. Prices with the project's own prices (catalogue, synced prices,
// its overrides), the cache runs are priced with.
import { Router } from "express";
import { listPrefixFigures, sumCostByPricedModel, sumSavingsUsage } from "@promptmetrics/clickhouse";
import type { ProjectPricers } from "@promptmetrics/runs";
import { requestSignal } from "../http/request-signal.ts";
import { NoQuery, parseBody, parseQuery } from "../http/validate.ts";
import type { ApiRouterDeps } from "../router-deps.ts";
import { CACHE_REUSE_SECONDS, MIN_CACHEABLE_FLOOR } from "./kinds/prompt-caching.ts";
import { computeSavings, savingsTargets } from "./savings.ts";
import { SavingsBody } from "./savings-schemas.ts";

export interface SavingsRouterOptions {
  /** The app's price cache: moves are priced with the project's prices, as its runs are. */
  pricers: () => ProjectPricers;
}

export function createSavingsRouter(deps: ApiRouterDeps, options: SavingsRouterOptions): Router {
  const router = Router();

  router.post("/api/optimization/savings", async (req, res) => {
    parseQuery(NoQuery, req.query);
    const request = parseBody(SavingsBody, req.body);
    const access = await deps.authorizeProject(req, request.projectId);
    const pricers = options.pricers();
    await pricers.ready();
    const pricer = pricers.forProject(access.projectId);
    const { toModelIds, thresholds } = savingsTargets(request, pricer);
    const signal = requestSignal(res);
    const window = { projectId: access.projectId, from: request.from, to: request.to, signal };
    const [groups, projectCosts, prefixes] = await Promise.all([
      sumSavingsUsage(deps.store, { ...window, moves: request.moves, thresholds }),
      sumCostByPricedModel(deps.store, window),
      request.caching === undefined
        ? Promise.resolve([])
        : listPrefixFigures(deps.store, { ...window, minTokens: MIN_CACHEABLE_FLOOR, reuseSeconds: CACHE_REUSE_SECONDS }),
    ]);
    res.json(computeSavings({ request: { ...request, projectId: access.projectId }, pricer, toModelIds, groups, projectCosts, prefixes }));
  });

  return router;
}
