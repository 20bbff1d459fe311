// The gateway: /api/integrations/openai/v1/* speaks OpenAI's API and /api/integrations/anthropic/v1/*
// Anthropic's, so the official SDKs work by changing their base URL. The client authenticates with a key
// of the project; the call goes to the project's connected provider with the stored key; the answer is
// passed through as it arrives (streams unbuffered, backpressure kept, a client abort cancels the upstream
// call); and every generating call is recorded as a run through the ingest's writer. Mounted before the
// API's JSON body parser: the request body is forwarded as received (one exception: a streamed chat
// completion asks for usage, `stream_options.include_usage`, so that its tokens are known).
import http from "node:http";
import https from "node:https";
import type { IncomingMessage, ServerResponse } from "node:http";
import type { NextFunction, Request, RequestHandler, Response } from "express";
import { listAllGatewaySettings, type GatewaySettings, type Store } from "@promptmetrics/clickhouse";
import { CallReader, operationOf, type CallFacts, type Operation } from "./call-facts.ts";
import { createConnectionCache, type ConnectionCache, type OpenConnection } from "./connections.ts";
import { gatewaySpan, spanIdsFor, type CallRequest, type GatewayRecorder } from "./gateway-span.ts";
import type { MasterKey } from "./master-key.ts";
import { createRunBuffer } from "./run-buffer.ts";
import { createRuleCache, type RuleCache } from "./rule-cache.ts";
import { createLimitEnforcer, type LimitEnforcer } from "./limits.ts";
import { createProjectSnapshot, type ProjectSnapshot } from "./project-snapshot.ts";
import { toPico } from "../optimization/usd.ts";
import { cacheKey, cacheTtlFrom, MAX_ENTRY_BYTES, ResponseCache } from "./response-cache.ts";
import type { ProjectPricers } from "@promptmetrics/runs";
import { parseFallback, routeCall } from "./routing.ts";
import { RETRY_BUDGET_MS, RETRYABLE_STATUSES, retriesFrom, retryDelayMs } from "./retry-policy.ts";
import { PROVIDER_NAME, UpstreamRouteError, upstreamTarget, type Dialect } from "./upstreams.ts";

export interface GatewayOptions {
  /** Writes calls as runs, a batch at a time (the CLI wires the ingest's writer). */
  recorder: GatewayRecorder;
  /** A project key (an ingest key) → its project; undefined when unknown or revoked. */
  resolveKey: (secret: string) => Promise<{ keyId: string; projectId: string } | undefined>;
  /** PROMPTMETRICS_MASTER_KEY; without it no connection opens and calls answer 503. */
  masterKey?: MasterKey;
  /** Largest request body forwarded. Default 32 MiB (images travel inline). */
  bodyLimitBytes?: number;
  /** How often the connections are re-read, ms. */
  refreshMs?: number;
  /** Bytes of answers the exact-repeat cache holds in this process. Default 64 MiB. */
  cacheBytes?: number;
  /** Prices what a cache hit saved (the app's price cache). */
  pricers?: () => ProjectPricers;
  onError?: (error: unknown) => void;
}

export interface GatewayProxy {
  handler: RequestHandler;
  connections: ConnectionCache;
  rules: RuleCache;
  limits: LimitEnforcer;
  settings: ProjectSnapshot<GatewaySettings>;
  /** Writes the runs still held, then stops the connection cache. */
  close(): Promise<void>;
}

const ROUTE = /^\/(openai|anthropic)\/v1(\/[A-Za-z0-9._~\-/]*)?$/;
const FORWARDED_REQUEST_HEADERS = ["content-type", "accept", "anthropic-version", "anthropic-beta", "openai-beta", "idempotency-key"];
const DROPPED_RESPONSE_HEADERS = new Set(["connection", "keep-alive", "transfer-encoding", "set-cookie", "content-encoding", "alt-svc"]);
const DEFAULT_BODY_LIMIT = 32 * 1024 * 1024;
const agents = { http: new http.Agent({ keepAlive: true }), https: new https.Agent({ keepAlive: true }) };

