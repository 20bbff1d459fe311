import assert from "node:assert/strict";
import { test } from "node:test";
import type { RoutingRule } from "@promptmetrics/clickhouse";
import { hashShare, routeCall, type CallTraits } from "./routing.ts";

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
