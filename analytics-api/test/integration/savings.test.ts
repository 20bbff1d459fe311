// The savings calculator against the real store: crafted runs of gpt-5.6-sol and claude-sonnet-4-5 are
// re-priced at gpt-5.6-terra and claude-haiku-5-5 from their own token counts, tier, geo and day, with the
// project's override of terra. Every expected figure is worked out by hand in the comments from the per-1M
// prices in pricing/catalogue.json and the override, and asserted as the exact string the API answers.
import assert from "node:assert/strict";
import { after, before, test } from "node:test";
import { insertSpans } from "@promptmetrics/clickhouse";
import type { SpanRow } from "@promptmetrics/runs";
import { llmSpanRow } from "@promptmetrics/testing/span-rows";
import { invitedMember, openTestStore, signedUp, startApi, type Client, type TestApi, type TestStore } from "./accounts-harness.ts";

let db: TestStore;
let api: TestApi;
let owner: Client;
let viewer: Client;
let member: Client;
let outsider: Client;
let projectId: string;
let otherProjectId: string;

// 80 days: monthly savings are 30/80 = 0.375 of the window's.
const FROM = "2026-07-25T00:00:00Z";
const TO = "2026-10-13T00:00:00Z";

let serial = 0;
function run(project: string, at: string, columns: Partial<SpanRow>): SpanRow {
  serial += 1;
  const hex = serial.toString(16).padStart(4, "0");
  return llmSpanRow({
    project_id: project,
    trace_id: `${"5a".repeat(14)}${hex}`,
    span_id: `${"c3".repeat(6)}${hex}`,
    start_time: `${at}.000000000`,
    end_time: `${at}.500000000`,
    ingested_at: `${at}.900`,
    ...columns,
  });
}

/** A run of gpt-5.6-sol as stored: priced by the catalogue at `cost` (what it was charged is what counts). */
function sol(at: string, cost: string | null, columns: Partial<SpanRow>): SpanRow {
  return run(projectId, at, {
    model: "gpt-5.6-sol",
    request_model: "gpt-5.6-sol",
    response_model: "gpt-5.6-sol",
    priced_model: cost === null ? "" : "gpt-5.6-sol",
    price_source: cost === null ? "unknown" : "catalogue",
    cost_usd: cost,
    ...columns,
  });
}

/** A run of Claude Sonnet 4.5 under its dated snapshot name, priced as claude-sonnet-4-5. */
function sonnet(at: string, cost: string, columns: Partial<SpanRow>): SpanRow {
  return run(projectId, at, {
    provider: "anthropic",
    model: "claude-sonnet-4-5-20250929",
    request_model: "claude-sonnet-4-5-20250929",
    response_model: "claude-sonnet-4-5-20250929",
    priced_model: "claude-sonnet-4-5",
    price_source: "catalogue",
    cost_usd: cost,
    ...columns,
  });
}

