// Routing rules that cache and fall back, as a user runs them: `promptmetrics start` with a master key, an
// OpenAI connection to a local mock provider, rules made through the API, and the official openai SDK
// pointed at the gateway. A cache rule answers a matching prompt's exact repeat from the cache at no cost
// (and no other prompt's); a fallback rule answers a failing call from its fallback model; the runs say so.
// A model-switch suggestion made from the gateway's own traffic, once applied, moves that prompt's calls.
import assert from "node:assert/strict";
import { after, before, test } from "node:test";
import OpenAI from "openai";
import type { MockProvider } from "@promptmetrics/testing/mock-provider";
import { readUntil, startGatewayServer, type GatewayServer } from "./gateway-server.ts";

const INGEST_KEY = "pm_ruleactionskey_1";

let server: GatewayServer;
let mock: MockProvider;
let projectId = "";
let api: GatewayServer["api"];
let client: OpenAI;

/** The project's runs with the gateway's attributes, oldest first, once there are `count` of them. */
async function runsWhen(count: number): Promise<any[]> {
  return readUntil(
    () =>
      server.sql(
        "SELECT prompt_name, request_model, status, cost_usd, attributes['promptmetrics.gateway.cache'] AS cache, attributes['promptmetrics.gateway.requested_model'] AS requested, attributes['promptmetrics.gateway.rule_id'] AS rule, attributes['promptmetrics.gateway.rule_arm'] AS arm FROM llm_runs ORDER BY start_time",
      ),
    (rows) => rows.length >= count,
  );
}

/** Creates a rule through the API; this process's gateway re-reads its rules before the answer. */
async function createRule(body: unknown): Promise<string> {
  const rule = await api("POST", `/api/projects/${projectId}/routing-rules`, body);
  assert.equal(rule.status, 201, JSON.stringify(rule.body));
  return rule.body.id as string;
}

before(async () => {
  server = await startGatewayServer({ ingestKey: INGEST_KEY });
  ({ mock, projectId, api } = server);
  const connected = await api("POST", "/api/integrations/connect", {
    projectId,
    provider: "openai",
    apiKey: "sk-openai-rules-0000",
    baseUrl: `${mock.url}/v1`,
  });
  assert.equal(connected.status, 201, JSON.stringify(connected.body));
  client = new OpenAI({ apiKey: INGEST_KEY, baseURL: `${server.apiUrl}/api/integrations/openai/v1`, maxRetries: 0 });
});

after(() => server?.close());

test("a cache rule answers the matching prompt's exact repeat from the cache at no cost, and only that prompt's", async () => {
  const ruleId = await createRule({ name: "FAQ cache", match: { promptName: "faq" }, cacheTtlSeconds: 600 });
  const sentBefore = mock.requests.length;
  const ask = (prompt: string, headers: Record<string, string> = {}) =>
    client.chat.completions
      .create(
        { model: "gpt-4o-mini", messages: [{ role: "user", content: "What are your opening hours?" }] },
        { headers: { "x-promptmetrics-prompt-name": prompt, ...headers } },
      )
      .withResponse();

  mock.enqueue({ kind: "reply", text: "Nine to five", usage: { inputTokens: 1000, outputTokens: 100 } });
  const first = await ask("faq");
  assert.equal(first.response.headers.get("x-promptmetrics-cache"), "miss");
  const again = await ask("faq");
  assert.equal(again.response.headers.get("x-promptmetrics-cache"), "hit");
  assert.equal(again.data.choices[0]!.message.content, "Nine to five");

  const refused = await ask("faq", { "x-promptmetrics-cache": "false" });
  assert.equal(refused.response.headers.get("x-promptmetrics-cache"), null, "the header turns the rule's cache off");
  assert.equal(refused.data.choices[0]!.message.content, "Hello from the mock provider.");

  const other = await ask("support");
  const otherAgain = await ask("support");
  assert.equal(other.response.headers.get("x-promptmetrics-cache"), null, "another prompt: no rule, no cache");
  assert.equal(otherAgain.response.headers.get("x-promptmetrics-cache"), null);
  assert.equal(mock.requests.length - sentBefore, 4, "everything but the hit reached the provider");
  assert.equal((mock.requests.at(-1)!.body as any).model, "gpt-4o-mini", "a cache rule leaves the model as asked");

  const runs = await runsWhen(5);
  assert.deepEqual(
    runs.map((run) => [run.prompt_name, run.request_model, run.cache, run.rule, run.arm]),
    [
      ["faq", "gpt-4o-mini", "miss", ruleId, ""],
      ["faq", "gpt-4o-mini", "hit", ruleId, ""],
      ["faq", "gpt-4o-mini", "", ruleId, ""],
      ["support", "gpt-4o-mini", "", "", ""],
      ["support", "gpt-4o-mini", "", "", ""],
    ],
  );
  assert.ok(Number(runs[0].cost_usd) > 0, "the miss is priced");
  assert.equal(Number(runs[1].cost_usd), 0, "the hit costs nothing");
  assert.equal((await api("DELETE", `/api/projects/${projectId}/routing-rules/${ruleId}`)).status, 204);
});

