// The gateway as a user runs it: `promptmetrics start` with a master key, provider keys connected through
// the API, and the official openai and @anthropic-ai/sdk packages pointed at the gateway (base URL only),
// which forwards to a local mock provider. Each call is answered as the provider answered it and stored
// as a priced run with the headers' user, session, prompt and tags; a stream cut before its end is an
// error for the client and the run; no answer or log line carries a provider key.
import assert from "node:assert/strict";
import { randomBytes } from "node:crypto";
import { after, before, test } from "node:test";
import Anthropic from "@anthropic-ai/sdk";
import OpenAI from "openai";
import type { MockProvider } from "@promptmetrics/testing/mock-provider";
import { killQuietly, runCli, startCli, type RunningCli } from "../cli-process.ts";
import { readUntil, startGatewayServer, type GatewayServer } from "./gateway-server.ts";

const INGEST_KEY = "pm_gatewaytestkey_1";
const OPENAI_KEY = "sk-openai-SECRET-kq8z";
const ANTHROPIC_KEY = "sk-ant-SECRET-w3v9";
const MASTER = randomBytes(32).toString("hex");

let server: GatewayServer;
let env: Record<string, string>;
let running: RunningCli | undefined;
let mock: MockProvider;
let apiUrl = "";
let otlpUrl = "";
let projectId = "";
let answers: string[];
let api: GatewayServer["api"];
let sql: GatewayServer["sql"];

/** Waits until the project's runs number `count` (the writer batches for a few ms). */
function runsWhen(count: number): Promise<any[]> {
  return readUntil(
    () =>
      sql(
        "SELECT request_model, response_model, input_tokens, output_tokens, cost_usd, status, status_message, user_id, session_id, prompt_name, prompt_version, tags, ttft_ms, provider FROM llm_runs ORDER BY start_time",
      ),
    (rows) => rows.length >= count,
  );
}

/** The project's run count once the gateway has written what it holds (it writes every second). */
async function settledRunCount(): Promise<number> {
  await new Promise((resolve) => setTimeout(resolve, 1500));
  return (await runsWhen(0)).length;
}

before(async () => {
  server = await startGatewayServer({ ingestKey: INGEST_KEY, masterKey: MASTER });
  ({ env, running, mock, apiUrl, otlpUrl, projectId, answers, api, sql } = server);
});

after(async () => {
  killQuietly(running);
  await server?.close();
});

test("provider keys are connected by admins, listed masked, and never shown again", async () => {
  const missingBase = await api("POST", "/api/integrations/connect", { projectId, provider: "openai_compatible", apiKey: OPENAI_KEY });
  assert.equal(missingBase.status, 400);
  assert.equal(missingBase.body.error.field, "baseUrl");

  const refused = await api("POST", "/api/integrations/connect", {
    projectId,
    provider: "openai",
    apiKey: "sk-invalid-key-0000",
    baseUrl: `${mock.url}/v1`,
    verify: true,
  });
  assert.equal(refused.status, 400);
  assert.equal(refused.body.error.field, "apiKey");
  assert.match(refused.body.error.message, /refused this key \(HTTP 401\)/);
  const openai = await api("POST", "/api/integrations/connect", {
    projectId,
    provider: "openai",
    apiKey: OPENAI_KEY,
    baseUrl: `${mock.url}/v1`,
    verify: true,
  });
  assert.equal(openai.status, 201, JSON.stringify(openai.body));
  assert.equal(openai.body.keyLast4, "kq8z");
  assert.equal(openai.body.name, "OpenAI");
  const anthropic = await api("POST", "/api/integrations/connect", {
    projectId,
    provider: "anthropic",
    apiKey: ANTHROPIC_KEY,
    baseUrl: `${mock.url}/v1`,
    name: "Claude",
  });
  assert.equal(anthropic.status, 201);

  const list = await api("GET", `/api/integrations?projectId=${projectId}`);
  assert.equal(list.status, 200);
  assert.deepEqual(
    list.body.map((c: any) => [c.provider, c.name, c.keyLast4]),
    [
      ["anthropic", "Claude", "w3v9"],
      ["openai", "OpenAI", "kq8z"],
    ],
  );
});