export function createGatewayProxy(store: Store, options: GatewayOptions): GatewayProxy {
  const onError = options.onError ?? (() => {});
  const connections = createConnectionCache(store, options.masterKey, { refreshMs: options.refreshMs, onError });
  const bodyLimit = options.bodyLimitBytes ?? DEFAULT_BODY_LIMIT;
  const runs = createRunBuffer(options.recorder, onError);
  const rules = createRuleCache(store, { refreshMs: options.refreshMs, onError });
  const responses = new ResponseCache(options.cacheBytes ?? 64 * 1024 * 1024);
  const limits = createLimitEnforcer(store, { refreshMs: options.refreshMs, onError });
  const settings = createProjectSnapshot(() => listAllGatewaySettings(store), { refreshMs: options.refreshMs, onError });
  /** What the call's answer costs at the project's prices now ('' when unpriced). */
  const priceOf = (projectId: string, call: CallRequest, facts: CallFacts): string => {
    if (!facts.usage || !options.pricers) return "";
    const cost = options
      .pricers()
      .forProject(projectId)
      .price({
        provider: call.providerName,
        model: facts.responseModel || call.usedModel,
        at: new Date(),
        usage: {
          inputTokens: facts.usage.input,
          outputTokens: facts.usage.output,
          cacheReadTokens: facts.usage.cacheRead,
          cacheWriteTokens: facts.usage.cacheWrite,
          cacheWrite1hTokens: facts.usage.cacheWrite1h,
          reasoningTokens: facts.usage.reasoning,
        },
      });
    return cost.status === "priced" ? cost.totalUsd : "";
  };

  async function handle(req: Request, res: Response): Promise<void> {
    const match = ROUTE.exec(req.path);
    const dialect = match![1] as Dialect;
    const path = match![2] ?? "/";
    if (path.split("/").some((segment) => segment === "." || segment === "..")) {
      return sendError(res, dialect, 404, "not_found", "Unknown path");
    }
    // The project key comes as the SDK's credential, or in x-promptmetrics-key when the caller passes its
    // own provider key through as the credential (a project setting).
    const credential = clientSecret(req, dialect);
    const projectKey = header(req, "x-promptmetrics-key").trim();
    const secret = projectKey || credential;
    const key = secret ? await options.resolveKey(secret) : undefined;
    if (!key) return sendError(res, dialect, 401, "authentication_error", "Invalid or missing PromptMetrics project key");
    const callerKey = projectKey ? credential : undefined;
    if (projectKey) {
      if (!callerKey)
        return sendError(
          res,
          dialect,
          401,
          "authentication_error",
          `With x-promptmetrics-key set, the provider key is expected in ${dialect === "anthropic" ? "x-api-key" : "Authorization: Bearer"}`,
        );
      if (!settings.forProject(key.projectId)[0]?.allowKeyPassthrough)
        return sendError(
          res,
          dialect,
          403,
          "permission_error",
          "This project does not accept callers' own provider keys (an admin can allow it under Settings → Integrations)",
        );
    } else if (!options.masterKey)
      return sendError(res, dialect, 503, "gateway_unavailable", "The gateway needs PROMPTMETRICS_MASTER_KEY to open provider keys");
    /** A connection as this call uses it: with the caller's own key when passed through. */
    const keyed = (picked: OpenConnection): OpenConnection => (callerKey ? { ...picked, apiKey: callerKey } : picked);

    let body: Buffer;
    try {
      body = await readBody(req, bodyLimit);
    } catch (error) {
      if (error instanceof BodyTooLarge)
        return sendError(res, dialect, 413, "request_too_large", `Request body is larger than ${bodyLimit} bytes`);
      throw error;
    }
    const wanted = header(req, "x-promptmetrics-integration");
    const picked = await connections.pick(key.projectId, dialect, wanted);
    // A passed-through key needs no stored connection: without one the call goes to the public API.
    const connection = picked ? keyed(picked) : callerKey && !wanted ? publicConnection(dialect, callerKey) : undefined;
    if (!connection) {
      const what = dialect === "openai" ? "OpenAI, Azure OpenAI or OpenAI-compatible" : "Anthropic";
      const message = wanted
        ? `No ${dialect === "openai" ? "OpenAI-dialect" : "Anthropic"} provider connection named ${JSON.stringify(wanted.slice(0, 100))} in this project`
        : `This project has no ${what} provider key connected (connect one under Settings → Integrations)`;
      return sendError(res, dialect, 424, "provider_not_connected", message);
    }

    const pathname = path.split("?")[0]!;
    const operation = req.method === "POST" ? operationOf(dialect, pathname) : undefined;
    const parsed = operation ? parseJson(body) : undefined;
    const streamed = parsed?.["stream"] === true;
    if (operation === "chat" && streamed && parsed && wantsUsage(parsed)) {
      parsed["stream_options"] = { ...(isObject(parsed["stream_options"]) ? parsed["stream_options"] : {}), include_usage: true };
      body = Buffer.from(JSON.stringify(parsed));
    }
    const requestModel = typeof parsed?.["model"] === "string" ? parsed["model"] : "";
    const query = req.originalUrl.includes("?") ? req.originalUrl.slice(req.originalUrl.indexOf("?")) : "";

    const traits = {
      promptName: header(req, "x-promptmetrics-prompt-name"),
      promptVersion: header(req, "x-promptmetrics-prompt-version"),
      model: requestModel,
      tags: header(req, "x-promptmetrics-tags")
        .split(",")
        .map((tag) => tag.trim())
        .filter(Boolean)
        .slice(0, 50),
      userId: header(req, "x-promptmetrics-user-id"),
      sessionId: header(req, "x-promptmetrics-session-id"),
    };
    // The project's routing rules may send the call to another model (a canary: for a share of it).
    const routed = parsed && requestModel ? routeCall(rules.forProject(key.projectId), traits, dialect) : undefined;
    // The request as it will be sent: routed to another model, or as asked.
    const outgoing = routed && parsed && routed.model !== requestModel ? { ...parsed, model: routed.model } : parsed;
    if (outgoing !== parsed) body = Buffer.from(JSON.stringify(outgoing));

    // The call as routed, then each fallback ("model" or "model@connection"): the x-promptmetrics-fallbacks
    // header's when the call sends one (an empty one: none), else the matched rule's.
    const fallbackHeader = req.headers["x-promptmetrics-fallbacks"];
    const fallbacks =
      typeof fallbackHeader === "string"
        ? { entries: header(req, "x-promptmetrics-fallbacks").split(","), source: "x-promptmetrics-fallbacks names" }
        : { entries: routed?.rule.fallbackModels ?? [], source: `Routing rule ${routed?.rule.id ?? ""} falls back to` };
    const plans: Plan[] = [];
    try {
      plans.push(planFor(connection, routed?.model ?? requestModel, body, path + query));
      if (parsed) {
        for (const entry of fallbacksFrom(fallbacks.entries)) {
          const other = entry.connection ? await connections.pick(key.projectId, dialect, entry.connection) : connection;
          if (!other)
            return sendError(
              res,
              dialect,
              400,
              "invalid_request_error",
              `${fallbacks.source} no connection ${JSON.stringify(entry.connection)}`,
            );
          const swapped = { ...parsed, model: entry.model };
          plans.push(planFor(keyed(other), entry.model, Buffer.from(JSON.stringify(swapped)), path + query));
        }
      }
    } catch (error) {
      if (error instanceof UpstreamRouteError) return sendError(res, dialect, 400, "invalid_request_error", error.message);
      throw error;
    }
    const forwarded: Record<string, string> = {};
    for (const name of FORWARDED_REQUEST_HEADERS) {
      const value = req.headers[name];
      if (typeof value === "string") forwarded[name] = value;
    }

    const call: CallRequest | undefined =
      operation && parsed
        ? {
            operation,
            providerName: PROVIDER_NAME[connection.provider],
            requestModel,
            usedModel: requestModel,
            attempts: 0,
            streamed,
            serverAddress: plans[0]!.url.hostname,
            userId: traits.userId,
            sessionId: traits.sessionId,
            promptName: traits.promptName,
            promptVersion: traits.promptVersion,
            tags: [...traits.tags],
            route: routed ? { ruleId: routed.rule.id, arm: routed.arm } : undefined,
            ids: spanIdsFor(header(req, "traceparent") || undefined),
            integrationId: connection.id,
            keySource: callerKey ? "caller" : "connection",
          }
        : undefined;
    // Exact repeats (opt-in per call, or by the matched rule; the header wins, `false` turns it off): keyed
    // by the request as it will be sent, after routing.
    const ttlS = call ? (cacheTtlFrom(header(req, "x-promptmetrics-cache")) ?? routed?.rule.cacheTtlSeconds) : undefined;
    const cache = ttlS ? { key: cacheKey(key.projectId, dialect, path + query, outgoing), ttlMs: ttlS * 1000 } : undefined;
    await relay({
      req,
      res,
      dialect,
      call,
      operation,
      plans,
      forwarded,
      retries: retriesFrom(header(req, "x-promptmetrics-retries")),
      key,
      cache,
    });
  }

  async function relay(args: {
    req: Request;
    res: Response;
    dialect: Dialect;
    call: CallRequest | undefined;
    operation: Operation | undefined;
    plans: Plan[];
    forwarded: Record<string, string>;
    retries: number;
    key: { keyId: string; projectId: string };
    cache: { key: string; ttlMs: number } | undefined;
  }): Promise<void> {
    const { req, res, dialect, call, key, plans } = args;
    const startMs = performance.timeOrigin + performance.now();
    let firstByteMs: number | null = null;
    let reader: CallReader | undefined;
    let status = 0;
    let recorded = false;
    const record = (failure: string, cancelled: boolean, facts?: CallFacts) => {
      if (!call || recorded) return;
      recorded = true;
      const endMs = performance.timeOrigin + performance.now();
      const outcome = {
        startMs,
        endMs,
        ttftMs: call.streamed && firstByteMs !== null ? firstByteMs - startMs : null,
        httpStatus: status || 502,
        facts: facts ??
          reader?.finish() ?? { responseModel: "", responseId: "", usage: null, finishReasons: [], complete: false, error: "" },
        failure,
        cancelled,
      };
      // What it cost and its tokens count against the limits at once, before its run reaches the store.
      const hit = call.cache?.state === "hit";
      const spent = hit ? "" : priceOf(key.projectId, call, outcome.facts);
      const usage = hit ? null : outcome.facts.usage;
      const pending = limits.addUsage(
        { ...key, userId: call.userId },
        { pico: spent ? toPico(spent) : 0n, tokens: usage ? usage.input + usage.output : 0 },
      );
      runs.add(key, gatewaySpan(call, outcome), pending.written);
    };

    // The client went away before the answer ended: cancel the upstream call (or the wait for a retry).
    let clientGone = false;
    let current: http.ClientRequest | undefined;
    res.on("close", () => {
      if (res.writableFinished) return;
      clientGone = true;
      current?.destroy();
      record("", true);
    });

    if (args.cache && call) {
      const hit = responses.get(args.cache.key, Date.now());
      if (hit) {
        // Replayed as it came (a stream as the same events): no provider call, no provider cost.
        res.status(200);
        res.setHeader("content-type", hit.contentType);
        res.setHeader("x-promptmetrics-cache", "hit");
        res.setHeader("x-promptmetrics-run-id", `${call.ids.traceId}-${call.ids.spanId}`);
        firstByteMs = performance.timeOrigin + performance.now();
        status = 200;
        call.cache = { state: "hit", savedUsd: priceOf(key.projectId, call, hit.facts), usage: hit.facts.usage };
        res.end(hit.body);
        record("", false, { ...hit.facts, usage: hit.facts.usage ? ZERO_USAGE : null });
        return;
      }
      call.cache = { state: "miss", savedUsd: "", usage: null };
    }

    // Limits, before anything reaches the provider: a refused call makes no run.
    const verdict = await limits.check({ ...key, userId: call?.userId ?? "" });
    if (!verdict.allowed) {
      res.setHeader("retry-after", String(verdict.retryAfterSeconds));
      return sendError(res, dialect, 429, "rate_limit_error", verdict.message);
    }

    let waitedMs = 0;
    for (let p = 0; p < plans.length; p++) {
      const plan = plans[p]!;
      for (let retry = 0; ; retry++) {
        if (clientGone) return;
        if (call) {
          call.attempts++;
          call.usedModel = plan.model;
          call.integrationId = plan.connection.id;
          call.providerName = PROVIDER_NAME[plan.connection.provider];
          call.serverAddress = plan.url.hostname;
        }
        if (plan.connection.id) connections.markUsed(plan.connection.id);
        const headers = { ...plan.headers, ...args.forwarded, "accept-encoding": "identity", "content-length": String(plan.body.length) };
        const sent = sendUpstream(plan.url, req.method, headers, plan.body);
        current = sent.request;
        const isLastPlan = p === plans.length - 1;
        let answer: IncomingMessage;
        try {
          answer = await sent.response;
        } catch (error) {
          if (clientGone) return;
          const wait = retry < args.retries ? retryDelayMs(retry, undefined, Date.now(), Math.random()) : undefined;
          if (wait !== undefined && waitedMs + wait <= RETRY_BUDGET_MS) {
            waitedMs += wait;
            await sleep(wait);
            continue;
          }
          if (!isLastPlan) break;
          const reason = `Provider unreachable (${(error as NodeJS.ErrnoException).code ?? (error as Error).name})`;
          record(reason, false);
          return sendError(res, dialect, 502, "upstream_error", reason);
        }
        if (clientGone) {
          answer.destroy();
          return;
        }
        const answerStatus = answer.statusCode ?? 502;
        if (RETRYABLE_STATUSES.has(answerStatus)) {
          const retryAfter = answer.headers["retry-after"];
          const wait =
            retry < args.retries
              ? retryDelayMs(retry, typeof retryAfter === "string" ? retryAfter : undefined, Date.now(), Math.random())
              : undefined;
          const canRetry = wait !== undefined && waitedMs + wait <= RETRY_BUDGET_MS;
          if (canRetry || !isLastPlan) {
            answer.resume(); // drained and dropped: the client sees only the attempt that is passed on
            if (canRetry) {
              waitedMs += wait;
              await sleep(wait);
              continue;
            }
            break;
          }
        }
        return forward(answer, p === 0);
      }
    }

    /** `cacheable`: the answer is to the request as asked (not a fallback's), so a repeat may reuse it. */
    function forward(answer: IncomingMessage, cacheable: boolean): void {
      status = answer.statusCode ?? 502;
      const isStream = /^text\/event-stream/i.test(answer.headers["content-type"] ?? "");
      if (args.operation) reader = new CallReader(args.operation, isStream);
      res.status(status);
      for (const [name, value] of Object.entries(answer.headers)) {
        if (value !== undefined && !DROPPED_RESPONSE_HEADERS.has(name) && !(isStream && name === "content-length"))
          res.setHeader(name, value);
      }
      if (call) res.setHeader("x-promptmetrics-run-id", `${call.ids.traceId}-${call.ids.spanId}`);
      const keep = args.cache && cacheable && status === 200 ? { chunks: [] as Buffer[], bytes: 0 } : undefined;
      if (keep) res.setHeader("x-promptmetrics-cache", "miss");
      // A stream's headers go out at once (the client starts its clock); a JSON answer's go with its body.
      if (isStream) res.flushHeaders();
      answer.on("data", (chunk: Buffer) => {
        firstByteMs ??= performance.timeOrigin + performance.now();
        reader?.push(chunk);
        if (keep && keep.bytes + chunk.length <= MAX_ENTRY_BYTES) {
          keep.chunks.push(chunk);
          keep.bytes += chunk.length;
        } else if (keep) keep.bytes = Infinity;
        if (!res.write(chunk)) {
          answer.pause();
          res.once("drain", () => answer.resume());
        }
      });
      const cut = () => {
        if (res.writableEnded || res.destroyed) return;
        const facts = reader?.finish();
        if (isStream && status < 400) {
          // A stream cut before its terminal event is an error for the client too, never a clean end.
          const message = "The provider's stream ended before its final event";
          res.end(streamError(dialect, message));
          record(message, false, facts);
        } else {
          record("The provider's answer was cut off", false, facts);
          res.destroy();
        }
      };
      answer.on("close", () => {
        if (!answer.complete) cut();
      });
      answer.on("error", cut);
      answer.on("end", () => {
        if (res.writableEnded || res.destroyed) return;
        const facts = reader?.finish();
        if (isStream && status < 400 && facts && !facts.complete && !facts.error) {
          const message = "The provider's stream ended before its final event";
          res.end(streamError(dialect, message));
          record(message, false, facts);
          return;
        }
        res.end();
        record("", false, facts);
        // Only a whole, successful answer is kept for repeats.
        if (keep && args.cache && facts?.complete && !facts.error && Number.isFinite(keep.bytes)) {
          responses.set(args.cache.key, {
            contentType: String(answer.headers["content-type"] ?? "application/json"),
            body: Buffer.concat(keep.chunks),
            facts,
            expiresAt: Date.now() + args.cache.ttlMs,
          });
        }
      });
    }
  }

  const handler: RequestHandler = (req: Request, res: Response, next: NextFunction) => {
    if (!ROUTE.test(req.path)) return next();
    handle(req, res).catch((error: unknown) => {
      onError(error);
      if (!res.headersSent)
        sendError(res, (ROUTE.exec(req.path)![1] as Dialect) ?? "openai", 500, "api_error", "The gateway failed to handle this call");
      else res.destroy();
    });
  };

  return {
    handler,
    connections,
    rules,
    limits,
    settings,
    async close() {
      await runs.flush();
      rules.close();
      limits.close();
      settings.close();
      await connections.close();
    },
  };
}

