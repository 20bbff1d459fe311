// The optimization engine's suggestions against the real store, on crafted traffic whose savings are
// worked out by hand: refresh finds each kind, the list sorts by savings and totals the active ones,
// dismiss and apply stick across recomputations and a restart (a new API on the same store), a
// dismissed suggestion comes back when its savings double, viewers may read but not change, and
// another org sees none of it.
import assert from "node:assert/strict";
import { after, before, describe, it } from "node:test";
import { insertSpans } from "@promptmetrics/clickhouse";
import { createPricer } from "@promptmetrics/pricing";
import { priceSpanRow, type SpanRow } from "@promptmetrics/runs";
import { llmSpanRow } from "@promptmetrics/testing/span-rows";
import { invitedMember, openTestStore, signedUp, startApi, type Client, type TestApi, type TestStore } from "./accounts-harness.ts";

let db: TestStore;
let api: TestApi;
let owner: Client;
let member: Client;
let viewer: Client;
let outsider: Client;
let projectId: string;
let otherProjectId: string;
let sequence = 0;
const pricer = createPricer();

/** DateTime64(9) text `hoursAgo` hours before now, plus `plusMs`. */
function dbTime(hoursAgo: number, plusMs = 0): string {
  return new Date(Date.now() - hoursAgo * 3_600_000 + plusMs).toISOString().replace("T", " ").replace("Z", "000000");
}

/** `count` priced runs of one shape, spread over the last few days. */
function runs(count: number, project: string, columns: Partial<SpanRow> & { latencyMs?: number }): SpanRow[] {
  const { latencyMs = 1000, ...rest } = columns;
  return Array.from({ length: count }, () => {
    const n = ++sequence;
    const hoursAgo = 2 + (n % 100);
    const row = llmSpanRow({
      project_id: project,
      trace_id: n.toString(16).padStart(32, "0"),
      span_id: n.toString(16).padStart(16, "0"),
      start_time: dbTime(hoursAgo),
      end_time: dbTime(hoursAgo, latencyMs),
      duration_ns: latencyMs * 1_000_000,
      ingested_at: dbTime(hoursAgo, latencyMs + 1000).slice(0, 23),
      ...rest,
    });
    priceSpanRow(row, pricer);
    return row;
  });
}

const mini = { provider: "openai", request_model: "gpt-4o-mini", response_model: "gpt-4o-mini", model: "gpt-4o-mini" };
const nano = { provider: "openai", request_model: "gpt-4.1-nano", response_model: "gpt-4.1-nano", model: "gpt-4.1-nano" };
const chat = { prompt_name: "chat", prompt_version: "2", user_id: "u1", ttft_ms: 100 };

// By hand (gpt-4o-mini 0.15 / 0.60 per 1M tokens, batch 50% off; the window is 30 days, so monthly = window):
// - batch_api: 60 offline runs × (10,000 × 0.15 + 1,000 × 0.60) / 1M = 60 × $0.0021 = $0.126; half: $0.063.
// - truncation: 8 runs × (2,000 × 0.15 + 500 × 0.60) / 1M = 8 × $0.0006 = $0.0048.
// - error_waste: 10 failed runs × 1,000 × 0.15 / 1M = 10 × $0.00015 = $0.0015 (20% of 50 runs).
// - slow_model: gpt-4o-mini's p95 3,000 ms on chat v2 against gpt-4.1-nano's 1,000 ms, which fails less.
// - unknown_price: 5 runs of mystery-9.
function crafted(project: string): SpanRow[] {
  return [
    ...runs(60, project, { ...mini, prompt_name: "summarize", prompt_version: "1", input_tokens: 10_000, output_tokens: 1_000 }),
    // The heuristics' flags as the ingest sets them: error 16, truncated 8.
    ...runs(10, project, {
      ...mini,
      ...chat,
      latencyMs: 3000,
      status_code: "error",
      quality_flags: 16,
      input_tokens: 1_000,
      output_tokens: 0,
    }),
    ...runs(8, project, {
      ...mini,
      ...chat,
      latencyMs: 3000,
      finish_reason: "length",
      quality_flags: 8,
      input_tokens: 2_000,
      output_tokens: 500,
    }),
    ...runs(32, project, { ...mini, ...chat, latencyMs: 3000, input_tokens: 1_000, output_tokens: 200 }),
    ...runs(50, project, { ...nano, ...chat, latencyMs: 1000, input_tokens: 1_000, output_tokens: 200 }),
    ...runs(5, project, { provider: "openai", request_model: "mystery-9", model: "mystery-9", input_tokens: 100, output_tokens: 10 }),
  ];
}

