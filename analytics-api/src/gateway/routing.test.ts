import assert from "node:assert/strict";
import { test } from "node:test";
import type { RoutingRule } from "@promptmetrics/clickhouse";
import { ValidationError } from "../http/errors.ts";
import { parseBody } from "../http/validate.ts";
import { ruleFromBody } from "./rule-records.ts";
import { hashShare, routeCall, type CallTraits } from "./routing.ts";
import { RoutingRuleBody } from "./routing-schemas.ts";

const rule = (over: Partial<RoutingRule>): RoutingRule => ({
  projectId: "p",
  id: "rule_1",
  name: "",
  matchPromptName: "",
  matchPromptVersion: "",
  matchModel: "",
  matchTags: [],
  matchUserId: "",
  targetModel: "gpt-4o-mini",
  targetProvider: "openai",
  share: 1,
  sticky: "user",
  fallbackModels: [],
  cacheTtlSeconds: 0,
  suggestionId: "",
  createdBy: "",
  createdAt: new Date(0),
  ...over,
});
const call = (over: Partial<CallTraits> = {}): CallTraits => ({
  promptName: "greeting",
  promptVersion: "3",
  model: "gpt-4o",
  tags: ["eu", "beta"],
  userId: "u1",
  sessionId: "s1",
  ...over,
});

test("a rule matches on prompt, version, model, every tag and user; the first match decides", () => {
  const rules = [
    rule({ id: "r2", matchPromptName: "other" }),
    rule({ id: "r1", matchPromptName: "greeting", matchPromptVersion: "3", matchModel: "gpt-4o", matchTags: ["eu"] }),
  ];
  assert.equal(routeCall(rules, call(), "openai")?.rule.id, "r1");
  assert.equal(routeCall(rules, call({ promptVersion: "4" }), "openai"), undefined);
  assert.equal(routeCall(rules, call({ model: "gpt-4.1" }), "openai"), undefined);
  assert.equal(routeCall(rules, call({ tags: ["beta"] }), "openai"), undefined);
  assert.equal(routeCall([rule({ matchUserId: "u2" })], call(), "openai"), undefined);
  assert.equal(routeCall(rules, call(), "openai")?.model, "gpt-4o-mini");
});

test("a rule never crosses to the other dialect", () => {
  assert.equal(routeCall([rule({ targetModel: "claude-haiku-4-5", targetProvider: "anthropic" })], call(), "openai"), undefined);
  assert.equal(
    routeCall([rule({ targetModel: "claude-haiku-4-5", targetProvider: "anthropic" })], call(), "anthropic")?.model,
    "claude-haiku-4-5",
  );
  assert.equal(routeCall([rule({ targetProvider: "" })], call(), "openai")?.model, "gpt-4o-mini", "unknown provider: the same dialect");
});

test("a share sends that part of the users to the target, each user always the same way", () => {
  const canary = rule({ share: 0.2, sticky: "user" });
  let moved = 0;
  for (let i = 0; i < 10_000; i++) {
    const user = `user-${i}`;
    const first = routeCall([canary], call({ userId: user }), "openai")!.model;
    assert.equal(routeCall([canary], call({ userId: user }), "openai")!.model, first, "sticky");
    if (first === "gpt-4o-mini") moved++;
  }
  assert.ok(moved > 1800 && moved < 2200, `${moved} of 10,000 users moved at a 20% share`);
  assert.equal(hashShare("r", "u"), hashShare("r", "u"));
  assert.equal(routeCall([rule({ share: 0.5, sticky: "none" })], call(), "openai", () => 0.7)!.model, "gpt-4o");
  assert.equal(routeCall([rule({ share: 0.5, sticky: "none" })], call(), "openai", () => 0.3)!.model, "gpt-4o-mini");
  assert.equal(
    routeCall([rule({ share: 0.5, sticky: "session" })], call({ sessionId: "" }), "openai", () => 0.1)!.model,
    "gpt-4o-mini",
    "no session: random",
  );
});

