// GET /api/projects/:projectId/routing-rules/stats against the real store: gateway runs seeded with the
// gateway's attributes (rule, arm, cache, requested model) and the figures asserted as the exact strings
// the API answers, worked out by hand from the catalogue's per-1M prices (gpt-4o: input 2.50, output 10;
// gpt-4o-mini: input 0.15, output 0.60).
import assert from "node:assert/strict";
import { after, before, test } from "node:test";
import { insertSpans } from "@promptmetrics/clickhouse";
import type { SpanRow } from "@promptmetrics/runs";
import { llmSpanRow } from "@promptmetrics/testing/span-rows";
import { invitedMember, openTestStore, signedUp, startApi, type Client, type TestApi, type TestStore } from "./accounts-harness.ts";

let db: TestStore;
let api: TestApi;
let owner: Client;
let viewer: Client;
let outsider: Client;
let projectId: string;
let otherProjectId: string;

const RANGE = "from=2026-11-01T00:00:00Z&to=2026-12-01T00:00:00Z";
const HOSTILE_NAME = `<script>alert("rule")</script> ' OR 1=1 -- \u202e`;
const HOSTILE_PROMPT = `"; DROP TABLE spans; -- {projectId:String}`;

let serial = 0;
function gatewayRun(project: string, attributes: Record<string, string>, columns: Partial<SpanRow>): SpanRow {
  serial += 1;
  const hex = serial.toString(16).padStart(4, "0");
  return llmSpanRow({
    project_id: project,
    trace_id: `${"7b".repeat(14)}${hex}`,
    span_id: `${"d4".repeat(6)}${hex}`,
    start_time: "2026-11-20 10:00:00.000000000",
    end_time: "2026-11-20 10:00:01.000000000",
    scope_name: "promptmetrics.gateway",
    prompt_name: HOSTILE_PROMPT,
    price_source: "catalogue",
    span_attributes: attributes,
    ...columns,
  });
}

const mini = {
  model: "gpt-4o-mini-2024-07-18",
  request_model: "gpt-4o-mini",
  response_model: "gpt-4o-mini-2024-07-18",
  priced_model: "gpt-4o-mini",
};
const full = { model: "gpt-4o-2024-08-06", request_model: "gpt-4o", response_model: "gpt-4o-2024-08-06", priced_model: "gpt-4o" };

let ruleId: string;
let idleRuleId: string;

before(async () => {
  db = await openTestStore();
  api = await startApi({ store: db.store });
  const signup = await signedUp(api, "owner@example.com");
  owner = signup.client;
  projectId = signup.me.projects[0].id;
  viewer = await invitedMember(api, owner, signup.me.orgs[0].id, "viewer@example.com", "viewer");
  const other = await signedUp(api, "outsider@example.com");
  outsider = other.client;
  otherProjectId = other.me.projects[0].id;

  const idle = await owner.post(`/api/projects/${projectId}/routing-rules`, { match: { tags: ["batch"] }, targetModel: "gpt-4o-mini" });
  assert.equal(idle.status, 201, JSON.stringify(idle.body));
  idleRuleId = idle.body.id;
  const rule = await owner.post(`/api/projects/${projectId}/routing-rules`, {
    name: HOSTILE_NAME,
    match: { promptName: HOSTILE_PROMPT, model: "gpt-4o" },
    targetModel: "gpt-4o-mini",
    share: 0.5,
  });
  assert.equal(rule.status, 201, JSON.stringify(rule.body));
  ruleId = rule.body.id;

  const target = {
    "promptmetrics.gateway.rule_id": ruleId,
    "promptmetrics.gateway.rule_arm": "target",
    "promptmetrics.gateway.requested_model": "gpt-4o",
  };
  const control = { "promptmetrics.gateway.rule_id": ruleId, "promptmetrics.gateway.rule_arm": "control" };
  await insertSpans(db.store, {
    rows: [
      // Target arm: 1000 in, 500 out at mini = 0.00015 + 0.0003 = 0.00045.
      gatewayRun(projectId, target, { ...mini, input_tokens: 1000, output_tokens: 500, cost_usd: "0.000450000000" }),
      // 3000 in, 1500 out at mini = 0.00045 + 0.0009 = 0.00135.
      gatewayRun(projectId, target, { ...mini, input_tokens: 3000, output_tokens: 1500, cost_usd: "0.001350000000" }),
      // Control arm, a cache miss: 1000 in, 500 out at gpt-4o = 0.0025 + 0.005 = 0.0075.
      gatewayRun(
        projectId,
        { ...control, "promptmetrics.gateway.cache": "miss" },
        { ...full, input_tokens: 1000, output_tokens: 500, cost_usd: "0.007500000000" },
      ),
      // Its repeat, a cache hit: no tokens, no cost, saved what the miss cost.
      gatewayRun(
        projectId,
        {
          ...control,
          "promptmetrics.gateway.cache": "hit",
          "promptmetrics.gateway.cache_saved_usd": "0.007500000000",
          "promptmetrics.gateway.cached_input_tokens": "1000",
          "promptmetrics.gateway.cached_output_tokens": "500",
        },
        { ...full, cost_usd: "0.000000000000" },
      ),
      // Not in the range, not routed, or another project's: none of them counts.
      gatewayRun(projectId, target, { ...mini, start_time: "2026-10-31 23:59:59.000000000", input_tokens: 9, cost_usd: "1.000000000000" }),
      gatewayRun(projectId, {}, { ...full, input_tokens: 9, cost_usd: "1.000000000000" }),
      gatewayRun(otherProjectId, target, { ...mini, input_tokens: 9, cost_usd: "1.000000000000" }),
    ],
  });
});

