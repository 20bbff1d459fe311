// The sample data's waste: a few thousand runs, added beside the synthetic traffic, shaped so that a new
// user's first recomputation finds a suggestion of every kind the engine has: offline traffic on an
// expensive model (batch_api), answers cut at the output limit (truncation), a model no price knows
// (unknown_price), a prompt served by a slow, dear model and a fast, cheap one that succeed alike
// (slow_model and a measured model_switch), the same questions asked again and again (duplicate_requests),
// a long shared prefix resent in bursts without caching (prompt_caching), and a prompt whose calls often
// fail with their tokens billed (error_waste). Rows are built with the run model and priced by the catalogue, as the ingest would.
import { randomBytes } from "node:crypto";
import { insertSpans, type Store } from "@promptmetrics/clickhouse";
import { SYNTHETIC_SCOPE } from "@promptmetrics/clickhouse/synthetic";
import { createPricer } from "@promptmetrics/pricing";
import { emptySpanRow, formatNanos, priceSpanRow, type SpanRow } from "@promptmetrics/runs";

interface Scenario {
  runs: number;
  provider: string;
  model: string;
  prompt: string;
  version: string;
  inputTokens: number;
  outputTokens: number;
  latencyMs: number;
  /** null: not streamed. */
  ttftMs: number | null;
  /** "": no end user. */
  user: boolean;
  tags?: string[];
  /** Every nth run fails (its input billed, no output). */
  failEvery?: number;
  /** Every nth run stops at the output limit. */
  truncateEvery?: number;
  /** The runs cycle through this many distinct inputs (content-free input hashes): repeats. */
  distinctInputs?: number;
  /** Every run shares one prefix of this many tokens (a prefix hash), never read from cache. */
  prefixTokens?: number;
  /** Runs come in bursts of this many, a minute apart (so a cache would still hold a prefix). */
  burst?: number;
}

const SCENARIOS: readonly Scenario[] = [
  // batch_api: a nightly job on gpt-4o that nobody waits for.
  {
    runs: 400,
    provider: "openai",
    model: "gpt-4o",
    prompt: "nightly-report",
    version: "1",
    inputTokens: 6000,
    outputTokens: 800,
    latencyMs: 9000,
    ttftMs: null,
    user: false,
    tags: ["batch-job"],
  },
  // truncation: one answer in ten cut at 1,024 tokens.
  {
    runs: 400,
    provider: "openai",
    model: "gpt-4o-mini",
    prompt: "extract-fields",
    version: "2",
    inputTokens: 2500,
    outputTokens: 1024,
    latencyMs: 4000,
    ttftMs: 400,
    user: true,
    truncateEvery: 10,
  },
  // unknown_price: an in-house model the catalogue cannot know.
  {
    runs: 60,
    provider: "openai",
    model: "acme-internal-llm",
    prompt: "classify",
    version: "1",
    inputTokens: 800,
    outputTokens: 20,
    latencyMs: 700,
    ttftMs: null,
    user: true,
  },
  // slow_model and model_switch: the same prompt on Sonnet (slow, dear) and Haiku (fast, cheap), 2% failures each.
  {
    runs: 300,
    provider: "anthropic",
    model: "claude-sonnet-4-5",
    prompt: "support-answer",
    version: "3",
    inputTokens: 3000,
    outputTokens: 400,
    latencyMs: 6500,
    ttftMs: 900,
    user: true,
    failEvery: 50,
  },
  {
    runs: 300,
    provider: "anthropic",
    model: "claude-haiku-4-5",
    prompt: "support-answer",
    version: "3",
    inputTokens: 3000,
    outputTokens: 400,
    latencyMs: 1500,
    ttftMs: 250,
    user: true,
    failEvery: 50,
  },
  // duplicate_requests: a FAQ bot asked the same 30 questions again and again.
  {
    runs: 300,
    provider: "openai",
    model: "gpt-4o-mini",
    prompt: "faq-answer",
    version: "1",
    inputTokens: 1200,
    outputTokens: 250,
    latencyMs: 1800,
    ttftMs: 300,
    user: true,
    distinctInputs: 30,
  },
  // prompt_caching: an agent resending a 6,000-token system prompt and tools in bursts, never cached.
  {
    runs: 300,
    provider: "anthropic",
    model: "claude-sonnet-4-5",
    prompt: "agent-step",
    version: "2",
    inputTokens: 8000,
    outputTokens: 300,
    latencyMs: 5000,
    ttftMs: 800,
    user: true,
    prefixTokens: 6000,
    burst: 20,
  },
  // error_waste: one call in ten fails after its input was billed.
  {
    runs: 200,
    provider: "openai",
    model: "o4-mini",
    prompt: "translate",
    version: "1",
    inputTokens: 1500,
    outputTokens: 600,
    latencyMs: 3000,
    ttftMs: 500,
    user: true,
    failEvery: 10,
  },
];

