// A load generator that behaves like several OpenTelemetry OTLP/HTTP exporters: each client sends protobuf
// batches of realistic LLM spans (every span id unique) with an ingest key, one batch in flight at a time,
// and retries as the OTel exporters do: 429/503 after their Retry-After, refused/reset connections and
// time-outs with exponential backoff and jitter. It records every span a 200 acknowledged, so a test can
// compare what the server promised with what it stored.
import { randomBytes } from "node:crypto";
import http from "node:http";

export interface LoadOptions {
  /** The OTLP base URL (http://host:port); batches go to <url>/v1/traces. */
  url: string;
  ingestKey: string;
  clients: number;
  spansPerBatch?: number;
  /** Batches each client sends; without it, clients go on until stop(). */
  batchesPerClient?: number;
  /** Start times spread over this many past hours (default 3), so the rollups get several hourly buckets. */
  hoursBack?: number;
  /** Bytes of prompt text per span (default 1,200). */
  textBytes?: number;
  /** Pause between a client's acknowledged batch and its next one (default 0: as fast as answered). */
  pauseMs?: number;
  /** First backoff after a network error (OTel: 1 s); grows ×1.5 per failure up to maxBackoffMs (OTel: 5 s). */
  initialBackoffMs?: number;
  maxBackoffMs?: number;
  /** The longest a Retry-After is honoured for (default 30 s). */
  maxRetryAfterMs?: number;
  /** An attempt with no answer after this is abandoned and retried (OTel: 10 s). */
  requestTimeoutMs?: number;
  /** A batch not acknowledged after this long is given up, as an exporter drops it (default 5 min). */
  giveUpAfterMs?: number;
  /** Called after every attempt, for benchmarks' latency curves. */
  onAttempt?(attempt: { status: number | "network"; latencyMs: number; spans: number }): void;
}

export interface LoadReport {
  /** `<trace id>-<span id>` (hex) of every span a 200 acknowledged. */
  acked: Set<string>;
  batchesAcked: number;
  /** Batches given up after giveUpAfterMs: their spans may or may not be stored. */
  batchesAbandoned: number;
  /** Spans a 200 refused through partial_success (valid spans: expected 0). */
  partiallyRejected: number;
  /** Attempts by answer: "200", "429", "503", "network", ... */
  attempts: Map<string, number>;
  /** 429/503 answers that carried no Retry-After. */
  missingRetryAfter: number;
}

export interface LoadRun {
  /** Acknowledged spans so far. */
  readonly ackedCount: number;
  /** No new batches; batches in flight go on until acknowledged or given up. */
  stop(): void;
  done: Promise<LoadReport>;
}

const MODELS = [
  { provider: "openai", model: "gpt-4o-mini" },
  { provider: "openai", model: "gpt-4o" },
  { provider: "openai", model: "gpt-5-mini" },
  { provider: "anthropic", model: "claude-haiku-4-5" },
  { provider: "anthropic", model: "claude-sonnet-4-5" },
  { provider: "openai", model: "ft:gpt-4o-mini:acme:support:7xq" },
] as const;
const PROMPTS = ["", "checkout-help", "summarise-ticket", "triage"];