test("the OpenAI SDK through the gateway: a chat completion and a stream, recorded as priced runs", async () => {
  const client = new OpenAI({
    apiKey: INGEST_KEY,
    baseURL: `${apiUrl}/api/integrations/openai/v1`,
    defaultHeaders: {
      "x-promptmetrics-user-id": "user-7",
      "x-promptmetrics-session-id": "sess-1",
      "x-promptmetrics-prompt-name": "greeting",
      "x-promptmetrics-prompt-version": "3",
      "x-promptmetrics-tags": "beta, eu",
    },
  });
  mock.enqueue({ kind: "reply", text: "Hi there", usage: { inputTokens: 1200, outputTokens: 300, cachedTokens: 200 } });
  const completion = await client.chat.completions.create({ model: "gpt-4o-mini", messages: [{ role: "user", content: "Say hi" }] });
  assert.equal(completion.choices[0]!.message.content, "Hi there");
  const forwarded = mock.requests.at(-1)!;
  assert.equal(forwarded.headers["authorization"], `Bearer ${OPENAI_KEY}`, "the stored key goes upstream");
  assert.equal(forwarded.headers["x-promptmetrics-user-id"], undefined, "our headers stay with us");

  mock.enqueue({ kind: "reply", text: "one two three", usage: { inputTokens: 50, outputTokens: 7 } });
  const stream = await client.chat.completions.create({
    model: "gpt-4o-mini",
    messages: [{ role: "user", content: "Count" }],
    stream: true,
  });
  let text = "";
  for await (const chunk of stream) text += chunk.choices[0]?.delta?.content ?? "";
  assert.equal(text, "one two three");
  assert.deepEqual((mock.requests.at(-1)!.body as any).stream_options, { include_usage: true });

  const runs = await runsWhen(2);
  assert.equal(runs.length, 2);
  const [plain, streamed] = runs;
  assert.equal(plain.request_model, "gpt-4o-mini");
  assert.equal(Number(plain.input_tokens), 1200);
  assert.equal(Number(plain.output_tokens), 300);
  assert.ok(Number(plain.cost_usd) > 0, "priced");
  assert.equal(plain.user_id, "user-7");
  assert.equal(plain.session_id, "sess-1");
  assert.equal(plain.prompt_name, "greeting");
  assert.equal(plain.prompt_version, "3");
  assert.deepEqual(plain.tags, ["beta", "eu"]);
  assert.equal(Number(streamed.input_tokens), 50);
  assert.equal(Number(streamed.output_tokens), 7);
  assert.ok(streamed.ttft_ms !== null, "a stream has its time to first token");
});

test("the Anthropic SDK through the gateway, streamed and not; a cut stream is an error, not a clean end", async () => {
  const client = new Anthropic({ apiKey: INGEST_KEY, baseURL: `${apiUrl}/api/integrations/anthropic` });
  mock.enqueue({ kind: "reply", text: "Bonjour", usage: { inputTokens: 100, outputTokens: 20, cachedTokens: 400, cacheWriteTokens: 50 } });
  const message = await client.messages.create({
    model: "claude-haiku-4-5",
    max_tokens: 100,
    messages: [{ role: "user", content: "Hello" }],
  });
  assert.equal((message.content[0] as { text: string }).text, "Bonjour");
  assert.equal(mock.requests.at(-1)!.headers["x-api-key"], ANTHROPIC_KEY);

  mock.enqueue({ kind: "reply", text: "a b c", usage: { inputTokens: 10, outputTokens: 3 } });
  const stream = client.messages.stream({ model: "claude-haiku-4-5", max_tokens: 100, messages: [{ role: "user", content: "Go" }] });
  assert.equal(await stream.finalText(), "a b c");

  mock.enqueue({ kind: "disconnect", afterEvents: 3 });
  const cut = client.messages.stream({ model: "claude-haiku-4-5", max_tokens: 100, messages: [{ role: "user", content: "Cut" }] });
  await assert.rejects(cut.finalText(), /stream ended before its final event/);

  const runs = (await runsWhen(5)).slice(2);
  assert.equal(runs.length, 3);
  assert.equal(runs[0].provider, "anthropic");
  assert.equal(Number(runs[0].input_tokens), 550, "uncached + cache reads + cache writes");
  assert.equal(Number(runs[1].output_tokens), 3);
  assert.equal(runs[2].status, "error", "the cut stream is recorded as an error");
  assert.match(runs[2].status_message, /stream ended before its final event/);
});