before(async () => {
  db = await openTestStore();
  api = await startApi({ store: db.store });
  const signup = await signedUp(api, "owner@example.com");
  owner = signup.client;
  projectId = signup.me.projects[0].id;
  member = await invitedMember(api, owner, signup.me.orgs[0].id, "member@example.com", "member");
  viewer = await invitedMember(api, owner, signup.me.orgs[0].id, "viewer@example.com", "viewer");
  const other = await signedUp(api, "outsider@example.com");
  outsider = other.client;
  otherProjectId = other.me.projects[0].id;
  await insertSpans(db.store, { rows: [...crafted(projectId), ...crafted(otherProjectId)] });
});
after(async () => {
  await api.close();
  await db.close();
});

interface Item {
  id: string;
  kind: string;
  type: string;
  status: string;
  monthlySavingsUsd: string;
  subject: Record<string, string>;
  evidence: Record<string, unknown>;
  statusChangedBy: string;
  dismissReason: string;
}

const list = async (client: Client, query = "") => client.get(`/api/optimization/suggestions?projectId=${projectId}${query}`);
const byKind = (items: Item[], kind: string) => items.find((item) => item.kind === kind)!;

describe("suggestions", () => {
  it("are empty until computed, then every kind appears with the savings worked out by hand, sorted by savings", async () => {
    const empty = await viewer.get(`/api/optimization/suggestions?projectId=${projectId}`);
    assert.equal(empty.status, 200);
    assert.deepEqual(empty.body, { items: [], totals: { monthlySavingsUsd: "0.000000000", active: 0 } });

    const refreshed = await member.post("/api/optimization/refresh", { projectId });
    assert.equal(refreshed.status, 200, JSON.stringify(refreshed.body));
    const items = refreshed.body.items as Item[];
    assert.deepEqual(
      items.map((item) => [item.kind, item.type, item.monthlySavingsUsd, item.status]),
      [
        ["batch_api", "cost", "0.063000000", "active"],
        ["model_switch", "cost", "0.042000000", "active"],
        ["model_switch", "cost", "0.004980000", "active"],
        ["truncation", "quality", "0.004800000", "active"],
        ["error_waste", "quality", "0.001500000", "active"],
        // Equal savings: by title ("gpt-4.1-nano answers …" before "No price for …").
        ["slow_model", "performance", "0.000000000", "active"],
        ["unknown_price", "cost", "0.000000000", "active"],
      ],
    );
    assert.deepEqual(refreshed.body.totals, { monthlySavingsUsd: "0.116280000", active: 7 });
    assert.deepEqual(byKind(items, "slow_model").subject, {
      model: "gpt-4o-mini",
      prompt: "chat",
      promptVersion: "2",
      toModel: "gpt-4.1-nano",
    });
    assert.deepEqual(byKind(items, "unknown_price").subject, { model: "mystery-9", provider: "openai" });
    assert.equal(byKind(items, "unknown_price").evidence["unpricedRuns"], 5);
    assert.equal(byKind(items, "error_waste").evidence["errors"], 10);
    assert.equal(byKind(items, "batch_api").evidence["offlineRuns"], 60);
    // Every suggestion's evidence says how its subject's traffic fares: gpt-4o-mini has 60 + 50 runs, 10 failed, 18 flagged.
    assert.deepEqual(byKind(items, "batch_api").evidence["subjectTraffic"], { runs: 110, successRate: 100 / 110, qualityRate: 92 / 110 });

    // Measured: gpt-4.1-nano served chat v2 50 times, all successful, against gpt-4o-mini's 40 of 50. Re-pricing
    // gpt-4o-mini's 50 runs at nano's 0.10 / 0.40: 10 failed × $0.0005 less + 8 cut × $0.0002 + 32 × $0.00009 = $0.00498.
    const [untested, measured] = items.filter((item) => item.kind === "model_switch");
    assert.deepEqual(measured!.subject, {
      model: "gpt-4o-mini",
      prompt: "chat",
      promptVersion: "2",
      provider: "openai",
      toModel: "gpt-4.1-nano",
    });
    assert.equal((measured as Item & { evidenceKind: string }).evidenceKind, "measured");
    assert.equal((measured as Item & { confidence: string }).confidence, "medium", "50 runs each: fewer than 200");
    const tests = measured!.evidence["tests"] as {
      success: { difference: { low: number; high: number }; notWorse: boolean };
      rating: unknown;
    };
    assert.ok(tests.success.difference.low > -0.02 && tests.success.notWorse);
    assert.deepEqual(tests.rating, { tested: false, reason: "fewer than 20 ratings on a side" }, "no ratings to compare");
    assert.deepEqual(measured!.evidence["repriced"], {
      matchedRuns: 50,
      currentCostUsd: "0.014940000000",
      projectedCostUsd: "0.009960000000",
      windowDays: 30,
    });
    // Untested: nano never served summarize v1; its 60 runs at nano's prices: 60 × ($0.0021 − $0.0014) = $0.042.
    assert.equal((untested as Item & { evidenceKind: string; confidence: string }).evidenceKind, "untested");
    assert.equal((untested as Item & { confidence: string }).confidence, "low");
    assert.deepEqual(untested!.subject, {
      model: "gpt-4o-mini",
      prompt: "summarize",
      promptVersion: "1",
      provider: "openai",
      toModel: "gpt-4.1-nano",
    });
    assert.equal(refreshed.body.refresh.findings, 7);
    assert.equal(refreshed.body.refresh.written, 7);

    const again = await member.post("/api/optimization/refresh", { projectId });
    assert.equal(again.body.refresh.written, 0, "the same figures write nothing");
    assert.deepEqual(
      (again.body.items as Item[]).map((item) => item.id),
      items.map((item) => item.id),
      "same ids: a recomputation updates, never copies",
    );
  });

  it("filters by status, type and kind; bad parameters are 400s naming them", async () => {
    assert.deepEqual(
      ((await list(viewer, "&type=quality")).body.items as Item[]).map((i) => i.kind),
      ["truncation", "error_waste"],
    );
    assert.deepEqual(
      ((await list(viewer, "&kind=batch_api")).body.items as Item[]).map((i) => i.kind),
      ["batch_api"],
    );
    const bad = await list(viewer, "&status=pending");
    assert.equal(bad.status, 400);
    assert.equal(bad.body.error.field, "status");
    const unknown = await list(viewer, "&colour=red");
    assert.equal(unknown.status, 400);
    assert.match(unknown.body.error.message, /Unknown parameter "colour"/);
  });

  it("dismiss keeps a suggestion dismissed across recomputations; it comes back when its savings double", async () => {
    const batch = byKind((await list(viewer)).body.items, "batch_api");
    const dismissed = await member.post("/api/optimization/dismiss", { suggestionId: batch.id, reason: 'we need answers <now> & "fast"' });
    assert.equal(dismissed.status, 200);
    assert.equal(dismissed.body.status, "dismissed");
    assert.equal(dismissed.body.dismissReason, 'we need answers <now> & "fast"');
    assert.deepEqual((await list(viewer)).body.totals, { monthlySavingsUsd: "0.053280000", active: 6 });

    await member.post("/api/optimization/refresh", { projectId });
    assert.equal(byKind((await list(viewer)).body.items, "batch_api").status, "dismissed", "same savings: stays dismissed");

    // 60 more offline runs double the batch saving to $0.126: it comes back.
    await insertSpans(db.store, {
      rows: runs(60, projectId, { ...mini, prompt_name: "summarize", prompt_version: "1", input_tokens: 10_000, output_tokens: 1_000 }),
    });
    await member.post("/api/optimization/refresh", { projectId });
    const back = byKind((await list(viewer)).body.items, "batch_api");
    assert.equal(back.status, "active");
    assert.equal(back.monthlySavingsUsd, "0.126000000");
    assert.equal(back.statusChangedBy, "engine");
  });

  it("apply records who; applied and dismissed survive a restart of the API", async () => {
    const truncation = byKind((await list(viewer)).body.items, "truncation");
    const applied = await owner.post("/api/optimization/apply", { suggestionId: truncation.id });
    assert.equal(applied.status, 200);
    assert.equal(applied.body.status, "applied");
    const slow = byKind((await list(viewer)).body.items, "slow_model");
    assert.equal((await member.post("/api/optimization/dismiss", { suggestionId: slow.id })).status, 200);

    await api.close();
    api = await startApi({ store: db.store });
    // The same people, signed in, on the restarted API (sessions live in the store).
    [owner, member, viewer, outsider] = [owner, member, viewer, outsider].map((client) => {
      const moved = api.browser();
      for (const [name, value] of client.cookies) moved.cookies.set(name, value);
      return moved;
    }) as [Client, Client, Client, Client];
    await member.post("/api/optimization/refresh", { projectId });
    const items = (await list(viewer)).body.items as Item[];
    assert.equal(byKind(items, "truncation").status, "applied");
    assert.equal(byKind(items, "slow_model").status, "dismissed");
    assert.equal((await list(viewer, "&status=applied")).body.items.length, 1);
  });

  it("an applied suggestion shows what it really saved: cost per run before and since, scaled to 30 days", async () => {
    const errors = byKind((await list(viewer)).body.items, "error_waste");
    const applied = await member.post("/api/optimization/apply", { suggestionId: errors.id });
    assert.equal(applied.body.realized.since.runs, 0);
    assert.equal(applied.body.realized.monthlySavingsUsd, null, "nothing to compare yet");
    // Before: gpt-4o-mini on chat v2: 10 failed × $0.00015 + 8 cut × $0.0006 + 32 × $0.00027 = $0.01494 over 50 runs.
    assert.deepEqual(
      [applied.body.realized.before.runs, applied.body.realized.before.costUsd, applied.body.realized.before.costPerRunUsd],
      [50, "0.014940000", "0.000298800"],
    );
    // Since: 10 runs at $0.00027, all fine.
    const appliedAt = Date.parse(applied.body.statusChangedAt);
    const since = runs(10, projectId, { ...mini, ...chat, latencyMs: 3000, input_tokens: 1_000, output_tokens: 200 }).map((row, i) => ({
      ...row,
      start_time: new Date(appliedAt + 1 + i).toISOString().replace("T", " ").replace("Z", "000000"),
    }));
    await insertSpans(db.store, { rows: since });
    await new Promise((resolve) => setTimeout(resolve, 20));
    const realized = byKind((await list(viewer, "&status=applied")).body.items, "error_waste") as Item & { realized: any };
    assert.deepEqual(
      [realized.realized.since.runs, realized.realized.since.costPerRunUsd, realized.realized.since.successRate],
      [10, "0.000270000", 1],
    );
    assert.equal(realized.realized.before.successRate, 0.8);
    // Saved ($0.0002988 − $0.00027) × 10 = $0.000288 in the time since, scaled to 30 days.
    const sinceMs = Date.parse(realized.realized.since.to) - Date.parse(realized.realized.since.from);
    const expected = (0.000288 * 30 * 86_400_000) / sinceMs;
    assert.ok(
      Math.abs(Number(realized.realized.monthlySavingsUsd) - expected) <= 1e-9 * Math.max(1, expected),
      `${realized.realized.monthlySavingsUsd} ≈ ${expected}`,
    );
  });

  it("viewers read but may not change; another org's suggestion is a 404; no caller is a 401", async () => {
    const [first] = (await list(viewer)).body.items as Item[];
    assert.equal((await viewer.post("/api/optimization/apply", { suggestionId: first!.id })).status, 403);
    assert.equal((await viewer.post("/api/optimization/dismiss", { suggestionId: first!.id })).status, 403);
    assert.equal((await viewer.post("/api/optimization/refresh", { projectId })).status, 403);

    assert.equal((await outsider.get(`/api/optimization/suggestions?projectId=${projectId}`)).status, 404);
    assert.equal((await outsider.post("/api/optimization/apply", { suggestionId: first!.id })).status, 404);
    assert.equal((await outsider.post("/api/optimization/dismiss", { suggestionId: first!.id })).status, 404);
    assert.equal((await outsider.post("/api/optimization/refresh", { projectId })).status, 404);
    const missing = await outsider.post("/api/optimization/apply", { suggestionId: "sg_000000000000000000000000" });
    assert.equal(missing.status, 404);
    assert.equal(missing.body.error.message, "No such suggestion", "a missing and another org's answer alike");

    const anonymous = api.browser();
    assert.equal((await anonymous.post("/api/optimization/apply", { suggestionId: first!.id })).status, 401);
    assert.equal((await anonymous.post("/api/optimization/apply", { suggestionId: "sg_000000000000000000000000" })).status, 401);

    // The outsider's own project has its own suggestions, none of ours.
    const theirs = await outsider.get(`/api/optimization/suggestions?projectId=${otherProjectId}`);
    assert.deepEqual(theirs.body.items, []);
  });

  it("refuses a malformed suggestion id and unknown fields, naming them", async () => {
    const bad = await member.post("/api/optimization/apply", { suggestionId: "'; DROP TABLE suggestions; --" });
    assert.equal(bad.status, 400);
    assert.equal(bad.body.error.field, "suggestionId");
    const extra = await member.post("/api/optimization/dismiss", { suggestionId: "sg_000000000000000000000000", why: "x" });
    assert.equal(extra.status, 400);
    assert.equal(extra.body.error.field, "why");
  });

  it("a project's settings change the window and what counts as offline traffic; owners and admins set them", async () => {
    assert.deepEqual((await viewer.get(`/api/optimization/settings?projectId=${projectId}`)).body, {
      projectId,
      windowDays: 30,
      offlineTags: [],
      offlineServices: [],
      updatedAt: null,
      updatedBy: "",
    });
    const change = { projectId, windowDays: 7, offlineTags: ["nightly", "nightly"] };
    assert.equal((await member.request("PUT", "/api/optimization/settings", { body: change })).status, 403);
    assert.equal((await outsider.request("PUT", "/api/optimization/settings", { body: change })).status, 404);
    const bad = await owner.request("PUT", "/api/optimization/settings", { body: { projectId, windowDays: 0 } });
    assert.equal(bad.status, 400);
    assert.equal(bad.body.error.field, "windowDays");
    assert.equal((await outsider.get(`/api/optimization/settings?projectId=${projectId}`)).status, 404);
    assert.equal((await viewer.request("PUT", "/api/optimization/settings", { body: change })).status, 403);
    // Hostile tags are kept as text and only ever bound as query parameters.
    const hostile = ["x'); DROP TABLE spans; --", "<script>alert(1)</script>", '=HYPERLINK("http://evil")'];
    const withHostile = await owner.request("PUT", "/api/optimization/settings", { body: { projectId, offlineServices: hostile } });
    assert.deepEqual(withHostile.body.offlineServices, hostile);
    assert.equal((await member.post("/api/optimization/refresh", { projectId })).status, 200, "a refresh with them runs");
    const saved = await owner.request("PUT", "/api/optimization/settings", { body: { ...change, offlineServices: [] } });
    assert.equal(saved.status, 200);
    assert.deepEqual([saved.body.windowDays, saved.body.offlineTags], [7, ["nightly"]]);

    // 50 streamed runs for an end user, but tagged nightly: offline now. 1,000 in and 100 out at 0.15 / 0.60: $0.00021 each.
    await insertSpans(db.store, {
      rows: runs(50, projectId, {
        ...mini,
        prompt_name: "digest",
        user_id: "u2",
        ttft_ms: 50,
        tags: ["nightly"],
        input_tokens: 1_000,
        output_tokens: 100,
      }),
    });
    const refreshed = await member.post("/api/optimization/refresh", { projectId });
    const batch = byKind(refreshed.body.items, "batch_api");
    // 120 summarize runs × $0.0021 + 50 × $0.00021 = $0.2625 in 7 days; half of it over 30 days: $0.13125 × 30 / 7 = $0.5625.
    assert.equal(batch.evidence["offlineRuns"], 170);
    assert.equal(batch.monthlySavingsUsd, "0.562500000");
    assert.equal((batch as Item & { windowDays?: number } & Record<string, unknown>)["windowDays"], 7);
  });
  it("applying a model switch makes the gateway's routing rule for that prompt, at the share picked", async () => {
    const measured = ((await list(viewer)).body.items as (Item & { evidenceKind: string })[]).find(
      (item) => item.kind === "model_switch" && item.evidenceKind === "measured",
    )!;
    assert.equal((await member.post("/api/optimization/apply", { suggestionId: measured.id, share: 1.5 })).status, 400);
    assert.equal((await member.post("/api/optimization/apply", { suggestionId: measured.id, share: 0.5 })).status, 200);
    const rules = await viewer.get(`/api/projects/${projectId}/routing-rules`);
    assert.deepEqual(
      rules.body.map((rule: any) => [rule.match, rule.targetModel, rule.targetProvider, rule.share, rule.sticky, rule.suggestionId]),
      [
        [
          { promptName: "chat", promptVersion: "2", model: "gpt-4o-mini", tags: [], userId: "" },
          "gpt-4.1-nano",
          "openai",
          0.5,
          "user",
          measured.id,
        ],
      ],
    );
  });
});
