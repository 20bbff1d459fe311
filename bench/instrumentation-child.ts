// One variant of the instrumentation benchmark in a process of its own (patching is global): enables it, loads
// `openai` with require as a CommonJS app does, times chat.completions.create calls and prints the figures as JSON.
// Run by bench/instrumentation.ts as `node --expose-gc bench/instrumentation-child.ts <variant> <scale> <blocks>`.
import { createRequire } from "node:module";
import { startMockProvider } from "@promptmetrics/testing/mock-provider";
import type OpenAIClient from "openai";
import { countAllocations } from "./instrumentation-allocations.ts";
import { recordAnswer, replayFetch } from "./instrumentation-replay-fetch.ts";
import type { ChildResult, Mode, PhaseResult, Transport } from "./instrumentation-results.ts";
import { startBenchTracing } from "./instrumentation-tracing.ts";
import { BASELINE, findVariant, installedVersion } from "./instrumentation-variants.ts";

// A typical support-bot call: a system prompt, a user question, a ~100-token answer streamed word by word.
const REQUEST = {
  model: "gpt-4o-mini",
  temperature: 0.2,
  max_tokens: 400,
  user: "user-1842",
  messages: [
    {
      role: "system" as const,
      content:
        "You are the support assistant of Acme Analytics. Answer in plain English, in at most three short paragraphs. " +
        "Cite the help-centre article you used by its title. If the question is about billing, say that an agent will follow up. " +
        "Never invent features; when unsure, say so and suggest contacting support.",
    },
    {
      role: "user" as const,
      content:
        "Our dashboards stopped showing cost per model since yesterday's deploy. We export traces with the OpenTelemetry " +
        "SDK through a collector, and the collector logs show the spans arriving. The models are gpt-4o-mini and " +
        "claude-sonnet-4-5, both through our own proxy. What should we check first, and is this a known issue?",
    },
  ],
};
const REPLY_TEXT =
  "Cost per model needs two things on each span: the model the provider reported and the token counts. " +
  "When calls go through your own proxy, the base URL no longer points at the provider, so some SDK " +
  "instrumentations record the proxy as the system and the model name as the proxy returns it. First check " +
  "that gen_ai.response.model still holds a dated model name such as gpt-4o-mini-2024-07-18, then that the " +
  "usage attributes are present on streamed calls: a stream without include_usage carries no token counts. " +
  "See the help-centre article Tracing calls through a proxy. This is not a known issue with the deploy.";
const REPLY = { kind: "reply" as const, text: REPLY_TEXT, usage: { inputTokens: 182, outputTokens: 117, cachedTokens: 64 } };
// Every streamed request asks for usage, so each library can record tokens from the final chunk (none needs tiktoken).
const STREAMED_REQUEST = { ...REQUEST, stream: true as const, stream_options: { include_usage: true } };

const [variantName = BASELINE, scaleArg = "1", blocksArg = "5"] = process.argv.slice(2);
const variant = findVariant(variantName);
const BLOCKS = Number(blocksArg);
// Timed calls per kind at scale 1. In memory a plain call takes ~50 µs, so it gets more calls for the same
// steadiness; over HTTP the mock's own work dominates and fewer calls cost more time.
const CALLS: Record<Transport, Record<Mode, number>> = {
  memory: { plain: 10_000, streamed: 2_000 },
  http: { plain: 2_000, streamed: 1_000 },
};
const blockCalls = (transport: Transport, mode: Mode) => Math.max(10, Math.round((CALLS[transport][mode] * Number(scaleArg)) / BLOCKS));
const gc = (globalThis as { gc?: () => void }).gc ?? (() => {});

const tracing = startBenchTracing();
await variant.enable(tracing.provider);
// Traceloop and OpenInference patch `require("openai")` only; every variant loads it the same way.
const { OpenAI } = createRequire(import.meta.url)("openai") as { OpenAI: typeof OpenAIClient };

const mock = await startMockProvider({ defaultScenario: REPLY });
const baseURL = `${mock.url}/v1`;
const answers = {
  plain: await recordAnswer(`${baseURL}/chat/completions`, REQUEST),
  streamed: await recordAnswer(`${baseURL}/chat/completions`, STREAMED_REQUEST),
};
// The SSE events a reader sees: every recorded event but the final [DONE].
const expectedChunks = answers.streamed.chunks.length - 1;
const clients: Record<Transport, OpenAIClient> = {
  memory: new OpenAI({ apiKey: "x", baseURL, maxRetries: 0, fetch: replayFetch(answers) }),
  http: new OpenAI({ apiKey: "x", baseURL, maxRetries: 0 }),
};

