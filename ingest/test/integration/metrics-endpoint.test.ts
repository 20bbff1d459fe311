// GET /metrics on the OTLP port, which applications (often the internet) reach: absent unless a token
// is configured, then only with that bearer token, and never naming what a tenant sent (model names).
// Every answer of the port carries X-Content-Type-Options: nosniff.
import assert from "node:assert/strict";
import type http from "node:http";
import type { AddressInfo } from "node:net";
import { after, before, test } from "node:test";
import { startIngestHarness, type IngestHarness } from "@promptmetrics/testing/ingest-harness";
import { DEFAULT_INGEST_CONFIG } from "../../src/env.ts";
import { createIngestServer } from "../../src/server/ingest-server.ts";

const TOKEN = "metrics-token-0123456789abcdef";
let h: IngestHarness;
let defaultServer: http.Server;
let defaultUrl: string;
before(async () => {
  h = await startIngestHarness({ metricsToken: TOKEN });
  // The same service behind a server with the default configuration (no token), as `npm start` runs it.
  defaultServer = createIngestServer({ store: h.store, service: h.service, config: DEFAULT_INGEST_CONFIG });
  await new Promise<void>((resolve) => defaultServer.listen(0, "127.0.0.1", resolve));
  defaultUrl = `http://127.0.0.1:${(defaultServer.address() as AddressInfo).port}`;
});
after(async () => {
  defaultServer.closeAllConnections();
  await new Promise((resolve) => defaultServer.close(resolve));
  await h.close();
});

const metrics = (url: string, authorization?: string) =>
  fetch(`${url}/metrics`, { headers: authorization === undefined ? {} : { Authorization: authorization } });

test("by default there is no /metrics: 404, with or without a token", async () => {
  assert.equal(DEFAULT_INGEST_CONFIG.metricsToken, undefined);
  for (const authorization of [undefined, `Bearer ${TOKEN}`]) {
    const reply = await metrics(defaultUrl, authorization);
    assert.equal(reply.status, 404);
    assert.doesNotMatch(await reply.text(), /promptmetrics_ingest/);
  }
});

test("with a token configured, /metrics answers 401 to a missing or wrong token and 200 to the right one", async () => {
  for (const authorization of [
    undefined,
    "",
    "Bearer",
    `Bearer ${TOKEN}x`,
    `Bearer ${TOKEN.slice(0, -1)}`,
    `Basic ${TOKEN}`,
    TOKEN,
    `Bearer ${h.ingestKey}`,
  ]) {
    const reply = await metrics(h.url, authorization);
    assert.equal(reply.status, 401, `Authorization: ${authorization}`);
    assert.equal(reply.headers.get("www-authenticate"), "Bearer");
    assert.doesNotMatch(await reply.text(), /promptmetrics_ingest/);
  }
  const reply = await metrics(h.url, `Bearer ${TOKEN}`);
  assert.equal(reply.status, 200);
  assert.equal(reply.headers.get("content-type"), "text/plain; version=0.0.4; charset=utf-8");
  assert.match(await reply.text(), /^promptmetrics_ingest_spans_received_total \d+$/m);
});

test("a span with a hostile model name is counted, but its name never appears in /metrics", async () => {
  const model = 'tenant-secret-model"} 1\npromptmetrics_fake{x="';
  const now = BigInt(Date.now()) * 1_000_000n;
  const span = {
    traceId: "5b8efff798038103d269b633813fc60c",
    spanId: "eee19b7ec3c1b174",
    name: "chat",
    kind: 3,
    startTimeUnixNano: String(now - 2_000_000_000n),
    endTimeUnixNano: String(now - 1_000_000_000n),
    attributes: [
      { key: "gen_ai.operation.name", value: { stringValue: "chat" } },
      { key: "gen_ai.provider.name", value: { stringValue: "openai" } },
      { key: "gen_ai.request.model", value: { stringValue: model } },
      { key: "gen_ai.usage.input_tokens", value: { intValue: "10" } },
      { key: "gen_ai.usage.output_tokens", value: { intValue: "5" } },
    ],
  };
  const before = await (await metrics(h.url, `Bearer ${TOKEN}`)).text();
  const sent = await fetch(`${h.url}/v1/traces`, {
    method: "POST",
    headers: { "Content-Type": "application/json", Authorization: `Bearer ${h.ingestKey}` },
    body: JSON.stringify({ resourceSpans: [{ resource: { attributes: [] }, scopeSpans: [{ scope: { name: "manual" }, spans: [span] }] }] }),
  });
  assert.equal(sent.status, 200);
  const text = await (await metrics(h.url, `Bearer ${TOKEN}`)).text();
  const unknown = (exposition: string) => Number(/^promptmetrics_ingest_unknown_model_spans_total (\d+)$/m.exec(exposition)?.[1]);
  assert.equal(unknown(text), unknown(before) + 1, "counted as one unlabelled number");
  assert.doesNotMatch(text, /tenant-secret-model|promptmetrics_fake|model=/);
});

test("every answer of the OTLP port carries X-Content-Type-Options: nosniff", async () => {
  const otlp = (url: string, headers: Record<string, string>, method = "POST") =>
    fetch(`${url}/v1/traces`, { method, headers, body: method === "POST" ? "{}" : undefined });
  const replies = await Promise.all([
    fetch(`${h.url}/healthz`),
    metrics(h.url, `Bearer ${TOKEN}`),
    metrics(h.url, "Bearer wrong"),
    metrics(defaultUrl),
    fetch(`${h.url}/nothing-here`),
    otlp(h.url, { "Content-Type": "application/json", Authorization: `Bearer ${h.ingestKey}` }),
    otlp(h.url, { "Content-Type": "application/json" }),
    otlp(h.url, { "Content-Type": "text/html", Authorization: `Bearer ${h.ingestKey}` }),
    otlp(h.url, {}, "GET"),
  ]);
  assert.deepEqual(
    replies.map((reply) => reply.status),
    [200, 200, 401, 404, 404, 200, 401, 415, 405],
  );
  for (const reply of replies) assert.equal(reply.headers.get("x-content-type-options"), "nosniff", `${reply.url} ${reply.status}`);
  await Promise.all(replies.map((reply) => reply.arrayBuffer()));
});
