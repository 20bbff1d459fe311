// Realistic data for the board tests, written through the same functions the product writes with:
// an org, two projects, team members owning ingest keys, a week of synthetic runs per project (the
// rollups fill through their materialized views), hand-made runs the generator never makes (unknown
// models, HTTP 429s recorded as attributes, cache writes), six hours of ingest_health reports
// from two ingest processes and six hours of api_health reports from two API processes (made by the
// API's own recorder from its own metrics).
import { ApiMetrics, apiHealthRows } from "@promptmetrics/analytics-api";
import {
  insertApiHealth,
  insertApiKey,
  insertOrg,
  insertProject,
  insertSpans,
  insertUser,
  toDbTime,
  type Store,
} from "@promptmetrics/clickhouse";
import { insertSyntheticFeedback, insertSyntheticRuns, type SyntheticModel } from "@promptmetrics/clickhouse/synthetic";
import type { SpanRow } from "@promptmetrics/runs";
import { llmSpanRow } from "@promptmetrics/testing/span-rows";

const HOUR_MS = 3_600_000;
const DAY_MS = 24 * HOUR_MS;

export const SEED = {
  orgId: "org_acme",
  projects: [
    { id: "p_support", name: "Support bot" },
    { id: "p_search", name: "Search API" },
  ],
  users: [
    { id: "u_ada", name: "Ada Lovelace", email: "ada@acme.test" },
    { id: "u_grace", name: "Grace Hopper", email: "grace@acme.test" },
  ],
  keys: [
    { id: "k_ada_support", userId: "u_ada", projectId: "p_support" },
    { id: "k_grace_support", userId: "u_grace", projectId: "p_support" },
    { id: "k_grace_search", userId: "u_grace", projectId: "p_search" },
  ],
  instances: ["ingest-0", "ingest-1"],
  apiInstances: ["api-0", "api-1"],
  unknownModel: "acme-finetune-7b",
} as const;

const SUPPORT_MODELS: SyntheticModel[] = [
  { provider: "openai", model: "gpt-4o", inputPerMTok: "2.50", outputPerMTok: "10", cachedInputPerMTok: "1.25", weight: 3 },
  {
    provider: "openai",
    model: "gpt-5-mini",
    inputPerMTok: "0.25",
    outputPerMTok: "2",
    cachedInputPerMTok: "0.025",
    weight: 4,
    reasoning: true,
  },
  { provider: "anthropic", model: "claude-sonnet-4-5", inputPerMTok: 3, outputPerMTok: 15, cachedInputPerMTok: "0.30", weight: 2 },
];
const SEARCH_MODELS: SyntheticModel[] = [
  { provider: "openai", model: "gpt-4.1-nano", inputPerMTok: "0.10", outputPerMTok: "0.40", weight: 3 },
  { provider: "anthropic", model: "claude-haiku-4-5", inputPerMTok: 1, outputPerMTok: 5, cachedInputPerMTok: 0.1, weight: 2 },
];

/** Seeds everything; runs cover the 8 days before `now`, ingest reports the 6 hours before it. */
export async function seedStore(store: Store, now: Date): Promise<void> {
  await insertOrg(store, { id: SEED.orgId, name: "Acme" });
  for (const project of SEED.projects) await insertProject(store, { ...project, orgId: SEED.orgId });
  for (const user of SEED.users) await insertUser(store, { ...user, passwordHash: "not-a-real-hash" });
  for (const key of SEED.keys) {
    await insertApiKey(store, {
      id: key.id,
      kind: "ingest",
      orgId: SEED.orgId,
      projectId: key.projectId,
      userId: key.userId,
      name: `${key.userId} ingest`,
      prefix: "pm_test",
      secretHash: `hash-of-${key.id}`,
    });
  }

  const from = new Date(now.getTime() - 8 * DAY_MS);
  const common = { from, to: now, users: 40, prompts: 6, versionsPerPrompt: 2, errorShare: 0.06 };
  await insertSyntheticRuns(store, {
    ...common,
    projectId: "p_support",
    runs: 12_000,
    models: SUPPORT_MODELS,
    ratingShare: 0.1,
    seed: 11,
    ingestKeyIds: ["k_ada_support", "k_grace_support"],
  });
  await insertSyntheticRuns(store, {
    ...common,
    projectId: "p_search",
    runs: 6_000,
    models: SEARCH_MODELS,
    ratingShare: 0,
    seed: 12,
    ingestKeyIds: ["k_grace_search"],
  });
  await insertSyntheticFeedback(store, { projectId: "p_search", share: 0.05, from, to: now, seed: 12 });

  await insertSpans(store, { rows: handMadeRuns(now) });
  await store.insert("ingest_health", ingestReports(now));
  await insertApiHealth(store, apiReports(now));
}

/** Runs the generator does not make: an unpriced model, 429s carrying http.response.status_code, cache writes. */
function handMadeRuns(now: Date): SpanRow[] {
  const rows: SpanRow[] = [];
  // The first starts at `now` itself, so the current month has a run even when `now` is its first minute.
  for (let i = 0; i < 48; i++) {
    const start = new Date(now.getTime() - i * 20 * 60_000);
    const projectId = i % 2 === 0 ? "p_support" : "p_search";
    if (i % 3 === 0) {
      rows.push(
        run(i, start, { project_id: projectId, provider: "openai", model: SEED.unknownModel, cost_usd: null, price_source: "unknown" }),
      );
    } else if (i % 3 === 1) {
      rows.push(
        run(i, start, {
          project_id: projectId,
          provider: "anthropic",
          model: "claude-sonnet-4-5",
          status_code: "error",
          status_message: "rate_limit_error: Number of request tokens has exceeded your per-minute rate limit",
          span_attributes: { "http.response.status_code": "429", "error.type": "RateLimitError" },
          input_tokens: 0,
          output_tokens: 0,
          cost_usd: "0.000000000000",
        }),
      );
    } else {
      rows.push(
        run(i, start, {
          project_id: projectId,
          provider: "anthropic",
          model: "claude-sonnet-4-5",
          cache_write_tokens: 2048,
          cache_read_tokens: 1024,
        }),
      );
    }
  }
  return rows;
}