export function startOtlpLoad(options: LoadOptions): LoadRun {
  const spansPerBatch = options.spansPerBatch ?? 50;
  const backoff = { initial: options.initialBackoffMs ?? 1000, max: options.maxBackoffMs ?? 5000 };
  const requestTimeoutMs = options.requestTimeoutMs ?? 10_000;
  const giveUpAfterMs = options.giveUpAfterMs ?? 5 * 60_000;
  const maxRetryAfterMs = options.maxRetryAfterMs ?? 30_000;
  const target = new URL("/v1/traces", options.url);
  const agent = new http.Agent({ keepAlive: true, maxSockets: options.clients });
  const encoder = new SpanEncoder(options.hoursBack ?? 3, options.textBytes ?? 1200);
  const report: LoadReport = {
    acked: new Set(),
    batchesAcked: 0,
    batchesAbandoned: 0,
    partiallyRejected: 0,
    attempts: new Map(),
    missingRetryAfter: 0,
  };
  let stopped = false;
  const count = (status: string) => report.attempts.set(status, (report.attempts.get(status) ?? 0) + 1);

  async function sendUntilAcked(batch: { body: Buffer; ids: string[] }): Promise<void> {
    const firstTry = Date.now();
    let failures = 0;
    for (;;) {
      const started = performance.now();
      const answer = await post(target, agent, options.ingestKey, batch.body, requestTimeoutMs).catch(() => undefined);
      const latencyMs = performance.now() - started;
      options.onAttempt?.({ status: answer?.status ?? "network", latencyMs, spans: batch.ids.length });
      count(answer === undefined ? "network" : String(answer.status));
      let waitMs: number;
      if (answer?.status === 200) {
        const rejected = rejectedSpansOf(answer.body);
        report.partiallyRejected += rejected;
        // A partial success does not say which spans it refused: only a full success acknowledges ids.
        if (rejected === 0) for (const id of batch.ids) report.acked.add(id);
        report.batchesAcked++;
        return;
      } else if (answer && (answer.status === 429 || answer.status === 503)) {
        if (answer.retryAfter === undefined) report.missingRetryAfter++;
        waitMs = Math.min(retryAfterMs(answer.retryAfter) ?? backoffMs(failures), maxRetryAfterMs);
      } else if (answer === undefined || answer.status === 502 || answer.status === 504) {
        waitMs = backoffMs(failures);
      } else {
        // Any other answer is final for an exporter (400, 401, 413, ...): the batch is dropped.
        report.batchesAbandoned++;
        return;
      }
      failures++;
      if (Date.now() + waitMs - firstTry > giveUpAfterMs) {
        report.batchesAbandoned++;
        return;
      }
      await delay(waitMs);
    }
  }

  function backoffMs(failures: number): number {
    const ceiling = Math.min(backoff.initial * 1.5 ** failures, backoff.max);
    return ceiling * (0.8 + Math.random() * 0.2);
  }

  async function client(index: number) {
    for (let sent = 0; !stopped && (options.batchesPerClient === undefined || sent < options.batchesPerClient); sent++) {
      await sendUntilAcked(encoder.batch(spansPerBatch, index));
      if (options.pauseMs) await delay(options.pauseMs);
    }
  }

  const done = Promise.all(Array.from({ length: options.clients }, (_, i) => client(i))).then(() => {
    agent.destroy();
    return report;
  });
  return {
    get ackedCount() {
      return report.acked.size;
    },
    stop() {
      stopped = true;
    },
    done,
  };
}

/** Encodes ExportTraceServiceRequest batches of GenAI-semconv LLM spans, every span id distinct. */
class SpanEncoder {
  // 4 random bytes per load run, then counters: ids never repeat within a run, nor (in practice) across runs.
  private readonly runId = randomBytes(4);
  private traces = 0;
  private spans = 0;
  private readonly texts: Buffer[];
  private readonly resource: Buffer;
  private readonly scope: Buffer;
  private readonly hoursBack: number;

  constructor(hoursBack: number, textBytes: number) {
    this.hoursBack = hoursBack;
    this.texts = Array.from({ length: 8 }, (_, i) => {
      const words = `Customer ${i} asks about an order that never arrived; the assistant checks the tracking number and replies. `;
      const text = words.repeat(Math.ceil(textBytes / words.length)).slice(0, textBytes);
      return kvString("gen_ai.input.messages", JSON.stringify([{ role: "user", parts: [{ type: "text", content: text }] }]));
    });
    // ResourceSpans.resource (1) → Resource.attributes (1), each a KeyValue.
    this.resource = field(1, field(1, kvString("service.name", "load-test")), field(1, kvString("deployment.environment", "test")));
    this.scope = field(1, string(1, "load-client"), string(2, "1.0.0"));
  }

  batch(size: number, client: number): { body: Buffer; ids: string[] } {
    const ids: string[] = [];
    const spans: Buffer[] = [];
    const nowMs = Date.now();
    let traceId = this.nextTraceId(client);
    for (let i = 0; i < size; i++) {
      if (i % 5 === 0 && i > 0) traceId = this.nextTraceId(client);
      const spanId = Buffer.alloc(8);
      this.runId.copy(spanId, 0);
      spanId.writeUInt32BE(++this.spans >>> 0, 4);
      ids.push(`${traceId.toString("hex")}-${spanId.toString("hex")}`);
      const n = this.spans;
      const { provider, model } = MODELS[n % MODELS.length]!;
      const prompt = PROMPTS[n % PROMPTS.length]!;
      const failed = n % 37 === 0;
      const startMs = nowMs - 60_000 - Math.floor(Math.random() * this.hoursBack * 3_600_000);
      const durationMs = 200 + (n % 4000);
      const attributes = [
        kvString("gen_ai.operation.name", "chat"),
        kvString("gen_ai.provider.name", provider),
        kvString("gen_ai.request.model", model),
        kvString("gen_ai.response.model", model),
        kvInt("gen_ai.usage.input_tokens", 200 + (n % 1800)),
        kvInt("gen_ai.usage.output_tokens", 20 + (n % 400)),
        kvString("user.id", `user-${n % 53}`),
        this.texts[n % this.texts.length]!,
      ];
      if (prompt) attributes.push(kvString("promptmetrics.prompt.name", prompt), kvString("promptmetrics.prompt.version", `v${n % 3}`));
      if (failed) attributes.push(kvString("error.type", "429"));
      spans.push(
        field(
          2,
          bytesField(1, traceId),
          bytesField(2, spanId),
          string(5, `chat ${model}`),
          varintField(6, 3),
          fixed64(7, BigInt(startMs) * 1_000_000n),
          fixed64(8, BigInt(startMs + durationMs) * 1_000_000n),
          ...attributes.map((kv) => field(9, kv)),
          ...(failed ? [field(15, string(2, "429 Rate limit reached for requests"), varintField(3, 2))] : []),
        ),
      );
    }
    const body = field(1, this.resource, field(2, this.scope, ...spans));
    return { body, ids };
  }

