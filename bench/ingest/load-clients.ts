// The load generator: a few concurrent OTLP/HTTP clients over keep-alive connections, each sending one
// pre-encoded export at a time and, like an OTLP exporter, retrying 429/503 after Retry-After.
import http from "node:http";
import { rejectedSpansOf } from "./partial-success.ts";

export interface Export {
  body: Buffer;
  spans: number;
}

export interface LoadOptions {
  url: string;
  ingestKey: string;
  exports: readonly Export[];
  clients: number;
  agent: http.Agent;
}

export interface LoadResult {
  /** Spans of 200 answers, less those the answer's partial_success refused. */
  acknowledgedSpans: number;
  acknowledgedRequests: number;
  refusedSpans: number;
  retries: { overloaded: number; unavailable: number; network: number };
  /** Requests given up on, by final status ("network" for connection errors). */
  failed: Map<string, number>;
  /** Milliseconds from sending to the end of the answer, per attempt that got a 200. */
  latenciesMs: number[];
  seconds: number;
}

const MAX_ATTEMPTS = 30;
const REQUEST_TIMEOUT_MS = 120_000;

export async function runLoad({ url, ingestKey, exports, clients, agent }: LoadOptions): Promise<LoadResult> {
  const target = new URL("/v1/traces", url);
  const result: LoadResult = {
    acknowledgedSpans: 0,
    acknowledgedRequests: 0,
    refusedSpans: 0,
    retries: { overloaded: 0, unavailable: 0, network: 0 },
    failed: new Map(),
    latenciesMs: [],
    seconds: 0,
  };
  const fail = (reason: string) => result.failed.set(reason, (result.failed.get(reason) ?? 0) + 1);
  let next = 0;

  async function client() {
    while (next < exports.length) {
      const item = exports[next++]!;
      for (let attempt = 1; ; attempt++) {
        const started = performance.now();
        const answer = await post(target, agent, ingestKey, item.body).catch((error: unknown) => error as Error);
        const elapsed = performance.now() - started;
        if (answer instanceof Error) {
          if (attempt >= MAX_ATTEMPTS) {
            fail("network");
            break;
          }
          result.retries.network++;
          await delay(1000);
          continue;
        }
        if (answer.status === 200) {
          const refused = rejectedSpansOf(answer.body);
          result.acknowledgedRequests++;
          result.acknowledgedSpans += item.spans - refused;
          result.refusedSpans += refused;
          result.latenciesMs.push(elapsed);
          break;
        }
        if ((answer.status === 429 || answer.status === 503) && attempt < MAX_ATTEMPTS) {
          if (answer.status === 429) result.retries.overloaded++;
          else result.retries.unavailable++;
          await delay(retryAfterMs(answer.retryAfter));
          continue;
        }
        fail(String(answer.status));
        break;
      }
    }
  }

  const started = performance.now();
  await Promise.all(Array.from({ length: clients }, client));
  result.seconds = (performance.now() - started) / 1000;
  return result;
}

interface Answer {
  status: number;
  retryAfter: string | undefined;
  body: Buffer;
}

export function post(target: URL, agent: http.Agent, ingestKey: string, body: Buffer): Promise<Answer> {
  return new Promise((resolve, reject) => {
    const request = http.request(
      target,
      {
        method: "POST",
        agent,
        timeout: REQUEST_TIMEOUT_MS,
        headers: { "Content-Type": "application/x-protobuf", "Content-Length": body.length, Authorization: `Bearer ${ingestKey}` },
      },
      (response) => {
        const chunks: Buffer[] = [];
        response.on("data", (chunk: Buffer) => chunks.push(chunk));
        response.on("error", reject);
        response.on("end", () => {
          const retryAfter = response.headers["retry-after"];
          resolve({ status: response.statusCode ?? 0, retryAfter, body: Buffer.concat(chunks) });
        });
      },
    );
    request.on("timeout", () => request.destroy(new Error(`No answer within ${REQUEST_TIMEOUT_MS / 1000} s`)));
    request.on("error", reject);
    request.end(body);
  });
}

/** Retry-After in seconds or as an HTTP date; one second when absent or unreadable. */
export function retryAfterMs(header: string | undefined): number {
  if (header === undefined) return 1000;
  const seconds = Number(header);
  if (Number.isFinite(seconds) && seconds >= 0) return seconds * 1000;
  const date = Date.parse(header);
  return Number.isNaN(date) ? 1000 : Math.max(0, date - Date.now());
}

function delay(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}
