// The gateway's upstream hop as the wire sees it, against a raw local upstream: what is sent (identity
// encoding, a content length, no client credentials), which answer headers come back, a JSON answer cut
// mid-body destroys the client's connection, a client that reads late still gets the whole stream, a
// client that goes away cancels the upstream call, and an unreachable upstream is a 502 in the dialect's
// shape. (That a paused client pauses the upstream needs a wait to show, so it is checked by hand.)
import assert from "node:assert/strict";
import http from "node:http";
import type { AddressInfo } from "node:net";
import { after, before, test } from "node:test";
import { readUntil, startGatewayServer, type GatewayServer } from "./gateway-server.ts";

const INGEST_KEY = "pm_gatewaywirekey_1";

let server: GatewayServer;
let upstream: http.Server;
let upstreamUrl = "";
const seen: { headers: http.IncomingHttpHeaders; model: string }[] = [];
/** Set by the upstream: a write that found the gateway's socket full, and calls whose client went away. */
const state = { blocked: false, closedEarly: 0 };

function answer(req: http.IncomingMessage, res: http.ServerResponse, model: string): void {
  res.on("close", () => {
    if (!res.writableFinished) state.closedEarly++;
  });
  switch (model) {
    case "cut-json":
      res.writeHead(200, { "content-type": "application/json", "content-length": "1000" });
      res.write('{"id":"chatcmpl-1",');
      setTimeout(() => req.socket.destroy(), 20);
      return;
    case "hang":
      return;
    case "hang-stream":
      res.writeHead(200, { "content-type": "text/event-stream" });
      res.write(
        `data: ${JSON.stringify({ id: "c", object: "chat.completion.chunk", model, choices: [{ index: 0, delta: { content: "a" } }] })}\n\n`,
      );
      return;
    case "big-stream": {
      res.writeHead(200, { "content-type": "text/event-stream" });
      const event = `data: ${JSON.stringify({ id: "c", object: "chat.completion.chunk", model, choices: [{ index: 0, delta: { content: "x".repeat(16_000) } }] })}\n\n`;
      let sent = 0;
      const more = () => {
        while (sent < 400) {
          sent++;
          if (!res.write(event)) {
            state.blocked = true;
            res.once("drain", more);
            return;
          }
        }
        res.end("data: [DONE]\n\n");
      };
      more();
      return;
    }
    default: {
      const body = JSON.stringify({
        id: "chatcmpl-2",
        object: "chat.completion",
        model,
        choices: [],
        usage: { prompt_tokens: 1, completion_tokens: 1, total_tokens: 2 },
      });
      res.writeHead(200, {
        "content-type": "application/json",
        "set-cookie": "upstream=1",
        "x-upstream-note": "kept",
        "keep-alive": "timeout=5",
      });
      res.end(body);
    }
  }
}

before(async () => {
  upstream = http.createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on("data", (chunk: Buffer) => chunks.push(chunk));
    req.on("end", () => {
      const model = String((JSON.parse(Buffer.concat(chunks).toString() || "{}") as { model?: string }).model ?? "");
      seen.push({ headers: req.headers, model });
      answer(req, res, model);
    });
  });
  await new Promise<void>((resolve) => upstream.listen(0, "127.0.0.1", resolve));
  upstreamUrl = `http://127.0.0.1:${(upstream.address() as AddressInfo).port}`;
  server = await startGatewayServer({ ingestKey: INGEST_KEY });
  const connected = await server.api("POST", "/api/integrations/connect", {
    projectId: server.projectId,
    provider: "openai",
    apiKey: "sk-openai-SECRET-w1r3",
    baseUrl: `${upstreamUrl}/v1`,
  });
  assert.equal(connected.status, 201, JSON.stringify(connected.body));
});

after(async () => {
  await server?.close();
  upstream?.closeAllConnections();
  upstream?.close();
});

