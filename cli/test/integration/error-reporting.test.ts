// Unexpected errors reach Sentry (SENTRY_DSN, the official SDK) with the request id the caller saw, and
// nothing of the request: not its Authorization header, cookie, body (prompt text) or query. The Sentry
// side is a local HTTP endpoint that takes the SDK's envelopes as sentry.io does and keeps them for
// the assertions; everything else (SDK, API, store) is the real thing. One file: the SDK is process-wide.
import assert from "node:assert/strict";
import fs from "node:fs";
import http from "node:http";
import os from "node:os";
import path from "node:path";
import { gunzipSync } from "node:zlib";
import { after, before, test } from "node:test";
import { createApiApp } from "@promptmetrics/analytics-api";
import { migrate, openStore, type Store } from "@promptmetrics/clickhouse";
import { Router } from "express";
import { createLogger } from "../../src/observability/logger.ts";
import { createObservability, type Observability } from "../../src/observability/process-observability.ts";

const SECRET_HEADER = "Bearer pm_api_token_never_sent_Xq81";
const SECRET_COOKIE = "pm_session=cookie-never-sent-Lw29";
const SECRET_PROMPT = "prompt text never sent Vb37";
const SECRET_QUERY = "query-value-never-sent-Rt64";

const envelopes: string[] = [];
const logLines: string[] = [];
let sentry: http.Server;
let api: http.Server;
let apiUrl = "";
let store: Store;
let observability: Observability;
const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), "pm-sentry-"));

before(async () => {
  sentry = http.createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on("data", (chunk: Buffer) => chunks.push(chunk));
    req.on("end", () => {
      const body = Buffer.concat(chunks);
      envelopes.push((req.headers["content-encoding"] === "gzip" ? gunzipSync(body) : body).toString("utf8"));
      res.writeHead(200, { "Content-Type": "application/json" }).end("{}");
    });
  });
  await new Promise<void>((resolve) => sentry.listen(0, "127.0.0.1", resolve));
  const sentryPort = (sentry.address() as { port: number }).port;

  const log = createLogger({
    format: "json",
    level: "info",
    stdout: { write: (text) => logLines.push(text) },
    stderr: { write: (text) => logLines.push(text) },
  });
  observability = createObservability(
    {
      PROMPTMETRICS_LOG_FORMAT: "json",
      PROMPTMETRICS_LOG_LEVEL: "info",
      SENTRY_DSN: `http://publickey0123@127.0.0.1:${sentryPort}/42`,
      PROMPTMETRICS_SELF_TRACES_URL: undefined,
      PROMPTMETRICS_SELF_TRACES_HEADERS: undefined,
      PROMPTMETRICS_METRICS_TOKEN: undefined,
    },
    log,
  );
  store = openStore({ kind: "embedded", dataDir });
  await migrate(store);
  const app = createApiApp({
    store,
    routers: [
      () =>
        Router().post("/api/test-crash/:thingId", () => {
          throw new TypeError("cannot read the thing's price");
        }),
    ],
    observability: observability.api,
  });
  api = http.createServer(app);
  await new Promise<void>((resolve) => api.listen(0, "127.0.0.1", resolve));
  apiUrl = `http://127.0.0.1:${(api.address() as { port: number }).port}`;
});
after(async () => {
  await new Promise((resolve) => api.close(resolve));
  await store.close();
  await new Promise((resolve) => sentry.close(resolve));
  fs.rmSync(dataDir, { recursive: true, force: true });
});

test("a 500 is reported to Sentry with its request id, route and stack, and none of the request's secrets", async () => {
  const reply = await fetch(`${apiUrl}/api/test-crash/t-9?secret=${SECRET_QUERY}`, {
    method: "POST",
    headers: { "Content-Type": "application/json", Authorization: SECRET_HEADER, Cookie: SECRET_COOKIE, "X-Request-Id": "crash-req-1" },
    body: JSON.stringify({ prompt: SECRET_PROMPT }),
  });
  assert.equal(reply.status, 500);
  assert.deepEqual(await reply.json(), { error: { code: "internal_error", message: "Internal error" } });
  await observability.flush();

  const sent = envelopes.join("\n");
  assert.ok(sent.includes("cannot read the thing's price"), "the error's message is sent");
  const event = sent
    .split("\n")
    .map((line) => {
      try {
        return JSON.parse(line) as Record<string, unknown>;
      } catch {
        return undefined;
      }
    })
    .find((item) => item && "exception" in item) as
    { tags: Record<string, string>; exception: { values: { type: string; stacktrace?: { frames: unknown[] } }[] } } | undefined;
  assert.ok(event, "an error event was sent");
  assert.deepEqual(event.tags, { requestId: "crash-req-1", service: "api", route: "/api/test-crash/:thingId" });
  assert.equal(event.exception.values[0]!.type, "TypeError");
  assert.ok((event.exception.values[0]!.stacktrace?.frames.length ?? 0) > 0, "with its stack");
  for (const secret of [SECRET_HEADER, "pm_api_token_never_sent", SECRET_COOKIE, "cookie-never-sent", SECRET_PROMPT, SECRET_QUERY]) {
    assert.ok(!sent.includes(secret), `${secret} must not be sent`);
  }
});

test("the same error is one JSON log line at level error with the request id and the stack", () => {
  const line = logLines.map((text) => JSON.parse(text) as Record<string, unknown>).find((entry) => entry.requestId === "crash-req-1");
  assert.ok(line, "logged");
  assert.equal(line.level, "error");
  assert.equal(line.msg, "[api] POST /api/test-crash/:thingId failed");
  const error = line.error as { name: string; message: string; stack: string };
  assert.equal(error.name, "TypeError");
  assert.match(error.stack, /cannot read the thing's price\n\s+at /);
  assert.ok(!logLines.join("").includes(SECRET_PROMPT));
});

test("a failed scheduler job is reported with its name", async () => {
  const before = envelopes.length;
  observability.onJobOutcome({ job: "reports.weekly", state: "failed", error: "SMTP refused", tookMs: 12, slot: new Date(), attempt: 1 });
  await observability.flush();
  const sent = envelopes.slice(before).join("\n");
  assert.match(sent, /job reports\.weekly failed: SMTP refused/);
  assert.match(sent, /"job":"reports\.weekly"/);
});
