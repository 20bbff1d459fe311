// The suggestions about repeated work, from the runs' content-free hashes, against the real store with
// savings worked out by hand: duplicate_requests (the same input answered again by the same model) and
// prompt_caching (a shared prefix resent while a cache would still hold it, with few cache reads).
import assert from "node:assert/strict";
import { after, before, it } from "node:test";
import { insertSpans } from "@promptmetrics/clickhouse";
import { createPricer } from "@promptmetrics/pricing";
import { priceSpanRow, type SpanRow } from "@promptmetrics/runs";
import { llmSpanRow } from "@promptmetrics/testing/span-rows";
import { openTestStore, signedUp, startApi, type Client, type TestApi, type TestStore } from "./accounts-harness.ts";

let db: TestStore;
let api: TestApi;
let owner: Client;
let projectId: string;
let sequence = 0;
const pricer = createPricer();

/** A priced run `minutesAgo` minutes (plus two hours) before now. */
function run(columns: Partial<SpanRow>, minutesAgo: number): SpanRow {
  const n = ++sequence;
  const start = Date.now() - 2 * 3_600_000 - minutesAgo * 60_000;
  const text = (ms: number) => new Date(ms).toISOString().replace("T", " ").replace("Z", "000000");
  const row = llmSpanRow({
    project_id: projectId,
    trace_id: n.toString(16).padStart(32, "0"),
    span_id: n.toString(16).padStart(16, "0"),
    start_time: text(start),
    end_time: text(start + 1000),
    ingested_at: text(start + 2000).slice(0, 23),
    ...columns,
  });
  priceSpanRow(row, pricer);
  return row;
}

const model = (provider: string, name: string) => ({ provider, request_model: name, response_model: name, model: name });

before(async () => {
  db = await openTestStore();
  api = await startApi({ store: db.store });
  const signup = await signedUp(api, "owner@example.com");
  owner = signup.client;
  projectId = signup.me.projects[0].id;
  const rows: SpanRow[] = [];
  // faq v1 on gpt-4o-mini: 30 successful runs of 3 inputs (10 each), and a failed repeat that does not count.
  for (let i = 0; i < 30; i++)
    rows.push(
      run(
        {
          ...model("openai", "gpt-4o-mini"),
          prompt_name: "faq",
          prompt_version: "1",
          input_hash: `h${i % 3}`,
          input_tokens: 2000,
          output_tokens: 100,
        },
        i,
      ),
    );
  rows.push(
    run(
      {
        ...model("openai", "gpt-4o-mini"),
        prompt_name: "faq",
        prompt_version: "1",
        input_hash: "h0",
        status_code: "error",
        input_tokens: 2000,
      },
      31,
    ),
  );
  // agent v1 on claude-sonnet-4-5: 40 runs a minute apart sharing a 5,000-token prefix, never read from cache.
  for (let i = 0; i < 40; i++)
    rows.push(
      run(
        {
          ...model("anthropic", "claude-sonnet-4-5"),
          prompt_name: "agent",
          prompt_version: "1",
          prefix_hash: "pa",
          prefix_tokens: 5000,
          input_hash: `a${i}`,
          input_tokens: 6000,
          output_tokens: 100,
        },
        i,
      ),
    );
  // rag v1 on gpt-4o: 30 runs two minutes apart sharing a 2,000-token prefix, never read from cache.
  for (let i = 0; i < 30; i++)
    rows.push(
      run(
        {
          ...model("openai", "gpt-4o"),
          prompt_name: "rag",
          prompt_version: "1",
          prefix_hash: "pr",
          prefix_tokens: 2000,
          input_hash: `r${i}`,
          input_tokens: 2500,
          output_tokens: 50,
        },
        2 * i,
      ),
    );
  // Not suggested: a 500-token prefix (too short to cache), and a prefix already read from cache.
  for (let i = 0; i < 30; i++) {
    rows.push(
      run(
        {
          ...model("openai", "gpt-4o"),
          prompt_name: "short",
          prompt_version: "1",
          prefix_hash: "ps",
          prefix_tokens: 500,
          input_hash: `s${i}`,
          input_tokens: 600,
          output_tokens: 10,
        },
        i,
      ),
    );
    rows.push(
      run(
        {
          ...model("openai", "gpt-4o"),
          prompt_name: "cached",
          prompt_version: "1",
          prefix_hash: "pc",
          prefix_tokens: 2000,
          cache_read_tokens: i === 0 ? 0 : 2000,
          input_hash: `c${i}`,
          input_tokens: 2500,
          output_tokens: 50,
        },
        i,
      ),
    );
  }
  await insertSpans(db.store, { rows });
});
after(async () => {
  await api.close();
  await db.close();
});