/** How many runs a load of the waste adds. */
export const SAMPLE_WASTE_RUNS = SCENARIOS.reduce((sum, scenario) => sum + scenario.runs, 0);

/** Adds the waste runs to a project, spread over [from, to); returns how many. */
export async function insertSampleWaste(
  store: Store,
  { projectId, from, to }: { projectId: string; from: Date; to: Date },
): Promise<number> {
  const pricer = createPricer();
  const span = to.getTime() - from.getTime();
  const ingestedAt = formatNanos(BigInt(to.getTime()) * 1_000_000n).slice(0, 23);
  const rows: SpanRow[] = [];
  for (const scenario of SCENARIOS) {
    // Fresh hashes per load, so two loads do not repeat each other.
    const inputs = Array.from({ length: scenario.distinctInputs ?? 0 }, () => randomBytes(16).toString("hex"));
    const prefix = scenario.prefixTokens === undefined ? "" : randomBytes(16).toString("hex");
    for (let i = 0; i < scenario.runs; i++) {
      // Evenly spread, a little before `to` at the latest; bursts a minute apart within each slot.
      const burst = scenario.burst ?? 1;
      const slots = Math.ceil(scenario.runs / burst);
      const startMs =
        from.getTime() + Math.floor(((Math.floor(i / burst) + 0.5) * span) / slots) + (i % burst) * 60_000 - (burst - 1) * 60_000;
      const failed = scenario.failEvery !== undefined && i % scenario.failEvery === 0;
      const truncated = !failed && scenario.truncateEvery !== undefined && i % scenario.truncateEvery === 0;
      const latencyMs = Math.round(scenario.latencyMs * (0.6 + ((i * 37) % 80) / 100));
      const row = emptySpanRow({
        project_id: projectId,
        trace_id: randomBytes(16).toString("hex"),
        span_id: randomBytes(8).toString("hex"),
        start_time: formatNanos(BigInt(startMs) * 1_000_000n),
        end_time: formatNanos(BigInt(startMs + latencyMs) * 1_000_000n),
        duration_ns: latencyMs * 1_000_000,
        ingested_at: ingestedAt,
        version: 1,
        name: `chat ${scenario.model}`,
        kind: "client",
        scope_name: SYNTHETIC_SCOPE,
        status_code: failed ? "error" : "ok",
        status_message: failed ? "upstream timed out" : "",
        is_llm: true,
        provider: scenario.provider,
        operation: "chat",
        request_model: scenario.model,
        response_model: scenario.model,
        model: scenario.model,
        input_tokens: scenario.inputTokens,
        output_tokens: failed ? 0 : scenario.outputTokens,
        ttft_ms: failed ? null : scenario.ttftMs,
        finish_reason: failed ? "error" : truncated ? "length" : "stop",
        // The heuristics' flags as the ingest sets them: error 16, truncated 8.
        quality_flags: failed ? 16 : truncated ? 8 : 0,
        user_id: scenario.user ? `user-${String((i % 40) + 1).padStart(4, "0")}` : "",
        prompt_name: scenario.prompt,
        prompt_version: scenario.version,
        tags: scenario.tags ?? [],
        input_hash: inputs.length > 0 ? inputs[i % inputs.length]! : randomBytes(16).toString("hex"),
        prefix_hash: prefix,
        prefix_tokens: scenario.prefixTokens ?? 0,
      });
      priceSpanRow(row, pricer);
      rows.push(row);
    }
  }
  await insertSpans(store, { rows });
  return rows.length;
}