/** A raw request to the gateway's chat completions, so a test can pause, abort or watch the socket. */
function call(model: string, extra: Record<string, string> = {}): { request: http.ClientRequest; response: Promise<http.IncomingMessage> } {
  const body = JSON.stringify({ model, messages: [{ role: "user", content: "hi" }], stream: model.includes("stream") });
  const request = http.request(`${server.apiUrl}/api/integrations/openai/v1/chat/completions`, {
    method: "POST",
    headers: { authorization: `Bearer ${INGEST_KEY}`, "content-type": "application/json", "accept-encoding": "gzip", ...extra },
  });
  const response = new Promise<http.IncomingMessage>((resolve, reject) => {
    request.once("response", resolve);
    request.once("error", reject);
  });
  request.end(body);
  return { request, response };
}

function readAll(response: http.IncomingMessage): Promise<string> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    response.on("data", (chunk: Buffer) => chunks.push(chunk));
    response.on("end", () => resolve(Buffer.concat(chunks).toString()));
    response.on("error", reject);
    response.on("aborted", () => reject(new Error("aborted")));
  });
}

test("the upstream gets identity encoding, a content length and the connection's key; hop-by-hop and cookies are not passed back", async () => {
  const response = await call("plain").response;
  assert.equal(response.statusCode, 200);
  assert.equal(response.headers["x-upstream-note"], "kept");
  assert.equal(response.headers["set-cookie"], undefined);
  assert.match(String(response.headers["x-promptmetrics-run-id"]), /^[0-9a-f]{32}-[0-9a-f]{16}$/);
  assert.equal(JSON.parse(await readAll(response)).id, "chatcmpl-2");
  const sent = seen.at(-1)!.headers;
  assert.equal(sent["accept-encoding"], "identity");
  assert.equal(sent["authorization"], "Bearer sk-openai-SECRET-w1r3");
  assert.equal(
    Number(sent["content-length"]),
    JSON.stringify({ model: "plain", messages: [{ role: "user", content: "hi" }], stream: false }).length,
  );
});

test("a JSON answer cut mid-body destroys the client's connection", async () => {
  const response = await call("cut-json").response;
  assert.equal(response.statusCode, 200);
  await assert.rejects(readAll(response));
});

test("a client that stops reading until the upstream is held up still gets the whole stream", async () => {
  state.blocked = false;
  const response = await call("big-stream").response;
  response.pause();
  await readUntil(
    async () => state.blocked,
    (blocked) => blocked,
  );
  const text = await readAll(response.resume());
  assert.equal(text.split("data: ").length - 1, 401);
  assert.ok(text.endsWith("data: [DONE]\n\n"));
});

test("a client that goes away cancels the upstream call, before its answer and during a stream", async () => {
  const before = state.closedEarly;
  const waiting = call("hang");
  await readUntil(
    async () => seen.at(-1)?.model,
    (model) => model === "hang",
  );
  waiting.response.catch(() => {});
  waiting.request.destroy();
  await readUntil(
    async () => state.closedEarly,
    (closed) => closed > before,
  );
  assert.equal(state.closedEarly, before + 1);

  const streaming = await call("hang-stream").response;
  streaming.pause();
  streaming.on("error", () => {});
  streaming.destroy();
  await readUntil(
    async () => state.closedEarly,
    (closed) => closed > before + 1,
  );
  assert.equal(state.closedEarly, before + 2);
});

test("an upstream that cannot be reached is a 502 in the dialect's shape", async () => {
  const closed = http.createServer();
  await new Promise<void>((resolve) => closed.listen(0, "127.0.0.1", resolve));
  const port = (closed.address() as AddressInfo).port;
  await new Promise((resolve) => closed.close(resolve));
  const connected = await server.api("POST", "/api/integrations/connect", {
    projectId: server.projectId,
    provider: "openai_compatible",
    name: "Gone",
    apiKey: "sk-gone-SECRET-0000",
    baseUrl: `http://127.0.0.1:${port}/v1`,
  });
  assert.equal(connected.status, 201, JSON.stringify(connected.body));
  const response = await call("plain", { "x-promptmetrics-integration": "Gone", "x-promptmetrics-retries": "0" }).response;
  assert.equal(response.statusCode, 502);
  const body = JSON.parse(await readAll(response));
  assert.equal(body.error.type, "upstream_error");
  assert.match(body.error.message, /Provider unreachable \(ECONNREFUSED\)/);
});