  private nextTraceId(client: number): Buffer {
    const id = Buffer.alloc(16);
    this.runId.copy(id, 0);
    id.writeUInt32BE(client, 4);
    id.writeUInt32BE(++this.traces >>> 0, 12);
    return id;
  }
}

// ---- protobuf writing, Buffer-based (the batches are large and many) ------------------------------------

function varint(value: number): Buffer {
  const out: number[] = [];
  let v = value;
  while (v > 0x7f) {
    out.push((v % 128) | 0x80);
    v = Math.floor(v / 128);
  }
  out.push(v);
  return Buffer.from(out);
}

/** A length-delimited field around already-encoded parts. */
function field(fieldNumber: number, ...parts: Buffer[]): Buffer {
  const payload = parts.length === 1 ? parts[0]! : Buffer.concat(parts);
  return Buffer.concat([varint((fieldNumber << 3) | 2), varint(payload.length), payload]);
}

function string(fieldNumber: number, text: string): Buffer {
  return field(fieldNumber, Buffer.from(text, "utf8"));
}

function bytesField(fieldNumber: number, bytes: Buffer): Buffer {
  return field(fieldNumber, bytes);
}

function varintField(fieldNumber: number, value: number): Buffer {
  return Buffer.concat([varint(fieldNumber << 3), varint(value)]);
}

function fixed64(fieldNumber: number, value: bigint): Buffer {
  const b = Buffer.alloc(9);
  b[0] = (fieldNumber << 3) | 1;
  b.writeBigUInt64LE(value, 1);
  return b;
}

function kvString(key: string, value: string): Buffer {
  return Buffer.concat([string(1, key), field(2, string(1, value))]);
}

function kvInt(key: string, value: number): Buffer {
  return Buffer.concat([string(1, key), field(2, varintField(3, value))]);
}

/** ExportTraceServiceResponse.partial_success (1) .rejected_spans (1): 0 when absent. */
function rejectedSpansOf(body: Buffer): number {
  // An empty body is a full success; otherwise read the two nested fields (small, well-formed answers).
  if (body.length === 0) return 0;
  if (body[0] !== 0x0a) return 0;
  let offset = 1;
  const readVarint = () => {
    let result = 0;
    let shift = 1;
    for (;;) {
      const byte = body[offset++]!;
      result += (byte & 0x7f) * shift;
      if (byte < 0x80) return result;
      shift *= 128;
    }
  };
  const end = readVarint() + offset;
  while (offset < end) {
    const tag = readVarint();
    if (tag === 0x08) return readVarint();
    if ((tag & 7) === 2) offset += readVarint();
    else if ((tag & 7) === 0) readVarint();
    else return 0;
  }
  return 0;
}

interface Answer {
  status: number;
  retryAfter: string | undefined;
  body: Buffer;
}

function post(target: URL, agent: http.Agent, ingestKey: string, body: Buffer, timeoutMs: number): Promise<Answer> {
  return new Promise((resolve, reject) => {
    const request = http.request(
      target,
      {
        method: "POST",
        agent,
        headers: { "Content-Type": "application/x-protobuf", "Content-Length": body.length, Authorization: `Bearer ${ingestKey}` },
      },
      (response) => {
        const chunks: Buffer[] = [];
        response.on("data", (chunk: Buffer) => chunks.push(chunk));
        response.on("error", reject);
        response.on("end", () => {
          clearTimeout(timer);
          const retryAfter = response.headers["retry-after"];
          resolve({ status: response.statusCode ?? 0, retryAfter, body: Buffer.concat(chunks) });
        });
      },
    );
    const timer = setTimeout(() => request.destroy(new Error(`No answer within ${timeoutMs} ms`)), timeoutMs);
    request.on("error", (error) => {
      clearTimeout(timer);
      reject(error);
    });
    request.end(body);
  });
}

/** Retry-After in seconds or as an HTTP date; undefined when absent or unreadable. */
function retryAfterMs(header: string | undefined): number | undefined {
  if (header === undefined) return undefined;
  const seconds = Number(header);
  if (header.trim() !== "" && Number.isFinite(seconds) && seconds >= 0) return seconds * 1000;
  const date = Date.parse(header);
  return Number.isNaN(date) ? undefined : Math.max(0, date - Date.now());
}

function delay(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}
