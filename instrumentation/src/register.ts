// Zero-code start: `node --import @promptmetrics/instrumentation/register app.js` (ESM or CommonJS
// apps) or `node --require @promptmetrics/instrumentation/register app.js` (CommonJS). Sets up an
// OTel tracer provider exporting OTLP to PromptMetrics and instruments openai and @anthropic-ai/sdk.
import { register as registerLoaderHook } from "node:module";
import { pathToFileURL } from "node:url";
import { diag, DiagConsoleLogger, DiagLogLevel } from "@opentelemetry/api";
import { registerInstrumentations } from "@opentelemetry/instrumentation";
import { defaultResource, detectResources, envDetector, resourceFromAttributes } from "@opentelemetry/resources";
import { BatchSpanProcessor, NodeTracerProvider, type SpanProcessor } from "@opentelemetry/sdk-trace-node";
import { AnthropicInstrumentation } from "./anthropic/instrumentation.ts";
import { OpenAIInstrumentation } from "./openai/instrumentation.ts";
import { OtlpHttpExporter } from "./otlp-http-exporter.ts";
import { readRegisterSettings } from "./register-settings.ts";

const STARTED = Symbol.for("promptmetrics.register.started");
/**
 * Set only while we call module.register(). Node runs --require/--import preloads in the loader
 * hooks thread that call starts, too; that thread copies the environment when it starts, so the
 * mark tells it apart from the app's own worker threads (which get instrumented like the main one).
 */
const LOADER_THREAD_MARK = "PROMPTMETRICS_LOADER_THREAD";
/** The longest a finished process waits at exit for its last spans to be accepted. */
const EXIT_BUDGET_MS = 3_000;

function parentUrl(): string {
  // The CommonJS build has no import.meta; the ESM build has no __filename.
  return typeof __filename === "string" ? pathToFileURL(__filename).href : import.meta.url;
}

function setDiagLogger(): void {
  const level = process.env["OTEL_LOG_LEVEL"]?.trim().toUpperCase();
  if (level === undefined || level === "") return;
  const value = (DiagLogLevel as unknown as Record<string, number>)[level];
  if (value !== undefined) diag.setLogger(new DiagConsoleLogger(), value);
}

function start(): void {
  const settings = readRegisterSettings(process.env);
  if (settings.disabled) return;
  setDiagLogger();
  for (const warning of settings.warnings) process.stderr.write(`[promptmetrics] ${warning}\n`);

  // ESM apps: hook the two SDKs' modules before the app's imports load them.
  process.env[LOADER_THREAD_MARK] = "1";
  try {
    registerLoaderHook("@opentelemetry/instrumentation/hook.mjs", parentUrl(), {
      data: { include: ["openai", "@anthropic-ai/sdk"] },
    });
  } catch (problem) {
    diag.error("promptmetrics: could not register the ESM loader hook; ESM imports of the SDKs stay uninstrumented", problem);
  } finally {
    delete process.env[LOADER_THREAD_MARK];
  }

  const exporter = new OtlpHttpExporter({
    url: settings.tracesUrl,
    headers: settings.headers,
    timeoutMs: settings.timeoutMs,
    gzip: settings.gzip,
  });
  let endedSinceFlush = 0;
  const endedCounter: SpanProcessor = {
    onStart: () => undefined,
    onEnd: () => {
      endedSinceFlush++;
    },
    forceFlush: () => Promise.resolve(),
    shutdown: () => Promise.resolve(),
  };
  const resource = defaultResource()
    .merge(settings.defaultServiceName === undefined ? null : resourceFromAttributes({ "service.name": settings.defaultServiceName }))
    .merge(detectResources({ detectors: [envDetector] }));
  const provider = new NodeTracerProvider({ resource, spanProcessors: [endedCounter, new BatchSpanProcessor(exporter)] });
  provider.register();
  registerInstrumentations({ tracerProvider: provider, instrumentations: [new OpenAIInstrumentation(), new AnthropicInstrumentation()] });

  // A short script ends before the batch timer fires: flush when the event loop drains. The
  // exporter's sockets do not keep the process alive, so a timer does, until the flush is answered
  // or the exit budget is spent; then the loop drains again and, with nothing new, the process exits.
  const exitBudgetMs = Math.min(settings.timeoutMs, EXIT_BUDGET_MS);
  process.on("beforeExit", () => {
    if (endedSinceFlush === 0) return;
    endedSinceFlush = 0;
    exporter.markExiting(exitBudgetMs);
    const keepAlive = setTimeout(() => undefined, exitBudgetMs);
    provider
      .forceFlush()
      .catch((problem: unknown) => diag.warn("promptmetrics: flushing spans at exit failed", problem))
      .finally(() => clearTimeout(keepAlive));
  });
}

const flags = globalThis as unknown as Record<symbol, boolean>;
if (flags[STARTED] !== true && process.env[LOADER_THREAD_MARK] !== "1") {
  flags[STARTED] = true;
  try {
    start();
  } catch (problem) {
    process.stderr.write(
      `[promptmetrics] instrumentation did not start: ${problem instanceof Error ? problem.message : String(problem)}\n`,
    );
  }
}