test("a rule that only caches or falls back leaves the model as asked, and has no arm", () => {
  const cacheOnly = rule({ matchPromptName: "greeting", targetModel: "", targetProvider: "", share: 0.5, cacheTtlSeconds: 600 });
  for (const userId of ["u1", "u2", "u3", ""]) {
    const routed = routeCall([cacheOnly], call({ userId }), "openai", () => 0);
    assert.equal(routed?.model, "gpt-4o", `user ${userId}: the model as asked`);
    assert.equal(routed?.arm, undefined);
  }
  assert.equal(routeCall([cacheOnly], call(), "anthropic")?.rule.id, "rule_1", "no target: either dialect");
  assert.equal(routeCall([rule({})], call(), "openai")?.arm, "target");
  assert.equal(routeCall([rule({ share: 0.5, sticky: "none" })], call(), "openai", () => 0.9)?.arm, "control");
});

test("the first matching rule decides everything: a cache rule first shadows a later model switch", () => {
  const rules = [
    rule({ id: "cache", matchPromptName: "greeting", targetModel: "", targetProvider: "", cacheTtlSeconds: 60 }),
    rule({ id: "switch", matchModel: "gpt-4o" }),
  ];
  const routed = routeCall(rules, call(), "openai")!;
  assert.deepEqual([routed.rule.id, routed.model], ["cache", "gpt-4o"]);
  assert.equal(routeCall(rules, call({ promptName: "other" }), "openai")?.rule.id, "switch");
});

const refusal = (body: unknown): { message: string; field: string | undefined } => {
  try {
    parseBody(RoutingRuleBody, body);
  } catch (error) {
    assert.ok(error instanceof ValidationError, String(error));
    return { message: error.message, field: error.field };
  }
  assert.fail("accepted");
};

test("a rule body needs a match field and an action, and says which is missing", () => {
  assert.deepEqual(refusal({ match: {}, targetModel: "gpt-4o-mini" }), {
    message: "match: match needs at least one of promptName, promptVersion, model, tags, userId",
    field: "match",
  });
  assert.deepEqual(refusal({ match: { promptName: "greeting" } }), {
    message: "targetModel: a rule needs at least one action: targetModel, fallbackModels or cacheTtlSeconds",
    field: "targetModel",
  });
  assert.equal(refusal({ match: { promptName: "greeting" }, fallbackModels: [] }).field, "targetModel");
  assert.equal(refusal({ match: { promptName: "greeting" }, cacheTtlSeconds: 0 }).field, "cacheTtlSeconds");
  assert.equal(refusal({ match: { promptName: "greeting" }, cacheTtlSeconds: 86_401 }).field, "cacheTtlSeconds");
  assert.equal(refusal({ match: { promptName: "greeting" }, fallbackModels: ["a", "b", "c", "d"] }).field, "fallbackModels");
  assert.equal(parseBody(RoutingRuleBody, { match: { promptName: "greeting" }, cacheTtlSeconds: 600 }).cacheTtlSeconds, 600);
});

test("a rule's fallbacks stay in its API dialect; its provider comes from its models", () => {
  const by = { projectId: "p", userId: "u", now: new Date(0) };
  const body = (over: object) => parseBody(RoutingRuleBody, { match: { promptName: "greeting" }, ...over });
  const fallbackOnly = ruleFromBody(body({ fallbackModels: ["gpt-4o-mini@Backup", "some-local-model"] }), by);
  assert.deepEqual(
    [fallbackOnly.targetModel, fallbackOnly.targetProvider, fallbackOnly.fallbackModels, fallbackOnly.cacheTtlSeconds],
    ["", "openai", ["gpt-4o-mini@Backup", "some-local-model"], 0],
  );
  assert.equal(ruleFromBody(body({ cacheTtlSeconds: 60 }), by).targetProvider, "", "a cache rule: any dialect");
  assert.throws(
    () => ruleFromBody(body({ targetModel: "gpt-4o-mini", fallbackModels: ["claude-haiku-4-5"] }), by),
    (error: unknown) => error instanceof ValidationError && error.field === "fallbackModels" && /claude-haiku-4-5/.test(error.message),
  );
});

test("a rule's model matches the model's dated snapshots too: one model, however it is spelt", () => {
  const dated = rule({ matchModel: "gpt-4o-mini", targetModel: "gpt-4.1-nano" });
  for (const asked of ["gpt-4o-mini", "gpt-4o-mini-2024-07-18"])
    assert.equal(routeCall([dated], call({ model: asked }), "openai")?.model, "gpt-4.1-nano", asked);
  assert.equal(routeCall([dated], call({ model: "gpt-4o" }), "openai"), undefined);
});
