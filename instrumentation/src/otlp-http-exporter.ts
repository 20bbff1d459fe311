// The register hook's span exporter: OTLP/HTTP protobuf, built so that it can never hold the app
// up. Its sockets and retry timers are unref'd, so a slow or dead endpoint cannot keep a finished
// process alive; during the run a refused batch is retried twice in the background; at exit one
// attempt, waited for at most `exitBudgetMs`.
import http from "node:http";
import https from "node:https";
import { gzipSync } from "node:zlib";
import { diag } from "@opentelemetry/api";
import { ExportResultCode, type ExportResult } from "@opentelemetry/core";
import { ProtobufTraceSerializer } from "@opentelemetry/otlp-transformer";
import type { ReadableSpan, SpanExporter } from "@opentelemetry/sdk-trace-base";

export interface OtlpHttpExporterOptions {
  url: string;
  headers: Readonly<Record<string, string>>;
  timeoutMs: number;
  gzip: boolean;
}

const RETRYABLE_STATUS = new Set([429, 502, 503, 504]);
const RETRY_DELAYS_MS = [1_000, 3_000];
const MAX_RETRY_AFTER_MS = 30_000;

interface Attempt {
  ok: boolean;
  retryable: boolean;
  retryAfterMs?: number;
  detail: string;
}

export class OtlpHttpExporter implements SpanExporter {
  private readonly options: OtlpHttpExporterOptions;
  private readonly pending = new Set<Promise<void>>();
  private readonly inFlight = new Set<http.ClientRequest>();
  private exiting = false;
  private exitBudgetMs = Number.POSITIVE_INFINITY;
  private stopped = false;

  constructor(options: OtlpHttpExporterOptions) {
    this.options = options;
  }

  /**
   * The process is finishing: no more retries, and no request (in flight or new) may take longer
   * than `budgetMs` — the batch processor holds the process open until the exporter answers.
   */
  markExiting(budgetMs: number): void {
    this.exiting = true;
    this.exitBudgetMs = budgetMs;
    for (const request of this.inFlight) {
      setTimeout(() => request.destroy(new Error(`no answer before exit (${budgetMs} ms)`)), budgetMs).unref();
    }
  }

  export(spans: ReadableSpan[], resultCallback: (result: ExportResult) => void): void {
    if (this.stopped) {
      resultCallback({ code: ExportResultCode.FAILED, error: new Error("exporter is shut down") });
      return;
    }
    let body: Uint8Array;
    try {
      body = ProtobufTraceSerializer.serializeRequest(spans) ?? new Uint8Array();
      if (this.options.gzip) body = gzipSync(body);
    } catch (error) {
      resultCallback({ code: ExportResultCode.FAILED, error: error as Error });
      return;
    }
    const done = this.deliver(body, 0).then((delivered) => {
      resultCallback(delivered ? { code: ExportResultCode.SUCCESS } : { code: ExportResultCode.FAILED });
    });
    this.pending.add(done);
    void done.finally(() => this.pending.delete(done));
  }

  /** Resolves when every export in flight has finished (delivered, refused or timed out). */
  async forceFlush(): Promise<void> {
    await Promise.all([...this.pending]);
  }

  async shutdown(): Promise<void> {
    this.stopped = true;
    await this.forceFlush();
  }

  private async deliver(body: Uint8Array, retry: number): Promise<boolean> {
    const attempt = await this.post(body);
    if (attempt.ok) return true;
    const delay = RETRY_DELAYS_MS[retry];
    if (!attempt.retryable || this.exiting || delay === undefined) {
      diag.warn(`promptmetrics: spans not exported to ${this.options.url}: ${attempt.detail}`);
      return false;
    }
    await unrefSleep(Math.min(attempt.retryAfterMs ?? delay, MAX_RETRY_AFTER_MS));
    return this.deliver(body, retry + 1);
  }

  private post(body: Uint8Array): Promise<Attempt> {
    return new Promise((resolve) => {
      let url: URL;
      try {
        url = new URL(this.options.url);
      } catch {
        resolve({ ok: false, retryable: false, detail: "invalid URL" });
        return;
      }
      const transport = url.protocol === "https:" ? https : http;
      const timeoutMs = Math.min(this.options.timeoutMs, this.exitBudgetMs);
      const request = transport.request(
        url,
        {
          method: "POST",
          timeout: timeoutMs,
          headers: {
            ...this.options.headers,
            "Content-Type": "application/x-protobuf",
            "Content-Length": String(body.byteLength),
            ...(this.options.gzip ? { "Content-Encoding": "gzip" } : {}),
          },
        },
        (response) => {
          response.resume();
          response.on("end", () => {
            const status = response.statusCode ?? 0;
            const retryAfter = Number(response.headers["retry-after"]);
            resolve({
              ok: status >= 200 && status < 300,
              retryable: RETRYABLE_STATUS.has(status),
              ...(Number.isFinite(retryAfter) && retryAfter >= 0 ? { retryAfterMs: retryAfter * 1000 } : {}),
              detail: `HTTP ${status}`,
            });
          });
          response.on("error", (error) => resolve({ ok: false, retryable: true, detail: error.message }));
        },
      );
      this.inFlight.add(request);
      request.on("close", () => this.inFlight.delete(request));
      request.on("socket", (socket) => socket.unref());
      request.on("timeout", () => request.destroy(new Error(`no answer within ${timeoutMs} ms`)));
      request.on("error", (error) => resolve({ ok: false, retryable: true, detail: error.message }));
      request.end(body);
    });
  }
}

function unrefSleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms).unref());
}