async function plainCall(client: OpenAIClient): Promise<void> {
  const completion = await client.chat.completions.create(REQUEST);
  if (completion.choices[0]?.message.content !== REPLY_TEXT) throw new Error(`${variant.name}: a plain call returned a different answer`);
}

async function streamedCall(client: OpenAIClient): Promise<void> {
  const stream = await client.chat.completions.create(STREAMED_REQUEST);
  let chunks = 0;
  for await (const _chunk of stream) chunks++;
  if (chunks !== expectedChunks) throw new Error(`${variant.name}: a stream delivered ${chunks} chunks, expected ${expectedChunks}`);
}

const call = (transport: Transport, mode: Mode) => (mode === "plain" ? plainCall(clients[transport]) : streamedCall(clients[transport]));

/** Waits (untimed) until a block's spans have ended: some libraries end a stream's span after the caller's loop. */
async function settleSpans(expected: number, endedBefore: number): Promise<void> {
  const deadline = performance.now() + 2_000;
  while (tracing.tally.ended - endedBefore < expected && performance.now() < deadline)
    await new Promise((resolve) => setTimeout(resolve, 5));
}

/** Times `calls` calls of one kind, then adds them to that kind's phase as one block. */
async function measureBlock(phase: PhaseResult, calls: number): Promise<void> {
  const latenciesUs = new Array<number>(calls);
  const endedBefore = tracing.tally.ended;
  const usageBefore = tracing.tally.withUsage;
  const stopCounting = countAllocations();
  const cpuBefore = process.cpuUsage();
  const started = performance.now();
  for (let i = 0; i < calls; i++) {
    const callStarted = performance.now();
    await call(phase.transport, phase.mode);
    latenciesUs[i] = (performance.now() - callStarted) * 1000;
  }
  // The block pays for exporting its own spans: batch by batch as they fill, and the rest here.
  await tracing.flush();
  const wallMs = performance.now() - started;
  const cpu = process.cpuUsage(cpuBefore);
  const allocation = stopCounting();
  if (variant.name !== BASELINE) await settleSpans(calls, endedBefore);
  phase.calls += calls;
  phase.blocks.push({
    calls,
    wallMs,
    cpuMs: (cpu.user + cpu.system) / 1000,
    allocatedBytes: allocation.bytes,
    collections: allocation.collections,
  });
  phase.latenciesUs.push(...latenciesUs.map((us) => Math.round(us * 10) / 10));
  phase.spansEnded += tracing.tally.ended - endedBefore;
  phase.spansWithUsage += tracing.tally.withUsage - usageBefore;
}

const KINDS: [Transport, Mode][] = [
  ["memory", "plain"],
  ["memory", "streamed"],
  ["http", "plain"],
  ["http", "streamed"],
];
// Warm-up, whatever the scale: the JIT (an instrumented plain call settles only after several hundred calls),
// the connection pool, the batch processor, each library's lazy setup. A stream has ~100 chunks to warm on.
const WARMUP_CALLS: Record<Mode, number> = { plain: 1000, streamed: 200 };
for (const [transport, mode] of KINDS) {
  for (let i = 0; i < WARMUP_CALLS[mode]; i++) await call(transport, mode);
}
// The kinds take turns in blocks, so a burst of work from another process spoils a block of each, not a whole kind.
const phases: PhaseResult[] = KINDS.map(([transport, mode]) => ({
  transport,
  mode,
  calls: 0,
  blocks: [],
  latenciesUs: [],
  spansEnded: 0,
  spansWithUsage: 0,
}));
gc(); // what the warm-up left behind is not the first block's cost
for (let block = 0; block < BLOCKS; block++) {
  for (const phase of phases) await measureBlock(phase, blockCalls(phase.transport, phase.mode));
}
await mock.close();
await tracing.provider.shutdown();

const cpu = process.cpuUsage();
const result: ChildResult = {
  variant: variant.name,
  version: variant.packageName === "" ? "" : installedVersion(variant.packageName),
  node: process.version,
  cpuSeconds: (cpu.user + cpu.system) / 1e6,
  phases,
  exported: tracing.exported(),
};
process.stdout.write(`${JSON.stringify(result)}\n`);
