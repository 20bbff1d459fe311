// The HTTP side of the mock: routes requests to the response builders, applies the scripted scenario, records every request.

import { once } from "node:events";
import { createServer, type IncomingMessage, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";
import { setTimeout as sleep } from "node:timers/promises";
import { buildMessage, buildMessageStream } from "./anthropic-messages.ts";
import type { BuildContext } from "./build-context.ts";
import { createIdFactory } from "./ids.ts";
import { createSnapshotResolver } from "./models.ts";
import { buildChatCompletion, buildChatCompletionStream } from "./openai-chat.ts";
import { buildEmbeddings } from "./openai-embeddings.ts";
import { buildResponse, buildResponseStream } from "./openai-responses.ts";
import {
  type ErrorResponse,
  invalidRequestResponse,
  notFoundResponse,
  authenticationResponse,
  rateLimitResponse,
  serverErrorResponse,
  streamErrorData,
} from "./provider-errors.ts";
import { settleReply, validateScenario } from "./scenario.ts";
import { encodeSseEvent, jsonEvent, type SseEvent } from "./sse.ts";
import type { MockProvider, MockProviderOptions, Provider, RecordedRequest, ReplyFields, Scenario } from "./types.ts";

type Endpoint = "chat" | "responses" | "embeddings" | "messages";

const ROUTES: Record<string, { provider: Provider; endpoint: Endpoint }> = {
  "/v1/chat/completions": { provider: "openai", endpoint: "chat" },
  "/v1/responses": { provider: "openai", endpoint: "responses" },
  "/v1/embeddings": { provider: "openai", endpoint: "embeddings" },
  "/v1/messages": { provider: "anthropic", endpoint: "messages" },
};

/**
 * Azure OpenAI's paths (`/openai/deployments/{deployment}/chat/completions?api-version=…`) as the OpenAI
 * path they answer like; the deployment and API version are left in the recorded request for tests.
 */
function azureAsOpenAi(pathname: string): string {
  const azure = /^\/openai\/deployments\/[A-Za-z0-9._-]+(\/chat\/completions|\/responses|\/embeddings)$/.exec(pathname);
  return azure ? `/v1${azure[1]}` : "";
}

/** A successful answer, before any scripted failure cuts it short. */
type Answer = { type: "json"; body: unknown } | { type: "sse"; frames: SseEvent[] };

export async function startMockProvider(options: MockProviderOptions = {}): Promise<MockProvider> {
  const initialDefault: Scenario = options.defaultScenario ?? { kind: "reply" };
  validateScenario(initialDefault);
  let defaultScenario = initialDefault;
  const queue: Scenario[] = [];
  const requests: RecordedRequest[] = [];
  const waiters = new Set<() => void>();
  const ids = createIdFactory();
  const resolveModel = createSnapshotResolver(options.modelSnapshots);
  const now = options.now ?? Date.now;
  const embeddingDimensions = options.embeddingDimensions ?? 8;
  const closing = new AbortController();

  const record = (entry: RecordedRequest) => {
    requests.push(entry);
    for (const wake of waiters) wake();
  };

  const server = createServer((req, res) => {
    handle(req, res).catch((error: unknown) => {
      // A bug in the mock must fail the request visibly, not hang it.
      if (!res.headersSent) {
        res.writeHead(500, { "content-type": "text/plain" });
        res.end(`mock provider failure: ${error instanceof Error ? error.stack : String(error)}`);
      } else {
        res.destroy();
      }
    });
  });

  async function handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const raw = await readBody(req);
    const { pathname, search } = new URL(req.url ?? "/", "http://mock");
    const route = req.method === "POST" ? (ROUTES[pathname] ?? ROUTES[azureAsOpenAi(pathname)]) : undefined;
    const provider: Provider = route?.provider ?? (req.headers["anthropic-version"] !== undefined ? "anthropic" : "openai");
    const body = parseJson(raw);
    const entry: RecordedRequest = {
      method: req.method ?? "GET",
      path: pathname,
      query: search,
      headers: flattenHeaders(req),
      body,
      provider,
      scenario: undefined,
      outcome: "pending",
    };
    record(entry);
    trackOutcome(res, entry);
    const requestId = ids("req_");
    const baseHeaders = providerHeaders(provider, requestId);

    if (req.method === "GET" && pathname === "/v1/models") {
      // The cheapest call there is, which a gateway makes to check a key: a key containing "invalid" is refused.
      const key = `${req.headers.authorization ?? ""}${req.headers["x-api-key"] ?? ""}${req.headers["api-key"] ?? ""}`;
      if (key.includes("invalid")) return sendError(res, baseHeaders, authenticationResponse(provider, requestId));
      res.writeHead(200, { ...baseHeaders, "content-type": "application/json" });
      res.end(JSON.stringify(modelList(provider)));
      return;
    }
    if (!route) {
      return sendError(res, baseHeaders, notFoundResponse(provider, requestId, entry.method, pathname));
    }
    const refusal = validateRequest(route.provider, route.endpoint, body, raw, requestId);
    if (refusal) return sendError(res, baseHeaders, refusal);
    const request = body as Record<string, unknown>;

    const scenario = queue.shift() ?? defaultScenario;
    entry.scenario = scenario.kind;
    switch (scenario.kind) {
      case "rate-limit":
        return sendError(res, baseHeaders, rateLimitResponse(provider, requestId, scenario.retryAfterSeconds ?? 1, scenario.message));
      case "server-error":
        return sendError(res, baseHeaders, serverErrorResponse(provider, requestId, scenario.status ?? 500, scenario.message));
      case "invalid-request":
        return sendError(
          res,
          baseHeaders,
          invalidRequestResponse(provider, requestId, scenario.message ?? "Invalid request.", scenario.param ?? null),
        );
      default:
        break;
    }

    const answer = buildAnswer(route.endpoint, request, scenario);
    const headers = { ...baseHeaders, ...scenario.headers };
    const delayMs = scenario.chunkDelayMs ?? 0;

    if (answer.type === "json") {
      if (scenario.kind === "disconnect") return drop(res, entry);
      if (scenario.kind === "stall") return stall(res);
      if (scenario.kind === "stream-error") {
        return sendError(res, baseHeaders, serverErrorResponse(provider, requestId, 500, scenario.message));
      }
      res.writeHead(200, { ...headers, "content-type": "application/json" });
      res.end(JSON.stringify(answer.body));
      return;
    }

    res.writeHead(200, { ...headers, "content-type": "text/event-stream; charset=utf-8", "cache-control": "no-cache" });
    res.flushHeaders();
    const limit = scenario.kind === "reply" ? answer.frames.length : Math.min(scenario.afterEvents ?? 0, answer.frames.length);
    const written = await writeFrames(res, answer.frames.slice(0, limit), delayMs, closing.signal);
    if (!written) return;
    switch (scenario.kind) {
      case "reply":
        res.end();
        return;
      case "disconnect":
        return drop(res, entry);
      case "stall":
        return stall(res);
      case "stream-error": {
        const message =
          scenario.message ?? (provider === "anthropic" ? "Overloaded" : "The server had an error while processing your request.");
        const frame = jsonEvent(streamErrorData(provider, message, requestId), provider === "anthropic" ? "error" : undefined);
        res.end(encodeSseEvent(frame));
        return;
      }
    }
  }

  function buildAnswer(endpoint: Endpoint, request: Record<string, unknown>, fields: ReplyFields): Answer {
    const reply = settleReply(fields);
    const requestedModel = String(request["model"]);
    const ctx: BuildContext = {
      id: ids,
      model: reply.model ?? resolveModel(requestedModel),
      created: Math.floor(now() / 1000),
    };
    const stream = request["stream"] === true;
    switch (endpoint) {
      case "chat": {
        if (!stream) return { type: "json", body: buildChatCompletion(reply, ctx) };
        const streamOptions = request["stream_options"] as { include_usage?: unknown } | null | undefined;
        return { type: "sse", frames: buildChatCompletionStream(reply, ctx, streamOptions?.include_usage === true) };
      }
      case "responses":
        return stream
          ? { type: "sse", frames: buildResponseStream(request, reply, ctx) }
          : { type: "json", body: buildResponse(request, reply, ctx) };
      case "embeddings":
        return { type: "json", body: buildEmbeddings(request, reply.model ?? requestedModel, reply.usage, embeddingDimensions) };
      case "messages":
        return stream
          ? { type: "sse", frames: buildMessageStream(reply, ctx, request) }
          : { type: "json", body: buildMessage(reply, ctx, request) };
    }
  }

  /** Holds the response open until the client leaves or the mock closes. */
  async function stall(res: ServerResponse): Promise<void> {
    if (res.destroyed || closing.signal.aborted) return;
    await Promise.race([once(res, "close"), once(closing.signal, "abort")]);
  }

  server.listen(0, "127.0.0.1");
  await once(server, "listening");
  const { port } = server.address() as AddressInfo;

  return {
    url: `http://127.0.0.1:${port}`,
    requests,
    get pending() {
      return queue.length;
    },
    enqueue(...scenarios) {
      scenarios.forEach(validateScenario);
      queue.push(...scenarios);
    },
    setDefault(scenario) {
      validateScenario(scenario);
      defaultScenario = scenario;
    },
    reset() {
      queue.length = 0;
      requests.length = 0;
      defaultScenario = initialDefault;
    },
    waitForRequests(count, timeoutMs = 5000) {
      return new Promise((resolve, reject) => {
        const check = () => {
          if (requests.length < count) return;
          cleanup();
          resolve(requests);
        };
        const timer = setTimeout(() => {
          cleanup();
          reject(new Error(`mock provider: expected ${count} requests within ${timeoutMs} ms, got ${requests.length}`));
        }, timeoutMs);
        const cleanup = () => {
          clearTimeout(timer);
          waiters.delete(check);
        };
        waiters.add(check);
        check();
      });
    },
    async close() {
      closing.abort();
      const closed = once(server, "close");
      server.close();
      server.closeAllConnections();
      await closed;
    },
  };
}