it("finds duplicate requests and uncached shared prefixes, with the savings worked out by hand", async () => {
  const refreshed = await owner.post("/api/optimization/refresh", { projectId });
  assert.equal(refreshed.status, 200, JSON.stringify(refreshed.body));
  const items = refreshed.body.items as Array<{
    kind: string;
    monthlySavingsUsd: string;
    subject: Record<string, string>;
    evidence: Record<string, unknown>;
  }>;
  const of = (kind: string, prompt: string) => items.find((item) => item.kind === kind && item.subject["prompt"] === prompt);

  // 27 repeats × (2,000 × 0.15 + 100 × 0.60) / 1M = 27 × $0.00036 = $0.00972 (the window is 30 days).
  const duplicates = of("duplicate_requests", "faq")!;
  assert.equal(duplicates.monthlySavingsUsd, "0.009720000");
  assert.deepEqual(
    [duplicates.evidence["duplicateRuns"], duplicates.evidence["repeatedInputs"], duplicates.evidence["hashedRuns"]],
    [27, 3, 30],
  );

  // Sonnet 4.5 (3 in, 0.30 read, 3.75 write per 1M): 39 resends × 5,000 tokens × $2.70 / 1M = $0.5265,
  // less one write of 5,000 tokens at the $0.75 premium ($0.00375): $0.52275.
  const agent = of("prompt_caching", "agent")!;
  assert.equal(agent.monthlySavingsUsd, "0.522750000");
  assert.deepEqual(
    [agent.evidence["reuseRuns"], agent.evidence["cacheWriteTokensNeeded"], agent.evidence["minCacheableTokens"]],
    [39, 5000, 1024],
  );

  // gpt-4o (2.50 in, 1.25 cached; no write charge): 29 resends × 2,000 tokens × $1.25 / 1M = $0.0725.
  const rag = of("prompt_caching", "rag")!;
  assert.equal(rag.monthlySavingsUsd, "0.072500000");
  assert.equal(rag.evidence["cacheWriteTokensNeeded"], 0);

  assert.equal(of("prompt_caching", "short"), undefined, "500 tokens is under every minimum");
  assert.equal(of("prompt_caching", "cached"), undefined, "its prefix is read from cache already");
});

it("the savings calculator's caching what-if counts the same resends: a share of the missed reads, less the writes", async () => {
  const window = { from: new Date(Date.now() - 2 * 86_400_000).toISOString(), to: new Date().toISOString() };
  const all = await owner.post("/api/optimization/savings", { projectId, ...window, moves: [], caching: { share: 0.5 } });
  assert.equal(all.status, 200, JSON.stringify(all.body));
  // agent $0.52275 + rag $0.0725 (the cached and the short prefixes save nothing); half of it: $0.297625.
  assert.deepEqual(all.body.caching, {
    share: 0.5,
    prompt: null,
    promptVersion: null,
    runs: 100,
    resendRuns: 97,
    eligibleSavingsUsd: "0.595250000000",
    savingsUsd: "0.297625000000",
  });
  assert.equal(all.body.savingsUsd, "0.297625000000");
  const agent = await owner.post("/api/optimization/savings", { projectId, ...window, moves: [], caching: { share: 1, prompt: "agent" } });
  assert.equal(agent.body.caching.savingsUsd, "0.522750000000");
  const bad = await owner.post("/api/optimization/savings", {
    projectId,
    ...window,
    moves: [],
    caching: { share: 0.5, promptVersion: "1" },
  });
  assert.equal(bad.status, 400);
  assert.equal(bad.body.error.field, "caching.promptVersion");
});