before(async () => {
  db = await openTestStore();
  api = await startApi({ store: db.store });
  const signup = await signedUp(api, "owner@example.com");
  owner = signup.client;
  projectId = signup.me.projects[0].id;
  const orgId = signup.me.orgs[0].id;
  viewer = await invitedMember(api, owner, orgId, "viewer@example.com", "viewer");
  member = await invitedMember(api, owner, orgId, "member@example.com", "member");
  const other = await signedUp(api, "outsider@example.com");
  outsider = other.client;
  otherProjectId = other.me.projects[0].id;

  // The project's own price of gpt-5.6-terra from 2026-08-02: input 1.5, cached 0.15, output 9; cache
  // writes fall back to the input price; no long-context rule and no flex or priority prices.
  const override = await owner.post(`/api/projects/${projectId}/price-overrides`, {
    model: "gpt-5.6-terra",
    effectiveFrom: "2026-08-02",
    inputPerMTok: "1.5",
    cachedInputPerMTok: "0.15",
    outputPerMTok: "9",
  });
  assert.equal(override.status, 201, JSON.stringify(override.body));

  await insertSpans(db.store, {
    rows: [
      // R1, in terra's first period (2026-07-09: input 2.5, cached 0.25, 30-min write 3.125, output 15).
      sol("2026-07-26 10:00:00", "0.080000000000", {
        input_tokens: 10_000,
        cache_read_tokens: 4000,
        cache_write_tokens: 1000,
        output_tokens: 2000,
        reasoning_tokens: 500,
      }),
      // R2, above 272K: terra's first long-context rates (input 5, cached 0.5, output 22.5).
      sol("2026-07-27 11:00:00", "1.900000000000", { input_tokens: 300_000, cache_read_tokens: 100_000, output_tokens: 1000 }),
      // R3, batch, after terra's 2026-07-30 cut (input 2, cached 0.2, 30-min write 2.5, output 12), half off.
      sol("2026-07-31 09:00:00", "0.070000000000", {
        service_tier: "batch",
        input_tokens: 20_000,
        output_tokens: 4000,
        reasoning_tokens: 1000,
      }),
      // R4, prompt summarize v2: 1-hour and 12-hour writes, which terra prices as its 30-minute writes.
      sol("2026-07-31 12:00:00", "0.040000000000", {
        prompt_name: "summarize",
        prompt_version: "2",
        input_tokens: 8000,
        cache_read_tokens: 2000,
        cache_write_tokens: 3000,
        cache_write_1h_tokens: 1000,
        cache_write_12h_tokens: 500,
        output_tokens: 1000,
      }),
      // R5, prompt summarize v1, 280K input in the override's period: the override has no long-context rule.
      sol("2026-08-03 08:00:00", "0.500000000000", {
        prompt_name: "summarize",
        prompt_version: "1",
        input_tokens: 280_000,
        cache_read_tokens: 80_000,
        output_tokens: 2000,
      }),
      // R6, batch in the override's period.
      sol("2026-08-03 09:00:00", "0.030000000000", { service_tier: "batch", input_tokens: 10_000, output_tokens: 1000 }),
      // R7, stored before a price was known: no cost, so it is counted apart and not re-priced.
      sol("2026-08-05 09:00:00", null, { input_tokens: 1000, output_tokens: 100 }),
      // Outside the window: the day before it starts, and its end (exclusive).
      sol("2026-07-24 23:59:59", "9.000000000000", { input_tokens: 1000, output_tokens: 100 }),
      sol("2026-10-13 00:00:00", "9.000000000000", { input_tokens: 1000, output_tokens: 100 }),
      // A1, summarize v1, processed in the US, 150K input: claude-haiku-5-5 above 100K (input 0.5, cached
      // 0.05, 5-min write 0.625, 1-hour write 1, output 2.5) with its 10% regional uplift.
      sonnet("2026-10-08 10:00:00", "0.250000000000", {
        prompt_name: "summarize",
        prompt_version: "1",
        inference_geo: "us",
        input_tokens: 150_000,
        cache_read_tokens: 100_000,
        cache_write_tokens: 20_000,
        cache_write_1h_tokens: 5000,
        output_tokens: 3000,
      }),
      // A2, another prompt: not moved by a move for summarize.
      sonnet("2026-10-08 11:00:00", "0.120000000000", { prompt_name: "classify", input_tokens: 5000, output_tokens: 100 }),
      // A3, summarize v2: haiku below 100K (input 0.1, output 0.5).
      sonnet("2026-10-09 10:00:00", "0.003000000000", {
        prompt_name: "summarize",
        prompt_version: "2",
        input_tokens: 2000,
        output_tokens: 500,
      }),
      // G1, a model no move touches.
      run(projectId, "2026-08-10 10:00:00", {
        model: "gpt-5.4",
        priced_model: "gpt-5.4",
        price_source: "catalogue",
        cost_usd: "0.200000000000",
      }),
      // Another org's project: never counted.
      run(otherProjectId, "2026-08-10 10:00:00", {
        model: "gpt-5.6-sol",
        priced_model: "gpt-5.6-sol",
        price_source: "catalogue",
        cost_usd: "5.000000000000",
        input_tokens: 1000,
        output_tokens: 100,
      }),
    ],
  });
});
after(async () => {
  await api.close();
  await db.close();
});

const PATH = "/api/optimization/savings";