/** Where a passed-through key goes when the project has no connection for the dialect. */
function publicConnection(dialect: Dialect, apiKey: string): OpenConnection {
  return { id: "", name: "", provider: dialect === "anthropic" ? "anthropic" : "openai", baseUrl: "", apiKey };
}

const ZERO_USAGE = { input: 0, output: 0, cacheRead: 0, cacheWrite: 0, cacheWrite1h: 0, reasoning: 0 };

/** One way to make the call: a connection, the model asked of it, and the request as it goes there. */
interface Plan {
  connection: OpenConnection;
  model: string;
  url: URL;
  headers: Record<string, string>;
  body: Buffer;
}

function planFor(connection: OpenConnection, model: string, body: Buffer, path: string): Plan {
  const target = upstreamTarget(connection, connection.apiKey, path, model || undefined);
  return { connection, model, url: target.url, headers: target.headers, body };
}

/** `gpt-4.1-mini, claude-haiku-4-5@Backup` (the header split at its commas, or a rule's list): at most three, in order. */
function fallbacksFrom(entries: readonly string[]): { model: string; connection: string }[] {
  return entries
    .map((entry) => entry.trim())
    .filter(Boolean)
    .slice(0, 3)
    .map(parseFallback);
}

function sendUpstream(url: URL, method: string, headers: Record<string, string>, body: Buffer) {
  const transport = url.protocol === "https:" ? https : http;
  const request = transport.request(url, { method, headers, agent: url.protocol === "https:" ? agents.https : agents.http });
  const response = new Promise<IncomingMessage>((resolve, reject) => {
    request.once("response", resolve);
    request.once("error", reject);
  });
  // A connection error after the answer started is the answer's to report; this keeps it from being unhandled.
  request.on("error", () => {});
  request.end(body);
  return { request, response };
}