test("429 and 5xx are retried as Retry-After says; a failing model falls back; the client sees one answer", async () => {
  const client = new OpenAI({ apiKey: INGEST_KEY, baseURL: `${apiUrl}/api/integrations/openai/v1`, maxRetries: 0 });
  const before = await settledRunCount();
  mock.enqueue({ kind: "rate-limit", retryAfterSeconds: 0 }, { kind: "server-error", status: 503 }, { kind: "reply", text: "third time" });
  const retried = await client.chat.completions.create({ model: "gpt-4o-mini", messages: [{ role: "user", content: "x" }] });
  assert.equal(retried.choices[0]!.message.content, "third time");

  mock.enqueue({ kind: "rate-limit", retryAfterSeconds: 7 });
  const limited = await client.chat.completions
    .create({ model: "gpt-4o-mini", messages: [{ role: "user", content: "x" }] }, { headers: { "x-promptmetrics-retries": "0" } })
    .catch((error: any) => error);
  assert.equal(limited.status, 429, "with no retries the provider's 429 is passed on");
  assert.equal(limited.headers.get("retry-after"), "7");

  mock.enqueue({ kind: "server-error", status: 500 }, { kind: "server-error", status: 502 }, { kind: "reply", text: "from the fallback" });
  const fallback = await client.chat.completions.create(
    { model: "gpt-4o", messages: [{ role: "user", content: "x" }] },
    { headers: { "x-promptmetrics-retries": "1", "x-promptmetrics-fallbacks": "gpt-4o-mini" } },
  );
  assert.equal(fallback.choices[0]!.message.content, "from the fallback");
  assert.equal((mock.requests.at(-1)!.body as any).model, "gpt-4o-mini");

  await runsWhen(before + 3);
  const runs = (
    await sql(
      "SELECT request_model, status, attributes['promptmetrics.gateway.attempts'] AS attempts, attributes['promptmetrics.gateway.requested_model'] AS requested FROM llm_runs ORDER BY start_time",
    )
  ).slice(before);
  assert.deepEqual(
    runs.map((run) => [run.request_model, run.status, run.attempts, run.requested]),
    [
      ["gpt-4o-mini", "ok", "3", ""],
      ["gpt-4o-mini", "error", "1", ""],
      ["gpt-4o-mini", "ok", "3", "gpt-4o"],
    ],
  );
});

test("a routing rule sends that prompt's calls to its model, and only that prompt's; runs say what was asked", async () => {
  const rule = await api("POST", `/api/projects/${projectId}/routing-rules`, {
    name: "greeting on mini",
    match: { promptName: "greeting", model: "gpt-4o" },
    targetModel: "gpt-4o-mini",
  });
  assert.equal(rule.status, 201, JSON.stringify(rule.body));
  const client = new OpenAI({ apiKey: INGEST_KEY, baseURL: `${apiUrl}/api/integrations/openai/v1`, maxRetries: 0 });
  const before = await settledRunCount();
  const ask = (prompt: string) =>
    client.chat.completions.create(
      { model: "gpt-4o", messages: [{ role: "user", content: "x" }] },
      { headers: { "x-promptmetrics-prompt-name": prompt, "x-promptmetrics-user-id": "u-1" } },
    );
  await ask("greeting");
  assert.equal((mock.requests.at(-1)!.body as any).model, "gpt-4o-mini", "the rule's prompt: switched");
  await ask("farewell");
  assert.equal((mock.requests.at(-1)!.body as any).model, "gpt-4o", "another prompt: as asked");

  await runsWhen(before + 2);
  const runs = (
    await sql(
      "SELECT prompt_name, request_model, attributes['promptmetrics.gateway.requested_model'] AS requested, attributes['promptmetrics.gateway.rule_id'] AS rule FROM llm_runs ORDER BY start_time",
    )
  ).slice(before);
  assert.deepEqual(
    runs.map((run) => [run.prompt_name, run.request_model, run.requested, run.rule]),
    [
      ["greeting", "gpt-4o-mini", "gpt-4o", rule.body.id],
      ["farewell", "gpt-4o", "", ""],
    ],
  );
  assert.equal((await api("DELETE", `/api/projects/${projectId}/routing-rules/${rule.body.id}`)).status, 204);
  await ask("greeting");
  assert.equal((mock.requests.at(-1)!.body as any).model, "gpt-4o", "the rule deleted: as asked again");
});

