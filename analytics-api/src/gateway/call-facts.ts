// What a provider's answer says about the call, read while it passes through the gateway: the model that
// answered, token usage (normalised to the GenAI conventions: input includes cache reads and writes),
// finish reasons, and whether a stream reached its terminal event. Streams are read event by event
// without holding them; a JSON answer is held up to MAX_HELD_BYTES to read its usage at the end.
import { SseReader, type SseEvent } from "./sse-lines.ts";

export type Operation = "chat" | "responses" | "embeddings" | "messages";

export interface Usage {
  input: number;
  output: number;
  cacheRead: number;
  cacheWrite: number;
  cacheWrite1h: number;
  reasoning: number;
}

export interface CallFacts {
  responseModel: string;
  responseId: string;
  usage: Usage | null;
  finishReasons: string[];
  /** A stream ended with its terminal event (always true for a JSON answer that parsed). */
  complete: boolean;
  /** An error the provider reported in the body (an in-band stream error, an error object). */
  error: string;
}

const MAX_HELD_BYTES = 16 * 1024 * 1024;

/** Which recorded operation a client path is; undefined for paths passed through unrecorded (models, count_tokens). */
export function operationOf(dialect: "openai" | "anthropic", pathname: string): Operation | undefined {
  if (dialect === "anthropic") return pathname === "/messages" ? "messages" : undefined;
  if (pathname === "/chat/completions") return "chat";
  if (pathname === "/responses") return "responses";
  if (pathname === "/embeddings") return "embeddings";
  return undefined;
}

export class CallReader {
  private readonly sse: SseReader | undefined;
  private held: Buffer[] = [];
  private heldBytes = 0;
  private readonly facts: CallFacts = { responseModel: "", responseId: "", usage: null, finishReasons: [], complete: false, error: "" };

  private readonly operation: Operation;

  constructor(operation: Operation, streamed: boolean) {
    this.operation = operation;
    this.sse = streamed ? new SseReader() : undefined;
  }

  push(chunk: Buffer): void {
    if (this.sse) {
      this.sse.push(chunk, (event) => this.onEvent(event));
      return;
    }
    if (this.heldBytes + chunk.length > MAX_HELD_BYTES) {
      this.held = [];
      this.heldBytes = Infinity;
      return;
    }
    this.held.push(chunk);
    this.heldBytes += chunk.length;
  }

  finish(): CallFacts {
    if (this.sse) this.sse.end((event) => this.onEvent(event));
    else if (Number.isFinite(this.heldBytes)) this.readJson(Buffer.concat(this.held).toString("utf8"));
    this.held = [];
    return this.facts;
  }

  private readJson(text: string): void {
    const body = parseObject(text);
    if (!body) return;
    if (isObject(body["error"])) {
      this.facts.error = errorMessage(body["error"]);
      return;
    }
    if (this.operation === "messages") this.readAnthropicMessage(body);
    else if (this.operation === "responses") this.readResponse(body);
    else this.readChatOrEmbedding(body);
    this.facts.complete = true;
  }

  private onEvent({ event, data }: SseEvent): void {
    if (this.operation === "messages") return this.onAnthropicEvent(event, data);
    if (this.operation === "responses") return this.onResponsesEvent(event, data);
    if (data === "[DONE]") {
      this.facts.complete = true;
      return;
    }
    // Chat chunks: only those that can carry usage, a finish reason or an error are parsed.
    if (!data.includes('"usage"') && !data.includes('"finish_reason":"') && !data.includes('"error"')) {
      if (!this.facts.responseModel) this.readModelOf(data);
      return;
    }
    const chunk = parseObject(data);
    if (!chunk) return;
    if (isObject(chunk["error"])) {
      this.facts.error = errorMessage(chunk["error"]);
      return;
    }
    this.readChatOrEmbedding(chunk);
  }

  private readModelOf(data: string): void {
    const chunk = parseObject(data);
    if (chunk) {
      this.facts.responseModel = str(chunk["model"]);
      this.facts.responseId = str(chunk["id"]);
    }
  }

  private readChatOrEmbedding(body: Record<string, unknown>): void {
    if (body["model"] !== undefined) this.facts.responseModel = str(body["model"]);
    if (body["id"] !== undefined) this.facts.responseId = str(body["id"]);
    if (Array.isArray(body["choices"])) {
      for (const choice of body["choices"]) {
        const reason = isObject(choice) ? choice["finish_reason"] : undefined;
        if (typeof reason === "string" && reason) this.facts.finishReasons.push(reason);
      }
    }
    const usage = body["usage"];
    if (!isObject(usage)) return;
    const promptDetails = isObject(usage["prompt_tokens_details"]) ? usage["prompt_tokens_details"] : {};
    const completionDetails = isObject(usage["completion_tokens_details"]) ? usage["completion_tokens_details"] : {};
    this.facts.usage = {
      input: num(usage["prompt_tokens"]),
      output: num(usage["completion_tokens"]),
      cacheRead: num(promptDetails["cached_tokens"]),
      cacheWrite: num(promptDetails["cache_write_tokens"]),
      cacheWrite1h: 0,
      reasoning: num(completionDetails["reasoning_tokens"]),
    };
  }