function readBody(req: IncomingMessage): Promise<string> {
  return new Promise((resolve, reject) => {
    const parts: Buffer[] = [];
    req.on("data", (part: Buffer) => parts.push(part));
    req.on("end", () => resolve(Buffer.concat(parts).toString("utf8")));
    req.on("error", reject);
  });
}

function parseJson(raw: string): unknown {
  if (raw.length === 0) return undefined;
  try {
    return JSON.parse(raw) as unknown;
  } catch {
    return undefined;
  }
}

function flattenHeaders(req: IncomingMessage): Record<string, string> {
  const headers: Record<string, string> = {};
  for (const [name, value] of Object.entries(req.headers)) {
    if (value !== undefined) headers[name] = Array.isArray(value) ? value.join(", ") : value;
  }
  return headers;
}

function providerHeaders(provider: Provider, requestId: string): Record<string, string> {
  return provider === "openai"
    ? { "x-request-id": requestId, "openai-version": "2020-10-01", "openai-processing-ms": "1" }
    : { "request-id": requestId };
}

/** The checks the real APIs make before any model runs; a refused request consumes no scenario. */
function validateRequest(provider: Provider, endpoint: Endpoint, body: unknown, raw: string, requestId: string): ErrorResponse | undefined {
  if (typeof body !== "object" || body === null || Array.isArray(body)) {
    const message =
      provider === "openai"
        ? "We could not parse the JSON body of your request. (HINT: This likely means you aren't using your HTTP library correctly.)"
        : raw.length === 0
          ? "request body is required"
          : "There was an error parsing the body of your request as JSON.";
    return invalidRequestResponse(provider, requestId, message, null);
  }
  const request = body as Record<string, unknown>;
  const required: Record<Endpoint, string[]> = {
    chat: ["model", "messages"],
    responses: ["model"],
    embeddings: ["model", "input"],
    messages: ["model", "max_tokens", "messages"],
  };
  for (const field of required[endpoint]) {
    if (request[field] === undefined) {
      const message = provider === "openai" ? `Missing required parameter: '${field}'.` : `${field}: Field required`;
      return invalidRequestResponse(provider, requestId, message, field);
    }
  }
  return undefined;
}