function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}

/** The project key: Bearer for OpenAI clients; x-api-key (or Bearer) for Anthropic clients. */
function clientSecret(req: IncomingMessage, dialect: Dialect): string | undefined {
  if (dialect === "anthropic") {
    const apiKey = req.headers["x-api-key"];
    if (typeof apiKey === "string" && apiKey.trim()) return apiKey.trim();
  }
  const match = /^Bearer\s+(\S+)\s*$/i.exec(req.headers.authorization ?? "");
  return match?.[1];
}

function header(req: IncomingMessage, name: string): string {
  const value = req.headers[name];
  return typeof value === "string" ? value.slice(0, 1000) : "";
}

class BodyTooLarge extends Error {}

function readBody(req: IncomingMessage, limit: number): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    req.on("data", (chunk: Buffer) => {
      size += chunk.length;
      if (size > limit) {
        req.removeAllListeners("data");
        req.resume();
        reject(new BodyTooLarge());
        return;
      }
      chunks.push(chunk);
    });
    req.on("end", () => resolve(chunks.length === 1 ? chunks[0]! : Buffer.concat(chunks)));
    req.on("error", reject);
  });
}

function parseJson(body: Buffer): Record<string, unknown> | undefined {
  try {
    const value: unknown = JSON.parse(body.toString("utf8"));
    return isObject(value) ? value : undefined;
  } catch {
    return undefined;
  }
}

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}

/** A streamed chat completion reports usage only when asked; the client's explicit `false` is kept. */
function wantsUsage(body: Record<string, unknown>): boolean {
  const options = body["stream_options"];
  return !(isObject(options) && options["include_usage"] === false);
}

/** An error in the dialect's own format, which the official SDKs turn into their typed errors. */
function sendError(res: ServerResponse, dialect: Dialect, status: number, type: string, message: string): void {
  const payload =
    dialect === "anthropic" ? { type: "error", error: { type, message } } : { error: { message, type, param: null, code: type } };
  res.statusCode = status;
  res.setHeader("content-type", "application/json");
  res.end(JSON.stringify(payload));
}

/** The in-band error event each SDK raises as an error when a stream fails after its headers. */
function streamError(dialect: Dialect, message: string): string {
  return dialect === "anthropic"
    ? `event: error\ndata: ${JSON.stringify({ type: "error", error: { type: "api_error", message } })}\n\n`
    : `data: ${JSON.stringify({ error: { message, type: "server_error", param: null, code: "stream_incomplete" } })}\n\n`;
}