test("moves and a batch what-if, worked out by hand", async () => {
  const reply = await owner.post(PATH, {
    projectId,
    from: FROM,
    to: TO,
    moves: [
      { fromModel: "gpt-5.6-sol", toModel: "gpt-5.6-terra", share: 0.25 },
      { fromModel: "claude-sonnet-4-5", toModel: "claude-haiku-5-5", share: 1, prompt: "summarize" },
    ],
    batch: { share: 0.5 },
  });
  assert.equal(reply.status, 200, JSON.stringify(reply.body));
  const body = reply.body;
  const [terra, haiku] = body.moves;

  // Move 0: gpt-5.6-sol → gpt-5.6-terra, a quarter of R1–R6 (R7 has no cost).
  // R1 (period 2026-07-09): uncached 10,000 − 4,000 − 1,000 = 5,000 × 2.5 = $0.0125; read 4,000 × 0.25 = $0.001;
  //    write 1,000 × 3.125 = $0.003125; visible output 1,500 × 15 = $0.0225; reasoning 500 × 15 = $0.0075 → $0.046625
  // R2 (long context): uncached 200,000 × 5 = $1; read 100,000 × 0.5 = $0.05; output 1,000 × 22.5 = $0.0225 → $1.0725
  // R3 (2026-07-30, batch): 20,000 × 2 = $0.04; visible 3,000 × 12 = $0.036; reasoning 1,000 × 12 = $0.012 → $0.088 × 0.5 = $0.044
  // R4 (2026-07-30): uncached 8,000 − 2,000 − 3,000 = 3,000 × 2 = $0.006; read 2,000 × 0.2 = $0.0004;
  //    writes (1,500 + 1,000 1h + 500 12h) × 2.5 = $0.0075; output 1,000 × 12 = $0.012 → $0.0259
  // R5 (override): uncached 200,000 × 1.5 = $0.3; read 80,000 × 0.15 = $0.012; output 2,000 × 9 = $0.018 → $0.33
  // R6 (override, batch): 10,000 × 1.5 = $0.015 + 1,000 × 9 = $0.009 → $0.024 × 0.5 = $0.012
  // projected $1.531025; current 0.08 + 1.9 + 0.07 + 0.04 + 0.5 + 0.03 = $2.62
  // moved: 2.62 × 0.25 = $0.655 and 1.531025 × 0.25 = $0.38275625; saves $0.27224375
  assert.equal(terra.toModelId, "gpt-5.6-terra");
  assert.equal(terra.matchedRuns, 6);
  assert.equal(terra.unpricedRuns, 1);
  assert.deepEqual(terra.tokens, {
    input: 628_000,
    cacheRead: 186_000,
    cacheWrite: 4000,
    cacheWrite1h: 1000,
    cacheWrite12h: 500,
    output: 11_000,
    reasoning: 1500,
  });
  assert.equal(terra.currentCostUsd, "2.620000000000");
  assert.equal(terra.projectedCostUsd, "1.531025000000");
  assert.equal(terra.movedCurrentCostUsd, "0.655000000000");
  assert.equal(terra.movedProjectedCostUsd, "0.382756250000");
  assert.equal(terra.savingsUsd, "0.272243750000");
  assert.deepEqual(terra.warnings, ["no 12-hour cache-write price for gpt-5.6-terra; those writes priced as default-lifetime writes"]);
  const first = { input: "2.5", cachedInput: "0.25", cacheWrite: "3.125", cacheWrite1h: "3.125", cacheWrite12h: "3.125", output: "15" };
  const firstLong = { input: "5", cachedInput: "0.5", cacheWrite: "6.25", cacheWrite1h: "6.25", cacheWrite12h: "6.25", output: "22.5" };
  const cut = { input: "2", cachedInput: "0.2", cacheWrite: "2.5", cacheWrite1h: "2.5", cacheWrite12h: "2.5", output: "12" };
  const own = { input: "1.5", cachedInput: "0.15", cacheWrite: "1.5", cacheWrite1h: "1.5", cacheWrite12h: "1.5", output: "9" };
  const price = (periodFrom: string, source: string, serviceTier: string, tier: string, perMTok: object, extra: object) => ({
    periodFrom,
    source,
    serviceTier,
    tier,
    longContextAboveInputTokens: source === "override" ? null : 272_000,
    batchDiscountPercent: null,
    regionalUpliftPercent: null,
    perMTok,
    ...extra,
  });
  // By period, then service tier and input tier.
  assert.deepEqual(terra.prices, [
    price("2026-07-09", "catalogue", "standard", "long_context", firstLong, { runs: 1, projectedCostUsd: "1.072500000000" }),
    price("2026-07-09", "catalogue", "standard", "standard", first, { runs: 1, projectedCostUsd: "0.046625000000" }),
    price("2026-07-30", "catalogue", "batch", "standard", cut, { batchDiscountPercent: 50, runs: 1, projectedCostUsd: "0.044000000000" }),
    price("2026-07-30", "catalogue", "standard", "standard", cut, { runs: 1, projectedCostUsd: "0.025900000000" }),
    price("2026-08-02", "override", "batch", "standard", own, { batchDiscountPercent: 50, runs: 1, projectedCostUsd: "0.012000000000" }),
    price("2026-08-02", "override", "standard", "standard", own, { runs: 1, projectedCostUsd: "0.330000000000" }),
  ]);

  // Move 1: claude-sonnet-4-5 (matched by its priced model) → claude-haiku-5-5, all of prompt summarize: A1 and A3.
  // A1 (above 100K): uncached 150,000 − 100,000 − 20,000 = 30,000 × 0.5 = $0.015; read 100,000 × 0.05 = $0.005;
  //    writes 15,000 × 0.625 = $0.009375 + 5,000 × 1 = $0.005; output 3,000 × 2.5 = $0.0075 → $0.041875 × 1.1 = $0.0460625
  // A3: 2,000 × 0.1 = $0.0002 + 500 × 0.5 = $0.00025 → $0.00045
  // projected $0.0465125; current 0.25 + 0.003 = $0.253; saves $0.2064875
  assert.equal(haiku.matchedRuns, 2);
  assert.equal(haiku.prompt, "summarize");
  assert.equal(haiku.promptVersion, null);
  assert.equal(haiku.currentCostUsd, "0.253000000000");
  assert.equal(haiku.projectedCostUsd, "0.046512500000");
  assert.equal(haiku.movedCurrentCostUsd, "0.253000000000");
  assert.equal(haiku.savingsUsd, "0.206487500000");
  assert.deepEqual(
    haiku.prices.map((p: { tier: string; regionalUpliftPercent: number | null; projectedCostUsd: string }) => [
      p.tier,
      p.regionalUpliftPercent,
      p.projectedCostUsd,
    ]),
    [
      ["long_context", 10, "0.046062500000"],
      ["standard", null, "0.000450000000"],
    ],
  );
  assert.deepEqual(haiku.warnings, []);

  // Batch, half of the standard-tier traffic after the moves, at 50% off (OpenAI's and Anthropic's discount):
  // standard-tier cost now: R1 0.08 + R2 1.9 + R4 0.04 + R5 0.5 + A1 0.25 + A2 0.12 + A3 0.003 + G1 0.2 = $3.093
  // move 0 takes a quarter of R1, R2, R4, R5 away (0.25 × 2.52 = $0.63) and adds a quarter of their terra
  // cost (0.25 × (0.046625 + 1.0725 + 0.0259 + 0.33) = $0.36875625); move 1 swaps A1 + A3 ($0.253) for $0.0465125
  // eligible: 3.093 − 0.63 + 0.36875625 − 0.253 + 0.0465125 = $2.62526875; saves 0.5 × 0.5 × 2.62526875 = $0.6563171875
  assert.deepEqual(body.batch, { share: 0.5, eligibleCostUsd: "2.625268750000", savingsUsd: "0.656317187500" });

  // Current: R1–R6 $2.62 + A1 0.25 + A2 0.12 + A3 0.003 + G1 0.2 = $3.193 (R7 unpriced; 11 runs in all).
  // Saved: 0.27224375 + 0.2064875 + 0.6563171875 = $1.1350484375; projected 3.193 − 1.1350484375 = $2.0579515625
  // A month: 1.1350484375 × 30 / 80 = $0.4256431640625, rounded half up to the pico-dollar.
  assert.equal(body.projectId, projectId);
  assert.equal(body.from, "2026-07-25T00:00:00.000Z");
  assert.equal(body.windowDays, 80);
  assert.equal(body.runs, 11);
  assert.equal(body.unpricedRuns, 1);
  assert.equal(body.currentCostUsd, "3.193000000000");
  assert.equal(body.savingsUsd, "1.135048437500");
  assert.equal(body.projectedCostUsd, "2.057951562500");
  assert.equal(body.monthlySavingsUsd, "0.425643164063");
});

