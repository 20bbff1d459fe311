// The optimization engine's suggestions: GET /api/optimization/suggestions (anyone in the org),
// POST /api/optimization/apply and /dismiss (members and up; viewers 403), POST /api/optimization/refresh
// (members and up: recomputes the project's suggestions now and answers when done). A suggestion of a
// project the caller cannot see is a 404, as if it did not exist.
import { Router, type Request } from "express";
import {
  getSuggestionById,
  insertRoutingRule,
  insertSuggestionVersions,
  listSuggestions,
  type SuggestionRecord,
} from "@promptmetrics/clickhouse";
import { ruleFromSuggestion } from "../gateway/rule-records.ts";
import type { ProjectPricers } from "@promptmetrics/runs";
import { requireCaller } from "../access/caller.ts";
import { requireRole } from "../access/roles.ts";
import { NotFoundError } from "../http/errors.ts";
import { NoQuery, parseBody, parseQuery } from "../http/validate.ts";
import type { ApiRouterDeps } from "../router-deps.ts";
import { refreshProjectSuggestions } from "./engine.ts";
import { realizedSavings } from "./realized.ts";
import { ApplySuggestionBody, DismissSuggestionBody, RefreshSuggestionsBody, SuggestionsQuery } from "./suggestion-schemas.ts";
import { suggestionView, type SuggestionView } from "./suggestion-views.ts";
import { formatUsd9, toPico } from "./usd.ts";

export interface SuggestionsRouterOptions {
  /** The app's price cache: suggestions price with the project's prices, as costs are. */
  pricers: () => ProjectPricers;
  /** Called after applying a model switch wrote its routing rule (the gateway re-reads its rules). */
  onRulesChanged?: () => Promise<void>;
}

/** The suggestions a list shows, in order, and their totals; the answer's views are made from it once. */
export interface SuggestionSelection {
  records: SuggestionRecord[];
  totals: SuggestionList["totals"];
}

export interface SuggestionList {
  items: SuggestionView[];
  totals: { monthlySavingsUsd: string; active: number };
}

export function createSuggestionsRouter(deps: ApiRouterDeps, options: SuggestionsRouterOptions): Router {
  const router = Router();

  router.get("/api/optimization/suggestions", async (req, res) => {
    const query = parseQuery(SuggestionsQuery, req.query);
    const access = await deps.authorizeProject(req, query.projectId);
    res.json(await withRealized(deps, selectSuggestions(await listSuggestions(deps.store, { projectId: access.projectId }), query)));
  });

  router.post("/api/optimization/apply", async (req, res) => {
    parseQuery(NoQuery, req.query);
    const { suggestionId, share } = parseBody(ApplySuggestionBody, req.body);
    const { record, userId } = await suggestionForChange(deps, req, suggestionId, "Applying suggestions needs the member role or higher");
    // A model switch becomes a routing rule of the gateway: that prompt's calls to model A go to model B.
    const rule = ruleFromSuggestion(record, share ?? 1, userId, deps.now());
    if (rule) {
      await insertRoutingRule(deps.store, rule);
      await options.onRulesChanged?.();
    }
    const applied: SuggestionRecord = {
      ...record,
      status: "applied",
      statusChangedAt: deps.now(),
      statusChangedBy: userId,
      updatedAt: deps.now(),
    };
    await insertSuggestionVersions(deps.store, [applied]);
    res.json(suggestionView(applied, await realizedSavings(deps.store, applied, deps.now())));
  });

  router.post("/api/optimization/dismiss", async (req, res) => {
    parseQuery(NoQuery, req.query);
    const { suggestionId, reason } = parseBody(DismissSuggestionBody, req.body);
    const { record, userId } = await suggestionForChange(deps, req, suggestionId, "Dismissing suggestions needs the member role or higher");
    const dismissed: SuggestionRecord = {
      ...record,
      status: "dismissed",
      statusChangedAt: deps.now(),
      statusChangedBy: userId,
      dismissReason: reason ?? "",
      // What it was worth when dismissed: it comes back if its savings double or its evidence changes kind.
      dismissedSavingsUsd: record.monthlySavingsUsd,
      dismissedEvidenceKind: record.evidenceKind,
      updatedAt: deps.now(),
    };
    await insertSuggestionVersions(deps.store, [dismissed]);
    res.json(suggestionView(dismissed));
  });

  router.post("/api/optimization/refresh", async (req, res) => {
    parseQuery(NoQuery, req.query);
    const { projectId } = parseBody(RefreshSuggestionsBody, req.body);
    const access = await deps.authorizeProject(req, projectId);
    requireRole(access, "member", "Refreshing suggestions needs the member role or higher");
    const pricers = options.pricers();
    await pricers.ready();
    const report = await refreshProjectSuggestions({
      store: deps.store,
      projectId: access.projectId,
      pricer: pricers.forProject(access.projectId),
      now: deps.now(),
    });
    const list = await withRealized(deps, selectSuggestions(await listSuggestions(deps.store, { projectId: access.projectId }), {}));
    res.json({ ...list, refresh: { findings: report.findings, written: report.written, tookMs: Math.round(report.tookMs) } });
  });

  return router;
}

/** Fills in the realized savings of the applied suggestions listed (one pair of queries each). */
async function withRealized(deps: ApiRouterDeps, list: SuggestionSelection): Promise<SuggestionList> {
  const now = deps.now();
  const items = await Promise.all(
    list.records.map(async (record) => suggestionView(record, await realizedSavings(deps.store, record, now))),
  );
  return { items, totals: list.totals };
}

/** The suggestion, if the caller sees its project and may change it; 404 otherwise (403 for a viewer). */
async function suggestionForChange(
  deps: ApiRouterDeps,
  req: Request,
  suggestionId: string,
  forbidden: string,
): Promise<{ record: SuggestionRecord; userId: string }> {
  // Who is asking comes first: an outsider gets 401 whether or not the id exists.
  await requireCaller(deps.resolveCaller, req);
  const record = await getSuggestionById(deps.store, { id: suggestionId });
  if (!record) throw new NotFoundError("No such suggestion");
  const access = await deps.authorizeProject(req, record.projectId).catch((error: unknown) => {
    // Another org's suggestion answers exactly as a missing one.
    if (error instanceof NotFoundError) throw new NotFoundError("No such suggestion");
    throw error;
  });
  requireRole(access, "member", forbidden);
  return { record, userId: access.userId };
}

/**
 * What a list shows: without a status filter, the suggestions the last recomputation found (active and
 * dismissed) and every applied one; with one, that status (active and dismissed: current ones only).
 * Sorted by monthly savings, largest first. Totals add the active ones.
 */
export function selectSuggestions(
  records: readonly SuggestionRecord[],
  filter: { status?: string | undefined; type?: string | undefined; kind?: string | undefined },
): SuggestionSelection {
  const items = records
    .filter((r) =>
      filter.status === undefined
        ? r.current || r.status === "applied"
        : r.status === filter.status && (r.current || r.status === "applied"),
    )
    .filter((r) => filter.type === undefined || r.type === filter.type)
    .filter((r) => filter.kind === undefined || r.kind === filter.kind)
    .sort((a, b) => {
      const bySavings = toPico(b.monthlySavingsUsd) - toPico(a.monthlySavingsUsd);
      return bySavings > 0n ? 1 : bySavings < 0n ? -1 : a.title.localeCompare(b.title);
    });
  const active = items.filter((r) => r.status === "active");
  return {
    records: items,
    totals: { monthlySavingsUsd: formatUsd9(active.reduce((sum, r) => sum + toPico(r.monthlySavingsUsd), 0n)), active: active.length },
  };
}