test("an exact repeat asked with x-promptmetrics-cache is answered from the cache, streams included, at no cost", async () => {
  const client = new OpenAI({ apiKey: INGEST_KEY, baseURL: `${apiUrl}/api/integrations/openai/v1`, maxRetries: 0 });
  const before = await settledRunCount();
  const sentBefore = mock.requests.length;
  const cached = { headers: { "x-promptmetrics-cache": "600" } };
  mock.enqueue({ kind: "reply", text: "cached words", usage: { inputTokens: 1000, outputTokens: 100 } });
  const first = await client.chat.completions
    .create({ model: "gpt-4o-mini", messages: [{ role: "user", content: "same" }] }, cached)
    .withResponse();
  assert.equal(first.response.headers.get("x-promptmetrics-cache"), "miss");
  const again = await client.chat.completions
    .create({ messages: [{ content: "same", role: "user" }], model: "gpt-4o-mini" }, cached)
    .withResponse();
  assert.equal(again.response.headers.get("x-promptmetrics-cache"), "hit");
  assert.equal(again.data.choices[0]!.message.content, "cached words");

  mock.enqueue({ kind: "reply", text: "streamed once", usage: { inputTokens: 10, outputTokens: 2 } });
  for (let i = 0; i < 2; i++) {
    const stream = await client.chat.completions.create(
      { model: "gpt-4o-mini", messages: [{ role: "user", content: "same" }], stream: true },
      cached,
    );
    let text = "";
    for await (const chunk of stream) text += chunk.choices[0]?.delta?.content ?? "";
    assert.equal(text, "streamed once", `stream ${i}`);
  }
  const uncached = await client.chat.completions.create({ model: "gpt-4o-mini", messages: [{ role: "user", content: "same" }] });
  assert.equal(uncached.choices[0]!.message.content, "Hello from the mock provider.", "without the header: the provider again");
  assert.equal(mock.requests.length - sentBefore, 3, "two misses and one uncached call reached the provider");

  await runsWhen(before + 5);
  const runs = (
    await sql(
      "SELECT input_tokens, cost_usd, attributes['promptmetrics.gateway.cache'] AS cache, attributes['promptmetrics.gateway.cache_saved_usd'] AS saved FROM llm_runs ORDER BY start_time",
    )
  ).slice(before);
  assert.deepEqual(
    runs.map((run) => [run.cache, run.cache === "hit" ? Number(run.input_tokens) : undefined]),
    [
      ["miss", undefined],
      ["hit", 0],
      ["miss", undefined],
      ["hit", 0],
      ["", undefined],
    ],
  );
  assert.equal(Number(runs[0].input_tokens), 1000);
  assert.equal(Number(runs[1].cost_usd), 0, "a hit costs nothing");
  assert.ok(Number(runs[1].saved) > 0 && Math.abs(Number(runs[1].saved) - Number(runs[0].cost_usd)) < 1e-9, "and saved what the miss cost");
});

test("spend caps stop spending within their bound, concurrent callers included; a rate limit answers 429 with Retry-After", async () => {
  const client = new OpenAI({ apiKey: INGEST_KEY, baseURL: `${apiUrl}/api/integrations/openai/v1`, maxRetries: 0 });
  // Every call: gpt-4o-mini, 1,000 tokens in and 100 out at $0.15 and $0.60 per million: $0.00021.
  mock.setDefault({ kind: "reply", usage: { inputTokens: 1000, outputTokens: 100 } });
  const cap = await api("POST", `/api/projects/${projectId}/gateway-limits`, {
    scope: "end_user",
    subject: "*",
    metric: "spend_per_day",
    max: "0.0005",
  });
  assert.equal(cap.status, 201, JSON.stringify(cap.body));
  const call = (user: string) =>
    client.chat.completions.create(
      { model: "gpt-4o-mini", messages: [{ role: "user", content: "x" }] },
      { headers: { "x-promptmetrics-user-id": user } },
    );

  // One caller in turn: spent 0, 0.00021 and 0.00042 are under the cap, 0.00063 is not.
  let passed = 0;
  let refused: any;
  for (let i = 0; i < 6 && !refused; i++) {
    await call("steady").then(
      () => passed++,
      (error) => (refused = error),
    );
  }
  assert.equal(passed, 3);
  assert.equal(refused.status, 429);
  assert.match(refused.message, /Spend cap reached: end user "steady" spent \$0\.000630000 of its \$0\.0005 daily cap/);
  assert.ok(Number(refused.headers.get("retry-after")) > 0, "Retry-After: until the day ends");

  // Eight at once for another user: all are in flight before any answer counts, so up to eight pass (the
  // stated bound), and the next one is refused.
  const burst = await Promise.allSettled(Array.from({ length: 8 }, () => call("burst")));
  const ok = burst.filter((result) => result.status === "fulfilled").length;
  assert.ok(ok >= 3 && ok <= 8, `${ok} of 8 concurrent calls passed`);
  await assert.rejects(call("burst"), (error: any) => error.status === 429);
  await call("someone-else");

  const keys = await api("GET", `/api/projects/${projectId}/ingest-keys`);
  const rate = await api("POST", `/api/projects/${projectId}/gateway-limits`, {
    scope: "key",
    subject: keys.body[0].id,
    metric: "requests_per_minute",
    max: "2",
  });
  assert.equal(rate.status, 201);
  await call("r1");
  await call("r2");
  const limited = await call("r3").catch((error) => error);
  assert.equal(limited.status, 429);
  assert.match(limited.message, /Rate limit reached: this key may make 2 requests a minute/);
  assert.ok(Number(limited.headers.get("retry-after")) > 0);

  for (const id of [cap.body.id, rate.body.id])
    assert.equal((await api("DELETE", `/api/projects/${projectId}/gateway-limits/${id}`)).status, 204);
  await call("steady");
  mock.setDefault({ kind: "reply" });
});