function modelList(provider: Provider): unknown {
  return provider === "anthropic"
    ? {
        data: [{ type: "model", id: "claude-haiku-4-5", display_name: "Claude Haiku 4.5", created_at: "2025-10-01T00:00:00Z" }],
        has_more: false,
        first_id: "claude-haiku-4-5",
        last_id: "claude-haiku-4-5",
      }
    : { object: "list", data: [{ id: "gpt-4o-mini", object: "model", created: 1721172741, owned_by: "system" }] };
}

function sendError(res: ServerResponse, baseHeaders: Record<string, string>, error: ErrorResponse): void {
  res.writeHead(error.status, { ...baseHeaders, ...error.headers, "content-type": "application/json" });
  res.end(JSON.stringify(error.body));
}

function drop(res: ServerResponse, entry: RecordedRequest): void {
  entry.outcome = "dropped";
  res.socket?.destroy();
  res.destroy();
}

/** Writes frames one by one, pausing between them; false when the client left (or the mock closed) first. */
async function writeFrames(res: ServerResponse, frames: SseEvent[], delayMs: number, closing: AbortSignal): Promise<boolean> {
  for (const [index, frame] of frames.entries()) {
    if (index > 0 && delayMs > 0) {
      try {
        await sleep(delayMs, undefined, { signal: closing });
      } catch {
        return false;
      }
    }
    if (res.destroyed) return false;
    const flushed = await new Promise<boolean>((resolve) => res.write(encodeSseEvent(frame), (error) => resolve(!error)));
    if (!flushed) return false;
  }
  return !res.destroyed;
}

function trackOutcome(res: ServerResponse, entry: RecordedRequest): void {
  res.once("finish", () => {
    if (entry.outcome === "pending") entry.outcome = "completed";
  });
  res.once("close", () => {
    if (entry.outcome === "pending") entry.outcome = "client-closed";
  });
}