test("a prompt version filter, and a viewer and a member may ask", async () => {
  const ask = (client: Client) =>
    client.post(PATH, {
      projectId,
      from: "2026-07-25",
      to: "2026-08-24",
      moves: [{ fromModel: "gpt-5.6-sol", toModel: "gpt-5.6-terra", share: 1, prompt: "summarize", promptVersion: "2" }],
    });
  const reply = await ask(viewer);
  assert.equal(reply.status, 200, JSON.stringify(reply.body));
  // Only R4: current $0.04, at terra $0.0259 (as above), saves $0.0141; the window is 30 days, so a month is the same.
  const [move] = reply.body.moves;
  assert.equal(move.matchedRuns, 1);
  assert.equal(move.projectedCostUsd, "0.025900000000");
  assert.equal(move.savingsUsd, "0.014100000000");
  assert.equal(reply.body.monthlySavingsUsd, "0.014100000000");
  assert.equal(reply.body.batch, null);
  assert.equal((await ask(member)).status, 200);
});

test("a move with no runs saves nothing and says so", async () => {
  const reply = await owner.post(PATH, {
    projectId,
    from: FROM,
    to: TO,
    moves: [{ fromModel: "gpt-4o", toModel: "gpt-4o-mini", share: 0.5 }],
  });
  assert.equal(reply.status, 200);
  assert.equal(reply.body.savingsUsd, "0.000000000000");
  assert.equal(reply.body.projectedCostUsd, "3.193000000000");
  assert.deepEqual(reply.body.moves[0].warnings, ["no runs of gpt-4o in the window"]);
});