test("a gateway key works through the gateway only and carries limits of its own", async () => {
  const created = await api("POST", `/api/projects/${projectId}/gateway-keys`, { name: "checkout app" });
  assert.equal(created.status, 201, JSON.stringify(created.body));
  const gatewayKey: string = created.body.key;
  assert.match(gatewayKey, /^pm_gateway_/);
  const listed = await api("GET", `/api/projects/${projectId}/gateway-keys`);
  assert.deepEqual(
    listed.body.map((k: any) => [k.name, k.prefix]),
    [["checkout app", gatewayKey.slice(0, "pm_gateway_".length + 6)]],
  );
  assert.ok(!JSON.stringify(listed.body).includes(gatewayKey), "the secret is shown once");
  const ingestKeys = await api("GET", `/api/projects/${projectId}/ingest-keys`);
  assert.ok(!ingestKeys.body.some((k: any) => k.id === created.body.id), "not listed among the ingest keys");

  // It cannot write spans: the OTLP ingest refuses it.
  const otlp = await fetch(`${otlpUrl}/v1/traces`, {
    method: "POST",
    headers: { authorization: `Bearer ${gatewayKey}`, "content-type": "application/json" },
    body: JSON.stringify({ resourceSpans: [] }),
  });
  assert.equal(otlp.status, 401);

  const client = new OpenAI({ apiKey: gatewayKey, baseURL: `${apiUrl}/api/integrations/openai/v1`, maxRetries: 0 });
  const ask = () => client.chat.completions.create({ model: "gpt-4o-mini", messages: [{ role: "user", content: "x" }] });
  await ask();
  const limit = await api("POST", `/api/projects/${projectId}/gateway-limits`, {
    scope: "key",
    subject: created.body.id,
    metric: "requests_per_minute",
    max: "1",
  });
  assert.equal(limit.status, 201, JSON.stringify(limit.body));
  await ask();
  const refused = await ask().catch((error) => error);
  assert.equal(refused.status, 429);
  assert.match(refused.message, /Rate limit reached: this key may make 1 requests a minute/);
  // The project's ingest key is not bound by the gateway key's limit.
  const viaIngestKey = new OpenAI({ apiKey: INGEST_KEY, baseURL: `${apiUrl}/api/integrations/openai/v1`, maxRetries: 0 });
  await viaIngestKey.chat.completions.create({ model: "gpt-4o-mini", messages: [{ role: "user", content: "x" }] });
  assert.equal((await api("DELETE", `/api/projects/${projectId}/gateway-limits/${limit.body.id}`)).status, 204);

  // Revoked, it stops working within the key cache's refresh.
  assert.equal((await api("DELETE", `/api/projects/${projectId}/gateway-keys/${created.body.id}`)).status, 204);
  const deadline = Date.now() + 10_000;
  let last: any;
  do {
    last = await ask().catch((error) => error);
    if (last?.status !== 401) await new Promise((resolve) => setTimeout(resolve, 300));
  } while (last?.status !== 401 && Date.now() < deadline);
  assert.equal(last.status, 401);
});