function run(i: number, start: Date, overrides: Partial<SpanRow> & { project_id: string; model: string }): SpanRow {
  const id = (0xd00d0000 + i).toString(16).padStart(16, "0");
  const durationNs = 1_200_000_000 + i * 10_000_000;
  return llmSpanRow({
    trace_id: id.padStart(32, "e"),
    span_id: id,
    start_time: toDbTime(start),
    end_time: toDbTime(new Date(start.getTime() + durationNs / 1e6)),
    duration_ns: durationNs,
    name: `chat ${overrides.model}`,
    service_name: "checkout",
    scope_name: "dashboards-test",
    scope_version: "1",
    request_model: overrides.model,
    response_model: overrides.model,
    priced_model: overrides.cost_usd === null ? "" : overrides.model,
    price_source: "catalogue",
    input_tokens: 4096,
    output_tokens: 300,
    cost_usd: "0.015000000000",
    cost_input_usd: "0.010000000000",
    cost_cache_read_usd: "0.000000000000",
    cost_cache_write_usd: "0.000000000000",
    cost_output_usd: "0.005000000000",
    cost_reasoning_usd: "0.000000000000",
    ttft_ms: 420 + i,
    finish_reason: overrides.status_code === "error" ? "error" : "stop",
    user_id: `user-${String(i % 5).padStart(4, "0")}`,
    tags: ["production"],
    ingest_key_id: overrides.project_id === "p_support" ? "k_ada_support" : "k_grace_search",
    ingested_at: toDbTime(new Date(start.getTime() + 2_000)),
    version: start.getTime() * 1000,
    ...overrides,
  });
}

/** One report per instance every 10 s over the 6 hours before `now`: steady traffic with a burst of back-pressure. */
function ingestReports(now: Date): Record<string, unknown>[] {
  const rows: Record<string, unknown>[] = [];
  const reports = (6 * HOUR_MS) / 10_000;
  for (const [instanceIndex, instance] of SEED.instances.entries()) {
    for (let i = 0; i < reports; i++) {
      const at = new Date(Math.floor(now.getTime() / 10_000) * 10_000 - (reports - 1 - i) * 10_000);
      const wave = Math.round(200 + 120 * Math.sin(i / 40) + 30 * instanceIndex);
      const burst = i % 360 >= 300 && i % 360 < 320; // back-pressure for 200 s every hour
      const rejected = i % 7 === 0 ? 3 : 0;
      rows.push({
        at: toDbTime(at).slice(0, 19),
        instance,
        interval_seconds: 10,
        requests: Math.round(wave / 25),
        requests_throttled: burst ? 2 : 0,
        requests_failed: i % 500 === 17 ? 1 : 0,
        spans_received: wave + rejected + 2,
        spans_accepted: wave,
        spans_duplicate: 2,
        spans_rejected: rejected,
        rejected_by_reason: rejected > 0 ? { invalid_id: 2, end_before_start: 1 } : {},
        unknown_model_spans: i % 11 === 0 ? 1 : 0,
        queue_rows: burst ? 40_000 + i : 120 + (i % 50),
        queue_bytes: burst ? 180_000_000 : 600_000 + (i % 50) * 1_000,
        inserts: 4,
        insert_failures: i % 500 === 17 ? 1 : 0,
        insert_ms: [18 + (i % 9), 22 + (i % 13), 30 + (i % 17), burst ? 450 : 41],
      });
    }
  }
  return rows;
}

/**
 * One report per API process every 10 s over the 6 hours before `now`, as the API's health recorder writes
 * them: run listings with their store queries, sign-ins (some refused), health checks, a 500 with a failed
 * query now and then, and an hourly scheduler job that fails once.
 */
function apiReports(now: Date): ReturnType<typeof apiHealthRows> {
  const rows: ReturnType<typeof apiHealthRows> = [];
  const reports = (6 * HOUR_MS) / 10_000;
  for (const [instanceIndex, instance] of SEED.apiInstances.entries()) {
    const metrics = new ApiMetrics();
    for (let i = 0; i < reports; i++) {
      const at = new Date(Math.floor(now.getTime() / 10_000) * 10_000 - (reports - 1 - i) * 10_000);
      for (let r = 0; r < 8 + ((i + instanceIndex) % 5); r++) {
        metrics.observeRequest("GET", "/api/projects/:projectId/runs", 200, 20 + ((i * 7 + r * 31) % 280));
        metrics.observeStoreQuery("listRuns", 12 + ((i + r) % 40), false);
      }
      metrics.observeRequest("POST", "/api/auth/login", i % 6 === 0 ? 401 : 200, 45 + (i % 30));
      metrics.observeRequest("GET", "/healthz", 200, 2);
      if (i % 50 === 7) {
        metrics.observeRequest("GET", "/api/projects/:projectId/runs", 500, 30_000);
        metrics.observeStoreQuery("listRuns", 30_000, true);
      }
      if (i % 360 === 100 && instanceIndex === 0)
        metrics.observeJob({ job: "optimization.refresh", state: i === 820 ? "failed" : "succeeded", tookMs: 2_400 });
      rows.push(...apiHealthRows({ at, instance, seconds: 10, metrics }));
    }
  }
  return rows;
}