test("mistakes are a 400 naming the field", async () => {
  const move = { fromModel: "gpt-5.6-sol", toModel: "gpt-5.6-terra", share: 0.25 };
  const base = { projectId, from: FROM, to: TO, moves: [move] };
  const cases: Array<[string, unknown]> = [
    ["moves[0].share", { ...base, moves: [{ ...move, share: 1.5 }] }],
    ["moves[0].share", { ...base, moves: [{ ...move, share: 0.1234567 }] }],
    ["moves[0].share", { ...base, moves: [{ ...move, share: "0.5" }] }],
    ["to", { ...base, to: FROM }],
    ["to", { ...base, from: TO, to: FROM }],
    ["from", { ...base, from: "2026-02-30" }],
    ["from", { ...base, from: "last week" }],
    ["moves[0].toModel", { ...base, moves: [{ ...move, toModel: "gpt-99-turbo" }] }],
    ["moves[0].colour", { ...base, moves: [{ ...move, colour: "red" }] }],
    ["caching.hitShare", { ...base, caching: { hitShare: 0.5 } }],
    ["moves[0].promptVersion", { ...base, moves: [{ ...move, promptVersion: "2" }] }],
    ["moves", { ...base, moves: [] }],
    ["moves", { ...base, moves: "gpt-5.6-sol" }],
    ["moves[0]", { ...base, moves: [null] }],
    ["batch.share", { ...base, batch: { share: -0.5 } }],
    ["projectId", { ...base, projectId: undefined }],
    // Both move R4 and R5 (summarize runs of sol): 0.75 + 0.5 of them is more than all.
    [
      "moves[1].share",
      {
        ...base,
        moves: [
          { ...move, share: 0.75 },
          { ...move, share: 0.5, prompt: "summarize" },
        ],
      },
    ],
  ];
  for (const [field, body] of cases) {
    const reply = await owner.post(PATH, body);
    assert.equal(reply.status, 400, `${field}: ${JSON.stringify(reply.body)}`);
    assert.equal(reply.body.error.field, field, JSON.stringify(reply.body));
  }
  const unknown = await owner.post(PATH, { ...base, moves: [{ ...move, toModel: "gpt-99-turbo" }] });
  assert.match(unknown.body.error.message, /No price is known for model "gpt-99-turbo"/);
  const overlap = await owner.post(PATH, {
    ...base,
    moves: [
      { ...move, share: 0.75 },
      { ...move, share: 0.5, prompt: "summarize" },
    ],
  });
  assert.match(overlap.body.error.message, /moves\[0\] and moves\[1\] re-price some of the same runs: their shares add up to 1.25/);
  // Moves over different runs may each take all of theirs.
  const apart = await owner.post(PATH, {
    ...base,
    moves: [
      { ...move, share: 1, prompt: "summarize", promptVersion: "1" },
      { ...move, share: 1, prompt: "summarize", promptVersion: "2" },
    ],
  });
  assert.equal(apart.status, 200, JSON.stringify(apart.body));
});

test("another org's project is a 404, as is one that does not exist; no caller is a 401", async () => {
  const body = { projectId, from: FROM, to: TO, moves: [{ fromModel: "gpt-5.6-sol", toModel: "gpt-5.6-terra", share: 1 }] };
  assert.equal((await outsider.post(PATH, body)).status, 404);
  assert.equal((await owner.post(PATH, { ...body, projectId: otherProjectId })).status, 404);
  assert.equal((await owner.post(PATH, { ...body, projectId: "proj_missing" })).status, 404);
  assert.equal((await api.browser().post(PATH, body)).status, 401);
});