test("a project may let callers pass their own provider key through; it is forwarded, never stored or shown", async () => {
  const CALLER_KEY = "sk-caller-OWNKEY-5521";
  const client = new OpenAI({
    apiKey: CALLER_KEY,
    baseURL: `${apiUrl}/api/integrations/openai/v1`,
    maxRetries: 0,
    defaultHeaders: { "x-promptmetrics-key": INGEST_KEY, "x-promptmetrics-prompt-name": "byok" },
  });
  const ask = () => client.chat.completions.create({ model: "gpt-4o-mini", messages: [{ role: "user", content: "x" }] });
  const closed = await ask().catch((error) => error);
  assert.equal(closed.status, 403);
  assert.match(closed.message, /does not accept callers' own provider keys/);

  const settings = await api("GET", `/api/projects/${projectId}/gateway-settings`);
  assert.equal(settings.body.allowKeyPassthrough, false);
  const allowed = await api("PUT", `/api/projects/${projectId}/gateway-settings`, { allowKeyPassthrough: true });
  assert.equal(allowed.status, 200, JSON.stringify(allowed.body));
  assert.equal(allowed.body.allowKeyPassthrough, true);
  const bad = await api("PUT", `/api/projects/${projectId}/gateway-settings`, { allowKeyPassthrough: "yes" });
  assert.equal(bad.status, 400);
  assert.equal(bad.body.error.field, "allowKeyPassthrough");

  await ask();
  const forwarded = mock.requests.at(-1)!;
  assert.equal(forwarded.headers["authorization"], `Bearer ${CALLER_KEY}`, "the caller's key goes upstream");
  assert.equal(forwarded.headers["x-promptmetrics-key"], undefined, "the project key stays with us");
  const stranger = new OpenAI({
    apiKey: CALLER_KEY,
    baseURL: `${apiUrl}/api/integrations/openai/v1`,
    maxRetries: 0,
    defaultHeaders: { "x-promptmetrics-key": "pm_not_a_key" },
  });
  await assert.rejects(
    stranger.chat.completions.create({ model: "gpt-4o-mini", messages: [{ role: "user", content: "x" }] }),
    (error: any) => error.status === 401,
  );

  const deadline = Date.now() + 15_000;
  let rows: any[] = [];
  while (rows.length === 0 && Date.now() < deadline) {
    rows = await sql("SELECT attributes['promptmetrics.gateway.key_source'] AS source FROM llm_runs WHERE prompt_name = 'byok'");
    if (rows.length === 0) await new Promise((resolve) => setTimeout(resolve, 200));
  }
  assert.deepEqual(rows, [{ source: "caller" }]);
  assert.equal((await api("PUT", `/api/projects/${projectId}/gateway-settings`, { allowKeyPassthrough: false })).status, 200);
  const again = await ask().catch((error) => error);
  assert.equal(again.status, 403, "turned off again at once on this replica");
  const everything = answers.join("\n") + running!.output();
  assert.ok(!everything.includes("OWNKEY"), "the caller's key is in no answer or log line");
  const stored = await sql("SELECT count() AS n FROM spans WHERE position(toString(span_attributes), 'OWNKEY') > 0");
  assert.equal(Number(stored[0].n), 0, "not in the stored spans");
});

test("Azure OpenAI: the model asked for goes to its deployment, with the API version and api-key header", async () => {
  const AZURE_KEY = "azure-SECRET-key-4410";
  const connected = await api("POST", "/api/integrations/connect", {
    projectId,
    provider: "azure",
    apiKey: AZURE_KEY,
    baseUrl: mock.url,
    name: "Azure EU",
    azure: { apiVersion: "2024-10-21", deployments: { "gpt-4o-mini": "prod-mini" } },
  });
  assert.equal(connected.status, 201, JSON.stringify(connected.body));
  const client = new OpenAI({
    apiKey: INGEST_KEY,
    baseURL: `${apiUrl}/api/integrations/openai/v1`,
    maxRetries: 0,
    defaultHeaders: { "x-promptmetrics-integration": "Azure EU", "x-promptmetrics-prompt-name": "azure-check" },
  });
  mock.enqueue({ kind: "reply", text: "from azure", usage: { inputTokens: 40, outputTokens: 4 } });
  const answer = await client.chat.completions.create({ model: "gpt-4o-mini", messages: [{ role: "user", content: "x" }] });
  assert.equal(answer.choices[0]!.message.content, "from azure");
  const sent = mock.requests.at(-1)!;
  assert.equal(sent.path, "/openai/deployments/prod-mini/chat/completions");
  assert.equal(new URLSearchParams(sent.query).get("api-version"), "2024-10-21");
  assert.equal(sent.headers["api-key"], AZURE_KEY);
  assert.equal(sent.headers["authorization"], undefined);

  const stream = await client.chat.completions.create({ model: "gpt-4o-mini", messages: [{ role: "user", content: "x" }], stream: true });
  let streamed = 0;
  for await (const chunk of stream) streamed += chunk.choices.length;
  assert.ok(streamed > 0);
  const unmapped = await client.chat.completions
    .create({ model: "gpt-4.1", messages: [{ role: "user", content: "x" }] })
    .catch((error) => error);
  assert.equal(unmapped.status, 400);
  assert.match(unmapped.message, /No Azure deployment is mapped to model "gpt-4.1"/);

  const deadline = Date.now() + 15_000;
  let rows: any[] = [];
  while (rows.length < 2 && Date.now() < deadline) {
    rows = await sql(
      "SELECT provider, request_model, input_tokens, cost_usd FROM llm_runs WHERE prompt_name = 'azure-check' ORDER BY start_time",
    );
    if (rows.length < 2) await new Promise((resolve) => setTimeout(resolve, 200));
  }
  assert.equal(rows.length, 2);
  assert.equal(rows[0].provider, "azure.ai.openai");
  assert.equal(rows[0].request_model, "gpt-4o-mini");
  assert.equal(Number(rows[0].input_tokens), 40);
  assert.ok(Number(rows[0].cost_usd) > 0, "priced as the model it is");
  assert.equal((await api("POST", "/api/integrations/disconnect", { projectId, integrationId: connected.body.id })).status, 204);
});

test("another org's connection cannot be named, used or seen", async () => {
  const signup = await fetch(`${apiUrl}/api/auth/signup`, {
    method: "POST",
    headers: { "content-type": "application/json", origin: apiUrl },
    body: JSON.stringify({ email: "rival@other.test", password: "another long passphrase", orgName: "Rival" }),
  });
  assert.equal(signup.status, 201, await signup.clone().text());
  const rivalCookie = signup.headers
    .getSetCookie()
    .map((c) => c.split(";")[0])
    .join("; ");
  const rivalProject: string = ((await signup.json()) as { projects: { id: string }[] }).projects[0]!.id;
  const rivalConnect = await fetch(`${apiUrl}/api/integrations/connect`, {
    method: "POST",
    headers: { "content-type": "application/json", cookie: rivalCookie, origin: apiUrl },
    body: JSON.stringify({ projectId: rivalProject, provider: "openai", apiKey: "sk-rival-SECRET-0001", baseUrl: `${mock.url}/v1` }),
  });
  assert.equal(rivalConnect.status, 201);
  const rivalConnection = (await rivalConnect.json()) as { id: string; name: string };

  const client = new OpenAI({ apiKey: INGEST_KEY, baseURL: `${apiUrl}/api/integrations/openai/v1`, maxRetries: 0 });
  const refused = await client.chat.completions
    .create(
      { model: "gpt-4o-mini", messages: [{ role: "user", content: "x" }] },
      { headers: { "x-promptmetrics-integration": rivalConnection.id } },
    )
    .catch((error) => error);
  assert.equal(refused.status, 424);
  assert.match(refused.message, /No OpenAI-dialect provider connection named/);
  const fallback = await client.chat.completions
    .create(
      { model: "gpt-4o-mini", messages: [{ role: "user", content: "x" }] },
      { headers: { "x-promptmetrics-fallbacks": `gpt-4o@${rivalConnection.id}` } },
    )
    .catch((error) => error);
  assert.equal(fallback.status, 400);
  assert.match(fallback.message, /names no connection/);
  assert.ok(!mock.requests.some((r) => r.headers["authorization"] === "Bearer sk-rival-SECRET-0001"), "the rival's key was never used");
  const peek = await api("GET", `/api/integrations?projectId=${rivalProject}`);
  assert.equal(peek.status, 404);
  const disconnect = await api("POST", "/api/integrations/disconnect", { projectId: rivalProject, integrationId: rivalConnection.id });
  assert.equal(disconnect.status, 404);
  const ownDisconnect = await fetch(`${apiUrl}/api/integrations/disconnect`, {
    method: "POST",
    headers: { "content-type": "application/json", cookie: rivalCookie, origin: apiUrl },
    body: JSON.stringify({ projectId: rivalProject, integrationId: rivalConnection.id }),
  });
  assert.equal(ownDisconnect.status, 204, "its owner still can");
});

test("bad keys, disconnected providers and viewers get clear errors; no key leaks anywhere", async () => {
  const stranger = new OpenAI({ apiKey: "pm_not_a_key", baseURL: `${apiUrl}/api/integrations/openai/v1`, maxRetries: 0 });
  await assert.rejects(stranger.models.list(), (error: any) => error.status === 401);

  const list = await api("GET", `/api/integrations?projectId=${projectId}`);
  const anthropicId = list.body.find((c: any) => c.provider === "anthropic").id;
  assert.equal((await api("POST", "/api/integrations/disconnect", { projectId, integrationId: anthropicId })).status, 204);
  assert.equal((await api("POST", "/api/integrations/disconnect", { projectId, integrationId: anthropicId })).status, 404);
  const client = new Anthropic({ apiKey: INGEST_KEY, baseURL: `${apiUrl}/api/integrations/anthropic`, maxRetries: 0 });
  const deadline = Date.now() + 10_000;
  let last: any;
  for (;;) {
    last = await client.messages
      .create({ model: "claude-haiku-4-5", max_tokens: 5, messages: [{ role: "user", content: "x" }] })
      .catch((e) => e);
    if (last?.status === 424 || Date.now() > deadline) break;
    await new Promise((resolve) => setTimeout(resolve, 300));
  }
  assert.equal(last.status, 424);
  assert.match(String(last.message), /This project has no Anthropic provider key connected/);

  const everything = answers.join("\n") + running!.output();
  for (const secret of [OPENAI_KEY, ANTHROPIC_KEY, "SECRET", MASTER]) assert.ok(!everything.includes(secret), `${secret} leaked`);
  // The sealed keys do not open under another master key: the next start names the mismatch.
  assert.equal(await running!.stop(), 0);
  const stored = runCli(["sql", "SELECT count() AS n, countIf(position(ciphertext, 'SECRET') > 0) AS plain FROM provider_keys FINAL"], env);
  assert.equal(stored.status, 0, stored.stderr);
  assert.match(stored.stdout, /1 │ +0/, "one connection left, none in plain text");
  assert.ok(!stored.stdout.includes("SECRET"), "the store holds the keys sealed");
  const wrong = runCli(["start"], { ...env, PROMPTMETRICS_MASTER_KEY: randomBytes(32).toString("hex") });
  assert.notEqual(wrong.status, 0);
  assert.match(
    wrong.stderr,
    /PROMPTMETRICS_MASTER_KEY \(fingerprint [0-9a-f]{16}\) is not the key the stored provider keys were sealed under/,
  );
  assert.ok(!(wrong.stdout + wrong.stderr).includes(MASTER));
});

test("rotate-master-key re-seals the stored keys; the old key no longer opens them, the new one does", async () => {
  const next = randomBytes(32).toString("hex");
  const rotated = runCli(["rotate-master-key"], { ...env, PROMPTMETRICS_PREVIOUS_MASTER_KEY: MASTER, PROMPTMETRICS_MASTER_KEY: next });
  assert.equal(rotated.status, 0, rotated.stderr);
  assert.match(rotated.stdout, /Re-sealed 1 provider key\(s\)/);
  const again = runCli(["rotate-master-key"], { ...env, PROMPTMETRICS_PREVIOUS_MASTER_KEY: MASTER, PROMPTMETRICS_MASTER_KEY: next });
  assert.match(again.stdout, /Re-sealed 0 provider key\(s\) .*\(1 already were\)/);
  const old = runCli(["start"], env);
  assert.notEqual(old.status, 0);
  assert.match(old.stderr, /is not the key the stored provider keys were sealed under/);
  for (const output of [rotated, again, old])
    assert.ok(!(output.stdout + output.stderr).includes(next) && !(output.stdout + output.stderr).includes(MASTER));

  mock.enqueue({ kind: "reply", text: "still here", usage: { inputTokens: 5, outputTokens: 2 } });
  running = startCli(["start"], { ...env, PROMPTMETRICS_MASTER_KEY: next });
  [, apiUrl = ""] = await running.waitFor(/API and dashboard\s+(http:\/\/\S+)/);
  const client = new OpenAI({ apiKey: INGEST_KEY, baseURL: `${apiUrl}/api/integrations/openai/v1`, maxRetries: 0 });
  const reply = await client.chat.completions.create({ model: "gpt-4o-mini", messages: [{ role: "user", content: "x" }] });
  assert.equal(reply.choices[0]!.message.content, "still here");
  assert.equal(mock.requests.at(-1)!.headers["authorization"], `Bearer ${OPENAI_KEY}`);
});
