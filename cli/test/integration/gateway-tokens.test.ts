// A tokens-per-minute limit as a user meets it: `promptmetrics start`, the official openai SDK pointed at
// the gateway (base URL only), a local mock provider answering 1,100 tokens a call, and a limit of 2,500
// tokens a minute on the ingest key. Calls pass until the key has used the limit; the next one gets the
// SDK's RateLimitError naming the limit, never reaches the provider and makes no run.
import assert from "node:assert/strict";
import { after, before, test } from "node:test";
import OpenAI from "openai";
import type { MockProvider } from "@promptmetrics/testing/mock-provider";
import { startGatewayServer, type GatewayServer } from "./gateway-server.ts";

const INGEST_KEY = "pm_gatewaytokenskey_1";

let server: GatewayServer;
let mock: MockProvider;
let apiUrl = "";
let projectId = "";
let api: GatewayServer["api"];

/** The project's run count once the gateway has written what it holds (it writes every second). */
async function settledRunCount(): Promise<number> {
  await new Promise((resolve) => setTimeout(resolve, 1500));
  return Number((await server.sql("SELECT count() AS runs FROM llm_runs"))[0].runs);
}

before(async () => {
  server = await startGatewayServer({ ingestKey: INGEST_KEY });
  ({ mock, apiUrl, projectId, api } = server);
  const connected = await api("POST", "/api/integrations/connect", {
    projectId,
    provider: "openai",
    apiKey: "sk-openai-SECRET-t0k3",
    baseUrl: `${mock.url}/v1`,
  });
  assert.equal(connected.status, 201, JSON.stringify(connected.body));
});

after(() => server?.close());

test("a key's tokens-per-minute limit: calls pass until it is used, the next gets a 429 naming it and makes no run", async () => {
  const keys = await api("GET", `/api/projects/${projectId}/ingest-keys`);
  const keyId: string = keys.body[0].id;
  const fractional = await api("POST", `/api/projects/${projectId}/gateway-limits`, {
    scope: "key",
    subject: keyId,
    metric: "tokens_per_minute",
    max: "2500.5",
  });
  assert.equal(fractional.status, 400);
  assert.equal(fractional.body.error.field, "max");
  assert.match(fractional.body.error.message, /tokens per minute is a whole number/);

  const limit = await api("POST", `/api/projects/${projectId}/gateway-limits`, {
    scope: "key",
    subject: keyId,
    metric: "tokens_per_minute",
    max: "2500",
  });
  assert.equal(limit.status, 201, JSON.stringify(limit.body));
  assert.equal(limit.body.metric, "tokens_per_minute");
  assert.equal(limit.body.max, "2500");

  const client = new OpenAI({ apiKey: INGEST_KEY, baseURL: `${apiUrl}/api/integrations/openai/v1`, maxRetries: 0 });
  mock.setDefault({ kind: "reply", usage: { inputTokens: 1000, outputTokens: 100 } });
  const call = () => client.chat.completions.create({ model: "gpt-4o-mini", messages: [{ role: "user", content: "x" }] });

  // Used before each call: 0, 1,100 and 2,200 tokens are under 2,500; 3,300 is not.
  let passed = 0;
  let refused: unknown;
  for (let i = 0; i < 6 && !refused; i++) {
    await call().then(
      () => passed++,
      (error: unknown) => (refused = error),
    );
  }
  assert.equal(passed, 3);
  assert.ok(refused instanceof OpenAI.RateLimitError, String(refused));
  assert.equal(refused.status, 429);
  assert.match(refused.message, /Tokens-per-minute limit reached: this key used 3300 of its 2500 tokens a minute; retry in \d+ s/);
  assert.ok(Number(refused.headers.get("retry-after")) >= 1);
  assert.equal(mock.requests.length, 3, "the refused call never reached the provider");
  assert.equal(await settledRunCount(), 3, "and made no run");
});