after(async () => {
  await api.close();
  await db.close();
});

test("a rule's runs by arm, cost, cache hit rate and savings, worked out by hand; a rule without runs has zeros", async () => {
  const reply = await owner.get(`/api/projects/${projectId}/routing-rules/stats?${RANGE}`);
  assert.equal(reply.status, 200, JSON.stringify(reply.body));
  assert.equal(reply.body.from, "2026-11-01T00:00:00.000Z");
  assert.equal(reply.body.to, "2026-12-01T00:00:00.000Z");
  assert.deepEqual(
    reply.body.rules.map((row: { rule: { id: string } }) => row.rule.id),
    [ruleId, idleRuleId],
    "newest first",
  );
  const [rule, idle] = reply.body.rules;
  // At gpt-4o, the target arm's average run (2000 in, 1000 out) costs 0.005 + 0.01 = 0.015; two runs 0.03,
  // less the 0.0018 they cost at mini: 0.0282.
  assert.deepEqual(
    { ...rule, rule: undefined },
    {
      rule: undefined,
      runs: 4,
      targetRuns: 2,
      controlRuns: 2,
      otherRuns: 0,
      costUsd: "0.009300000000",
      cacheHits: 1,
      cacheLookups: 2,
      cacheHitRate: 0.5,
      cacheSavedUsd: "0.007500000000",
      switchSavedUsd: "0.028200000000",
      switchUnpricedRuns: 0,
      savedUsd: "0.035700000000",
    },
  );
  assert.deepEqual(
    { ...idle, rule: undefined },
    {
      rule: undefined,
      runs: 0,
      targetRuns: 0,
      controlRuns: 0,
      otherRuns: 0,
      costUsd: "0.000000000000",
      cacheHits: 0,
      cacheLookups: 0,
      cacheHitRate: null,
      cacheSavedUsd: "0.000000000000",
      switchSavedUsd: "0.000000000000",
      switchUnpricedRuns: 0,
      savedUsd: "0.000000000000",
    },
  );
  assert.deepEqual(reply.body.totals, {
    runs: 4,
    costUsd: "0.009300000000",
    cacheSavedUsd: "0.007500000000",
    switchSavedUsd: "0.028200000000",
    savedUsd: "0.035700000000",
  });
});

test("hostile strings in the rule's name and prompt come back verbatim", async () => {
  const reply = await owner.get(`/api/projects/${projectId}/routing-rules/stats?${RANGE}`);
  const rule = reply.body.rules.find((row: { rule: { id: string } }) => row.rule.id === ruleId).rule;
  assert.equal(rule.name, HOSTILE_NAME);
  assert.equal(rule.match.promptName, HOSTILE_PROMPT);
  assert.equal(rule.match.model, "gpt-4o");
});

test("a viewer reads the same figures; another org's caller gets a 404; a bad range is a 400 naming the field", async () => {
  const asOwner = await owner.get(`/api/projects/${projectId}/routing-rules/stats?${RANGE}`);
  const asViewer = await viewer.get(`/api/projects/${projectId}/routing-rules/stats?${RANGE}`);
  assert.equal(asViewer.status, 200);
  assert.deepEqual(asViewer.body, asOwner.body);
  const refused = await outsider.get(`/api/projects/${projectId}/routing-rules/stats?${RANGE}`);
  assert.equal(refused.status, 404);
  assert.ok(!JSON.stringify(refused.body).includes(ruleId));
  const own = await outsider.get(`/api/projects/${otherProjectId}/routing-rules/stats?${RANGE}`);
  assert.equal(own.status, 200);
  assert.deepEqual(own.body.rules, [], "the other project has no rules; its run of this rule's id is not shown");
  const bad = await owner.get(`/api/projects/${projectId}/routing-rules/stats?from=yesterday`);
  assert.equal(bad.status, 400);
  assert.equal(bad.body.error.field, "from");
  const unknown = await owner.get(`/api/projects/${projectId}/routing-rules/stats?projectId=x`);
  assert.equal(unknown.status, 400);
});
