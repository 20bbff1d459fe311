// A project's routing rules: GET, POST /api/projects/:projectId/routing-rules and
// DELETE /api/projects/:projectId/routing-rules/:ruleId. Members and up create and delete (as they apply
// suggestions, which also create rules); viewers list. The gateway applies a change within seconds.
import { Router } from "express";
import { deleteRoutingRule, insertRoutingRule, listRoutingRules, type RoutingRule } from "@promptmetrics/clickhouse";
import { requireRole } from "../access/roles.ts";
import { NotFoundError } from "../http/errors.ts";
import { NoBody, NoQuery, parseBody, parseQuery } from "../http/validate.ts";
import type { ApiRouterDeps } from "../router-deps.ts";
import { ruleFromBody } from "./rule-records.ts";
import { RoutingRuleBody } from "./routing-schemas.ts";

export type RoutingRuleView = ReturnType<typeof ruleView>;

export function createRoutingRouter(deps: ApiRouterDeps, opts: { onRulesChanged: () => Promise<void> }): Router {
  const router = Router();
  const base = "/api/projects/:projectId/routing-rules";

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