test("a fallback rule answers a failing call from its fallback model; the run has both models", async () => {
  const ruleId = await createRule({ name: "Summaries fall back", match: { promptName: "summary" }, fallbackModels: ["gpt-4.1-mini"] });
  const before = (await runsWhen(0)).length;
  mock.enqueue({ kind: "server-error", status: 503 }, { kind: "reply", text: "from the fallback" });
  const answer = await client.chat.completions.create(
    { model: "gpt-4o", messages: [{ role: "user", content: "Summarise this" }] },
    { headers: { "x-promptmetrics-prompt-name": "summary", "x-promptmetrics-retries": "0" } },
  );
  assert.equal(answer.choices[0]!.message.content, "from the fallback");
  assert.deepEqual(
    mock.requests.slice(-2).map((request) => (request.body as any).model),
    ["gpt-4o", "gpt-4.1-mini"],
    "the model as asked first, then the rule's fallback",
  );

  mock.enqueue({ kind: "server-error", status: 503 });
  const failed = await client.chat.completions
    .create(
      { model: "gpt-4o", messages: [{ role: "user", content: "Summarise this" }] },
      { headers: { "x-promptmetrics-prompt-name": "summary", "x-promptmetrics-retries": "0", "x-promptmetrics-fallbacks": "" } },
    )
    .catch((error: any) => error);
  assert.equal(failed.status, 503, "an empty x-promptmetrics-fallbacks header wins over the rule: no fallback");

  const runs = (await runsWhen(before + 2)).slice(before);
  assert.deepEqual(
    runs.map((run) => [run.prompt_name, run.request_model, run.requested, run.status, run.rule, run.arm]),
    [
      ["summary", "gpt-4.1-mini", "gpt-4o", "ok", ruleId, ""],
      ["summary", "gpt-4o", "", "error", ruleId, ""],
    ],
  );
});

test("an applied model-switch suggestion sends that prompt's calls to the suggested model, and no other prompt's", async () => {
  const call = (model: string, prompt = "chat") =>
    client.chat.completions.create(
      { model, messages: [{ role: "user", content: "Hi" }] },
      {
        headers: {
          "x-promptmetrics-prompt-name": prompt,
          "x-promptmetrics-prompt-version": "2",
          "x-promptmetrics-user-id": "u1",
          "x-promptmetrics-retries": "0",
        },
      },
    );
  // The evidence, through the gateway: chat v2 on gpt-4o-mini fails 10 of 50 calls; gpt-4.1-nano, cheaper
  // (0.10 / 0.40 per 1M tokens against 0.15 / 0.60), answers all of its 50. 50 runs a side is what the
  // engine needs before it compares two models. The replies report a dated snapshot as OpenAI does
  // (gpt-4o-mini-2024-07-18) while a failed call has only the model asked: the engine groups both as one
  // model, and the rule it makes matches the name callers ask for.
  const usage = { inputTokens: 1000, outputTokens: 200 };
  const before = (await runsWhen(0)).length;
  for (let i = 0; i < 50; i++) {
    mock.enqueue(i < 10 ? { kind: "server-error", status: 500 } : { kind: "reply", usage });
    await call("gpt-4o-mini").catch((error: any) => assert.equal(error.status, 500));
  }
  for (let i = 0; i < 50; i++) {
    mock.enqueue({ kind: "reply", usage });
    await call("gpt-4.1-nano");
  }
  await runsWhen(before + 100);

  const refreshed = await api("POST", "/api/optimization/refresh", { projectId });
  assert.equal(refreshed.status, 200, JSON.stringify(refreshed.body));
  const suggestion = refreshed.body.items.find((item: any) => item.kind === "model_switch" && item.subject.prompt === "chat");
  assert.ok(suggestion, JSON.stringify(refreshed.body.items));
  assert.deepEqual(
    [suggestion.evidenceKind, suggestion.subject],
    ["measured", { model: "gpt-4o-mini", prompt: "chat", promptVersion: "2", provider: "openai", toModel: "gpt-4.1-nano" }],
  );
  const applied = await api("POST", "/api/optimization/apply", { suggestionId: suggestion.id });
  assert.equal(applied.status, 200, JSON.stringify(applied.body));
  assert.equal(applied.body.status, "applied");
  const rule = (await api("GET", `/api/projects/${projectId}/routing-rules`)).body.find((r: any) => r.suggestionId === suggestion.id);
  assert.deepEqual(
    [rule.match, rule.targetModel, rule.share],
    [{ promptName: "chat", promptVersion: "2", model: "gpt-4o-mini", tags: [], userId: "" }, "gpt-4.1-nano", 1],
  );

  mock.enqueue({ kind: "reply", text: "from the suggested model", usage });
  const switched = await call("gpt-4o-mini");
  assert.equal((mock.requests.at(-1)!.body as any).model, "gpt-4.1-nano", "chat's call goes to the suggested model");
  assert.equal(switched.choices[0]!.message.content, "from the suggested model");
  await call("gpt-4o-mini", "support");
  assert.equal((mock.requests.at(-1)!.body as any).model, "gpt-4o-mini", "another prompt's call keeps its model");

  const runs = (await runsWhen(before + 102)).slice(before + 100);
  assert.deepEqual(
    runs.map((run) => [run.prompt_name, run.request_model, run.requested, run.status, run.rule, run.arm]),
    [
      ["chat", "gpt-4.1-nano", "gpt-4o-mini", "ok", rule.id, "target"],
      ["support", "gpt-4o-mini", "", "ok", "", ""],
    ],
  );
  const stats = await api("GET", `/api/projects/${projectId}/routing-rules/stats`);
  assert.equal(stats.status, 200, JSON.stringify(stats.body));
  const figures = stats.body.rules.find((row: any) => row.rule.id === rule.id);
  // Asked for gpt-4o-mini, served by gpt-4.1-nano: 1,000 × $0.05 + 200 × $0.20 per 1M tokens saved.
  assert.deepEqual([figures.runs, figures.targetRuns, figures.controlRuns, figures.switchSavedUsd], [1, 1, 0, "0.000090000000"]);
  assert.equal((await api("DELETE", `/api/projects/${projectId}/routing-rules/${rule.id}`)).status, 204);
});
