// A project's routing rules: GET, POST /api/projects/:projectId/routing-rules and
// DELETE /api/projects/:projectId/routing-rules/:ruleId. Members and up create and delete (as they apply
// suggestions, which also create rules); viewers list. The gateway applies a change within seconds.
// GET .../routing-rules/stats: every rule with its traffic, cache hits and savings in a range (the Routing page).
import { Router } from "express";
import {
  deleteRoutingRule,
  insertRoutingRule,
  listRoutingRules,
  sumSwitchUsageByRoutingRule,
  sumTrafficByRoutingRule,
  type RoutingRule,
} from "@promptmetrics/clickhouse";
import type { ProjectPricers } from "@promptmetrics/runs";
import { requireRole } from "../access/roles.ts";
import { resolveRange } from "../analytics/time-range.ts";
import { resolveTimeZone } from "../analytics/time-zone.ts";
import { NotFoundError, ValidationError } from "../http/errors.ts";
import { requestSignal } from "../http/request-signal.ts";
import { NoBody, NoQuery, parseBody, parseQuery } from "../http/validate.ts";
import type { ApiRouterDeps } from "../router-deps.ts";
import { ruleFromBody } from "./rule-records.ts";
import { RoutingRuleBody, RoutingStatsQuery } from "./routing-schemas.ts";
import { routingStats, type RoutingStats } from "./routing-stats.ts";

export type RoutingRuleView = ReturnType<typeof ruleView>;
export type RoutingStatsView = RoutingStats<RoutingRuleView>;

export interface RoutingRouterOptions {
  onRulesChanged: () => Promise<void>;
  /** The app's price cache: a switch's saving is priced with the project's prices, as its runs are. */
  pricers: () => ProjectPricers;
}

export function createRoutingRouter(deps: ApiRouterDeps, opts: RoutingRouterOptions): Router {
  const router = Router();
  const base = "/api/projects/:projectId/routing-rules";

  router.get(`${base}/stats`, async (req, res) => {
    const query = parseQuery(RoutingStatsQuery, req.query);
    const access = await deps.authorizeProject(req, req.params.projectId);
    const timeZone = resolveTimeZone(query.tz ?? "UTC");
    if (!timeZone) throw new ValidationError(`tz: unknown time zone "${query.tz}"; use an IANA name such as Europe/Berlin`, "tz");
    const range = resolveRange(query, { now: deps.now(), timeZone: timeZone.canonical });
    const pricers = opts.pricers();
    const window = { projectId: access.projectId, ...range, signal: requestSignal(res) };
    const [rules, traffic, switchUsage] = await Promise.all([
      listRoutingRules(deps.store, { projectId: access.projectId }),
      sumTrafficByRoutingRule(deps.store, window),
      sumSwitchUsageByRoutingRule(deps.store, window),
      pricers.ready(),
    ]);
    res.json(routingStats({ range, rules: rules.map(ruleView), traffic, switchUsage, pricer: pricers.forProject(access.projectId) }));
  });

  router.get(base, async (req, res) => {
    parseQuery(NoQuery, req.query);
    const access = await deps.authorizeProject(req, req.params.projectId);
    res.json((await listRoutingRules(deps.store, { projectId: access.projectId })).map(ruleView));
  });

  router.post(base, async (req, res) => {
    parseQuery(NoQuery, req.query);
    const access = await deps.authorizeProject(req, req.params.projectId);
    requireRole(access, "member", "Creating routing rules needs the member role or higher");
    const body = parseBody(RoutingRuleBody, req.body);
    const rule = ruleFromBody(body, { projectId: access.projectId, userId: access.userId, now: deps.now() });
    await insertRoutingRule(deps.store, rule);
    await opts.onRulesChanged();
    res.status(201).json(ruleView(rule));
  });

  router.delete(`${base}/:ruleId`, async (req, res) => {
    parseQuery(NoQuery, req.query);
    const access = await deps.authorizeProject(req, req.params.projectId);
    requireRole(access, "member", "Deleting routing rules needs the member role or higher");
    parseBody(NoBody, req.body);
    const rule = (await listRoutingRules(deps.store, { projectId: access.projectId })).find((r) => r.id === req.params.ruleId);
    if (!rule) throw new NotFoundError(`Routing rule ${req.params.ruleId} not found`);
    await deleteRoutingRule(deps.store, rule);
    await opts.onRulesChanged();
    res.status(204).end();
  });

  return router;
}

export function ruleView(rule: RoutingRule) {
  return {
    id: rule.id,
    projectId: rule.projectId,
    name: rule.name,
    match: {
      promptName: rule.matchPromptName,
      promptVersion: rule.matchPromptVersion,
      model: rule.matchModel,
      tags: rule.matchTags,
      userId: rule.matchUserId,
    },
    targetModel: rule.targetModel,
    targetProvider: rule.targetProvider,
    share: rule.share,
    sticky: rule.sticky,
    fallbackModels: rule.fallbackModels,
    cacheTtlSeconds: rule.cacheTtlSeconds,
    suggestionId: rule.suggestionId,
    createdAt: rule.createdAt.toISOString(),
  };
}