  private onResponsesEvent(event: string, data: string): void {
    const type = event || "";
    if (type && !type.startsWith("response.") && type !== "error") return;
    if (type.startsWith("response.") && !TERMINAL_RESPONSE_EVENTS.has(type) && type !== "response.created") return;
    const body = parseObject(data);
    if (!body) return;
    const kind = type || str(body["type"]);
    if (kind === "error") {
      this.facts.error = errorMessage(body["error"] ?? body);
      return;
    }
    if (isObject(body["response"])) this.readResponse(body["response"]);
    if (TERMINAL_RESPONSE_EVENTS.has(kind)) {
      this.facts.complete = true;
      if (kind !== "response.completed" && isObject(body["response"])) {
        const response = body["response"];
        this.facts.error ||= isObject(response["error"])
          ? errorMessage(response["error"])
          : kind === "response.failed"
            ? "The response failed"
            : "";
      }
    }
  }

  private readResponse(body: Record<string, unknown>): void {
    this.facts.responseModel = str(body["model"]) || this.facts.responseModel;
    this.facts.responseId = str(body["id"]) || this.facts.responseId;
    const status = str(body["status"]);
    if (status && status !== "in_progress" && status !== "queued") this.facts.finishReasons = [status];
    const usage = body["usage"];
    if (!isObject(usage)) return;
    const inputDetails = isObject(usage["input_tokens_details"]) ? usage["input_tokens_details"] : {};
    const outputDetails = isObject(usage["output_tokens_details"]) ? usage["output_tokens_details"] : {};
    this.facts.usage = {
      input: num(usage["input_tokens"]),
      output: num(usage["output_tokens"]),
      cacheRead: num(inputDetails["cached_tokens"]),
      cacheWrite: num(inputDetails["cache_write_tokens"]),
      cacheWrite1h: 0,
      reasoning: num(outputDetails["reasoning_tokens"]),
    };
  }

  private onAnthropicEvent(event: string, data: string): void {
    if (event === "message_stop") {
      this.facts.complete = true;
      return;
    }
    if (event !== "message_start" && event !== "message_delta" && event !== "error") return;
    const body = parseObject(data);
    if (!body) return;
    if (event === "error") {
      this.facts.error = errorMessage(body["error"] ?? body);
      return;
    }
    if (event === "message_start" && isObject(body["message"])) {
      this.readAnthropicMessage(body["message"]);
      return;
    }
    const delta = isObject(body["delta"]) ? body["delta"] : {};
    if (typeof delta["stop_reason"] === "string") this.facts.finishReasons = [delta["stop_reason"]];
    // message_delta's usage is cumulative; older API versions sent output_tokens alone.
    if (isObject(body["usage"])) this.mergeAnthropicUsage(body["usage"]);
  }

  private readAnthropicMessage(message: Record<string, unknown>): void {
    this.facts.responseModel = str(message["model"]) || this.facts.responseModel;
    this.facts.responseId = str(message["id"]) || this.facts.responseId;
    if (typeof message["stop_reason"] === "string") this.facts.finishReasons = [message["stop_reason"]];
    if (isObject(message["usage"])) this.mergeAnthropicUsage(message["usage"]);
  }

  /** Anthropic's input_tokens excludes cache reads and writes; the conventions' input includes them. */
  private mergeAnthropicUsage(usage: Record<string, unknown>): void {
    const before = this.facts.usage;
    const has = (key: string) => typeof usage[key] === "number";
    const cacheRead = has("cache_read_input_tokens") ? num(usage["cache_read_input_tokens"]) : (before?.cacheRead ?? 0);
    const cacheWrite = has("cache_creation_input_tokens") ? num(usage["cache_creation_input_tokens"]) : (before?.cacheWrite ?? 0);
    const split = isObject(usage["cache_creation"])
      ? num(usage["cache_creation"]["ephemeral_1h_input_tokens"])
      : (before?.cacheWrite1h ?? 0);
    const uncached = has("input_tokens") ? num(usage["input_tokens"]) : before ? before.input - before.cacheRead - before.cacheWrite : 0;
    const details = isObject(usage["output_tokens_details"]) ? usage["output_tokens_details"] : undefined;
    this.facts.usage = {
      input: uncached + cacheRead + cacheWrite,
      output: has("output_tokens") ? num(usage["output_tokens"]) : (before?.output ?? 0),
      cacheRead,
      cacheWrite,
      cacheWrite1h: Math.min(cacheWrite, split),
      reasoning: details ? num(details["thinking_tokens"]) : (before?.reasoning ?? 0),
    };
  }
}

const TERMINAL_RESPONSE_EVENTS = new Set(["response.completed", "response.incomplete", "response.failed"]);

function parseObject(text: string): Record<string, unknown> | undefined {
  try {
    const value: unknown = JSON.parse(text);
    return isObject(value) ? value : undefined;
  } catch {
    return undefined;
  }
}

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}

function str(value: unknown): string {
  return typeof value === "string" ? value : "";
}

function num(value: unknown): number {
  return typeof value === "number" && Number.isFinite(value) && value >= 0 ? Math.floor(value) : 0;
}

function errorMessage(error: unknown): string {
  if (isObject(error)) return str(error["message"]) || str(error["type"]) || "error";
  return typeof error === "string" ? error : "error";
}
