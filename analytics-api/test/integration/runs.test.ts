// The run list and detail over HTTP on the embedded store: filters, text search with hostile values,
// every sort paged by cursor across ties (each run exactly once), the trace tree, logging a run
// through the API (priced like the ingest, into the rollups), and another org's runs as 404s.
import assert from "node:assert/strict";
import { after, before, describe, test } from "node:test";
import { insertPriceOverride, insertSpans } from "@promptmetrics/clickhouse";
import type { SpanRow } from "@promptmetrics/runs";
import { invitedMember, openTestStore, signedUp, startApi, type Client, type TestApi, type TestStore } from "./accounts-harness.ts";
import { hexId, llmRun, plainSpan, runId } from "./runs-fixtures.ts";

let db: TestStore;
let api: TestApi;
let alice: Client;
let viewer: Client;
let bob: Client;
let aliceToken: string;
let pA: string;
let pCreated: string;
let pB: string;

const T = new Date("2026-11-20T10:00:00Z");
const at = (seconds: number) => new Date(T.getTime() + seconds * 1000);
const NOW = new Date("2026-11-25T12:00:00Z");

const named: Record<string, SpanRow> = {};
const ties: SpanRow[] = [];
let traceRows: SpanRow[] = [];
let bobRun: SpanRow;

before(async () => {
  db = await openTestStore();
  api = await startApi({ store: db.store, now: () => NOW });
  const a = await signedUp(api, "alice@example.com");
  alice = a.client;
  pA = a.me.projects[0].id;
  viewer = await invitedMember(api, alice, a.me.orgs[0].id, "vera@example.com", "viewer");
  aliceToken = (await alice.post("/api/tokens", { name: "script" })).body.token;
  pCreated = (await alice.post("/api/projects", { orgId: a.me.orgs[0].id, name: "Logged by API" })).body.id;
  const b = await signedUp(api, "bob@example.com");
  bob = b.client;
  pB = b.me.projects[0].id;

  named.refund = llmRun(pA, {
    start: at(0),
    user_id: "u1",
    session_id: "s1",
    prompt_name: "checkout",
    prompt_version: "v1",
    tags: ["beta"],
    input_text: "Please REFUND my order",
    output_text: "Sure.",
  });
  named.injection = llmRun(pA, {
    start: at(60),
    latencyMs: 3000,
    model: "claude-sonnet-4-5",
    provider: "anthropic",
    request_model: "claude-sonnet-4-5",
    response_model: "claude-sonnet-4-5",
    user_id: "u2",
    session_id: "s2",
    prompt_name: "checkout",
    prompt_version: "v2",
    tags: ["beta", "vip"],
    status_code: "error",
    cost_usd: "0.012300000000",
    input_text: "robert'); DROP TABLE spans; ' OR 1=1 --",
    output_text: "",
    // error, as the ingest flags a failed call
    quality_flags: 16,
  });
  named.unpriced = llmRun(pA, {
    start: at(120),
    latencyMs: 500,
    model: "my-finetune",
    request_model: "my-finetune",
    response_model: "my-finetune",
    priced_model: "",
    price_source: "unknown",
    cost_usd: null,
    cost_input_usd: "0",
    cost_output_usd: "0",
    user_id: "u1",
    session_id: "s1",
    output_text: "your refund is processed",
    // invalid_json and truncated
    quality_flags: 4 | 8,
  });
  // 20 runs that tie on every sort key in groups, so pages must break ties by trace and span id.
  for (let i = 0; i < 20; i++) {
    ties.push(
      llmRun(pA, {
        start: at(600 + Math.floor(i / 5)),
        latencyMs: 1000 + (i % 3) * 1000,
        cost_usd: ["0.001000000000", "0.002000000000", null][i % 3]!,
        input_tokens: 100 * (i % 4),
        output_tokens: 10,
        input_text: `tie ${i}`,
      }),
    );
  }
  // One trace: agent → [chat, tool → [chat]].
  const trace = hexId(32);
  const agent = plainSpan(pA, { trace_id: trace, start: at(1800), latencyMs: 5000, name: "agent" });
  const firstChat = llmRun(pA, {
    trace_id: trace,
    parent_span_id: agent.span_id,
    start: at(1801),
    name: "chat gpt-4o",
    span_attributes: { "gen_ai.request.model": "gpt-4o", team: "search" },
    input_hash: "a0f2d95cd5d80eb9a256accbaa3c3ea1",
    prefix_hash: "dd14b6f0c89d1467247d9775683797e1",
    prefix_tokens: 1024,
    cache_read_tokens: 1024,
  });
  const tool = plainSpan(pA, {
    trace_id: trace,
    parent_span_id: agent.span_id,
    start: at(1802),
    name: "tool search",
    status_code: "error",
  });
  const secondChat = llmRun(pA, {
    trace_id: trace,
    parent_span_id: tool.span_id,
    start: at(1803),
    cost_usd: "0.036825000000",
    cost_input_usd: "0.012000000000",
    cost_cache_read_usd: "0.001200000000",
    cost_cache_write_usd: "0.008625000000",
    cost_output_usd: "0.012000000000",
    cost_reasoning_usd: "0.003000000000",
  });
  traceRows = [agent, firstChat, tool, secondChat];
  named.firstChat = firstChat;
  named.secondChat = secondChat;
  bobRun = llmRun(pB, { start: at(0), input_text: "Please REFUND my order (bob)", user_id: "u1" });
  // Another project's span in the same trace id must not join the tree.
  const intruder = plainSpan(pB, { trace_id: trace, parent_span_id: agent.span_id, start: at(1804), name: "bob's span" });
  await insertSpans(db.store, { rows: [named.refund, named.injection, named.unpriced, ...ties, ...traceRows, bobRun, intruder] });
  // gpt-4o in the API project at 1 / 2 USD per 1M tokens (input / output).
  await insertPriceOverride(db.store, {
    id: "po_1",
    projectId: pCreated,
    model: "gpt-4o",
    effectiveFrom: "2020-01-01 00:00:00.000",
    inputPerMtok: "1",
    outputPerMtok: "2",
    cachedInputPerMtok: null,
    cacheWrite5mPerMtok: null,
    cacheWrite1hPerMtok: null,
  });
});
after(async () => {
  await api.close();
  await db.close();
});

const allA = () => [named.refund!, named.injection!, named.unpriced!, ...ties, named.firstChat!, named.secondChat!];
const compare = (x: string, y: string) => (x < y ? -1 : x > y ? 1 : 0);
const ids = (items: Array<{ id: string }>) => items.map((item) => item.id);
const sortedIds = (rows: SpanRow[]) => rows.map(runId).sort();
async function list(client: Client, query: string) {
  const reply = await client.get(`/api/runs?projectId=${pA}${query}`);
  assert.equal(reply.status, 200, JSON.stringify(reply.body));
  return reply.body as { items: any[]; nextCursor: string | null };
}

describe("listing", () => {
  test("every LLM run of the project, newest first, with its fields", async () => {
    const page = await list(alice, "&limit=200");
    assert.equal(page.nextCursor, null);
    assert.deepEqual(ids(page.items).sort(), sortedIds(allA()));
    const starts = page.items.map((item) => item.startTime);
    assert.deepEqual(starts, [...starts].sort().reverse());
    const injection = page.items.find((item) => item.id === runId(named.injection!));
    assert.deepEqual(injection, {
      id: runId(named.injection!),
      traceId: named.injection!.trace_id,
      spanId: named.injection!.span_id,
      startTime: "2026-11-20T10:01:00.000Z",
      endTime: "2026-11-20T10:01:03.000Z",
      latencyMs: 3000,
      ttftMs: null,
      model: "claude-sonnet-4-5",
      provider: "anthropic",
      operation: "chat",
      promptName: "checkout",
      promptVersion: "v2",
      userId: "u2",
      sessionId: "s2",
      tags: ["beta", "vip"],
      inputTokens: 100,
      outputTokens: 50,
      cacheReadTokens: 0,
      cacheWriteTokens: 0,
      reasoningTokens: 0,
      costUsd: 0.0123,
      status: "error",
      finishReason: "stop",
      qualityFlags: ["error"],
      rating: null,
      success: null,
      feedback: null,
      inputPreview: "robert'); DROP TABLE spans; ' OR 1=1 --",
      outputPreview: "",
    });
    assert.equal(page.items.find((item) => item.id === runId(named.unpriced!)).costUsd, null);
  });

  test("each filter keeps exactly the matching runs", async () => {
    const cases: Array<[string, SpanRow[]]> = [
      ["&model=claude-sonnet-4-5", [named.injection!]],
      ["&model=claude-sonnet-4-5&model=my-finetune", [named.injection!, named.unpriced!]],
      ["&provider=anthropic", [named.injection!]],
      ["&userId=u1", [named.refund!, named.unpriced!]],
      ["&sessionId=s2", [named.injection!]],
      ["&prompt=checkout", [named.refund!, named.injection!]],
      ["&prompt=checkout&promptVersion=v1", [named.refund!]],
      ["&tag=vip", [named.injection!]],
      ["&tag=beta", [named.refund!, named.injection!]],
      ["&status=error", [named.injection!]],
      ["&minCost=0.01", [named.injection!, named.secondChat!]],
      ["&maxCost=0.0005", []],
      ["&minCost=0.0123&maxCost=0.0123", [named.injection!]],
      ["&from=2026-11-20T10:00:30Z&to=2026-11-20T10:02:01Z", [named.injection!, named.unpriced!]],
      ["&to=2026-11-20T10:00:00.001Z", [named.refund!]],
      ["&rated=false&model=my-finetune", [named.unpriced!]],
      ["&rated=true", []],
      ["&model=' OR 1=1 --", []],
      ["&userId=u1' OR '1'='1", []],
    ];
    for (const [query, expected] of cases) {
      const page = await list(alice, `&limit=200${query.replace(/ /g, "%20").replace(/'/g, "%27")}`);
      assert.deepEqual(ids(page.items).sort(), sortedIds(expected), query);
    }
  });

  test("quality: ok is no flag, failing any flag, a flag's name its runs; several are any of them", async () => {
    const others = allA().filter((row) => row !== named.injection && row !== named.unpriced);
    const cases: Array<[string, SpanRow[]]> = [
      ["&quality=ok", others],
      ["&quality=failing", [named.injection!, named.unpriced!]],
      ["&quality=error", [named.injection!]],
      ["&quality=truncated", [named.unpriced!]],
      ["&quality=invalid_json&quality=error", [named.injection!, named.unpriced!]],
      ["&quality=refusal", []],
      ["&quality=ok&quality=error", [...others, named.injection!]],
      ["&quality=failing&model=my-finetune", [named.unpriced!]],
    ];
    for (const [query, expected] of cases) {
      const page = await list(alice, `&limit=200${query}`);
      assert.deepEqual(ids(page.items).sort(), sortedIds(expected), query);
    }
    const unpriced = (await list(alice, "&quality=truncated")).items[0];
    assert.deepEqual(unpriced.qualityFlags, ["invalid_json", "truncated"]);
  });

  test("q finds text in the input or the output, ignoring case; a hostile value is only text", async () => {
    const search = async (q: string) => ids((await list(alice, `&q=${encodeURIComponent(q)}`)).items).sort();
    assert.deepEqual(await search("refund"), sortedIds([named.refund!, named.unpriced!]));
    assert.deepEqual(await search("ReFuNd MY"), sortedIds([named.refund!]));
    assert.deepEqual(await search("' OR 1=1 --"), sortedIds([named.injection!]));
    assert.deepEqual(await search("'); DROP TABLE spans;"), sortedIds([named.injection!]));
    assert.deepEqual(await search("%"), []);
    assert.equal((await list(alice, "&limit=200")).items.length, allA().length, "the table is still there");
  });

  const keyOf: Record<string, (row: SpanRow) => number | string> = {
    startTime: (row) => row.start_time,
    cost: (row) => (row.cost_usd === null ? -1 : Number(row.cost_usd)),
    latency: (row) => row.duration_ns,
    tokens: (row) => row.input_tokens + row.output_tokens,
  };
  for (const sort of ["startTime", "cost", "latency", "tokens"]) {
    for (const order of ["desc", "asc"] as const) {
      test(`sorted by ${sort} ${order}, pages of 3 list every run exactly once in order`, async () => {
        const seen: string[] = [];
        let cursor: string | null = null;
        let pages = 0;
        do {
          const page: { items: any[]; nextCursor: string | null } = await list(
            alice,
            `&sort=${sort}&order=${order}&limit=3${cursor ? `&cursor=${cursor}` : ""}`,
          );
          assert.ok(page.items.length <= 3);
          seen.push(...ids(page.items));
          cursor = page.nextCursor;
          pages++;
        } while (cursor && pages < 50);
        const sign = order === "desc" ? -1 : 1;
        const expected = [...allA()].sort((x, y) => {
          const [kx, ky] = [keyOf[sort]!(x), keyOf[sort]!(y)];
          const byKey = kx < ky ? -1 : kx > ky ? 1 : 0;
          return sign * (byKey || compare(x.trace_id, y.trace_id) || compare(x.span_id, y.span_id));
        });
        assert.deepEqual(seen, expected.map(runId));
        assert.equal(pages, Math.ceil(expected.length / 3));
      });
    }
  }

  test("a bad cursor, a cursor of another sort and bad parameters are 400s naming the field", async () => {
    const first = await list(alice, "&sort=cost&limit=2");
    assert.ok(first.nextCursor);
    const cases: Array<[string, string]> = [
      ["&cursor=not-a-cursor", "cursor"],
      [`&cursor=${first.nextCursor}`, "cursor"],
      [`&sort=cost&order=asc&cursor=${first.nextCursor}`, "cursor"],
      ["&limit=0", "limit"],
      ["&limit=201", "limit"],
      ["&sort=name", "sort"],
      ["&rated=maybe", "rated"],
      ["&quality=bad", "quality"],
      ["&minCost=cheap", "minCost"],
      ["&from=yesterday", "from"],
      ["&colour=red", "colour"],
    ];
    for (const [query, field] of cases) {
      const reply = await alice.get(`/api/runs?projectId=${pA}${query}`);
      assert.equal(reply.status, 400, query);
      assert.equal(reply.body.error.field, field, query);
    }
  });
});

describe("one run", () => {
  test("its content-free evidence: the request's hashes, the prefix's tokens and the quality flags", async () => {
    const reply = await alice.get(`/api/runs/${runId(named.firstChat!)}?projectId=${pA}`);
    assert.equal(reply.status, 200, JSON.stringify(reply.body));
    assert.deepEqual(
      [reply.body.inputHash, reply.body.prefixHash, reply.body.prefixTokens, reply.body.qualityFlags],
      ["a0f2d95cd5d80eb9a256accbaa3c3ea1", "dd14b6f0c89d1467247d9775683797e1", 1024, []],
    );
    const failed = (await alice.get(`/api/runs/${runId(named.injection!)}?projectId=${pA}`)).body;
    assert.deepEqual([failed.inputHash, failed.prefixHash, failed.prefixTokens, failed.qualityFlags], ["", "", 0, ["error"]]);
  });

  test("its full text, cost breakdown, attributes and whole trace as a tree", async () => {
    const reply = await alice.get(`/api/runs/${runId(named.secondChat!)}?projectId=${pA}`);
    assert.equal(reply.status, 200, JSON.stringify(reply.body));
    const run = reply.body;
    assert.equal(run.id, runId(named.secondChat!));
    assert.equal(run.input, "user: hello");
    assert.equal(run.output, "assistant: hi");
    assert.equal(run.usageEstimated, false);
    assert.deepEqual(run.cost, {
      totalUsd: 0.036825,
      inputUsd: 0.012,
      cacheReadUsd: 0.0012,
      cacheWriteUsd: 0.008625,
      outputUsd: 0.012,
      reasoningUsd: 0.003,
      reportedUsd: null,
      priceSource: "catalogue",
      pricedModel: "gpt-4o",
    });
    assert.deepEqual(run.attributes, { "gen_ai.request.model": "gpt-4o" });
    const [agent, firstChat, tool, secondChat] = traceRows;
    const shape = (nodes: any[]): unknown =>
      nodes.map((node) => ({ name: node.name, id: node.id, isLlm: node.isLlm, children: shape(node.children) }));
    assert.equal(run.trace.spanCount, 4, "bob's span with the same trace id is not part of it");
    assert.equal(run.trace.truncated, false);
    assert.deepEqual(shape(run.trace.roots), [
      {
        name: "agent",
        id: agent!.span_id,
        isLlm: false,
        children: [
          { name: "chat gpt-4o", id: firstChat!.span_id, isLlm: true, children: [] },
          {
            name: "tool search",
            id: tool!.span_id,
            isLlm: false,
            children: [{ name: "chat gpt-4o", id: secondChat!.span_id, isLlm: true, children: [] }],
          },
        ],
      },
    ]);
    const toolNode = run.trace.roots[0].children[1];
    assert.deepEqual(
      {
        status: toolNode.status,
        runId: toolNode.runId,
        durationMs: toolNode.durationMs,
        startTime: toolNode.startTime,
        parentId: toolNode.parentId,
      },
      { status: "error", runId: null, durationMs: 1000, startTime: "2026-11-20T10:30:02.000Z", parentId: agent!.span_id },
    );
    assert.equal(run.trace.roots[0].children[0].runId, runId(firstChat!));
  });

  test("without projectId, the run is found in the caller's projects", async () => {
    const reply = await viewer.get(`/api/runs/${runId(named.firstChat!)}`);
    assert.equal(reply.status, 200);
    assert.equal(reply.body.projectId, pA);
    assert.deepEqual(reply.body.attributes, { "gen_ai.request.model": "gpt-4o", team: "search" });
  });

  test("a run that does not exist, or is not an LLM run, is a 404", async () => {
    for (const id of ["nope", `${traceRows[0]!.trace_id}-${traceRows[0]!.span_id}`, `${hexId(32)}-${hexId(16)}`]) {
      assert.equal((await alice.get(`/api/runs/${id}?projectId=${pA}`)).status, 404, id);
      assert.equal((await alice.get(`/api/runs/${id}`)).status, 404, id);
    }
  });
});

describe("another org's runs", () => {
  test("are 404s on the list and the detail, with or without a project; no caller is a 401", async () => {
    assert.equal((await bob.get(`/api/runs?projectId=${pA}`)).status, 404);
    assert.equal((await bob.get(`/api/runs/${runId(named.refund!)}?projectId=${pA}`)).status, 404);
    assert.equal((await bob.get(`/api/runs/${runId(named.refund!)}?projectId=${pB}`)).status, 404);
    assert.equal((await bob.get(`/api/runs/${runId(named.refund!)}`)).status, 404);
    assert.equal((await alice.get(`/api/runs/${runId(bobRun)}`)).status, 404);
    assert.equal((await bob.post("/api/runs/create", { projectId: pA, model: "gpt-4o" })).status, 404);
    const anonymous = api.browser();
    assert.equal((await anonymous.get(`/api/runs?projectId=${pA}`)).status, 401);
    assert.equal((await anonymous.get(`/api/runs/${runId(named.refund!)}`)).status, 401);
    // Bob's own list holds only his run.
    const own = await bob.get(`/api/runs?projectId=${pB}`);
    assert.deepEqual(ids(own.body.items), [runId(bobRun)]);
  });
});

describe("logging a run through the API", () => {
  test("prices it with the project's overrides, records the token, and feeds the rollups", async () => {
    // gpt-4o overridden at 1 / 2 USD per 1M: 1,000 input × 1 + 500 output × 2 = 0.001 + 0.001 = 0.002.
    const reply = await alice.post(
      "/api/runs/create",
      {
        projectId: pCreated,
        model: "gpt-4o",
        input: "What is 2+2?",
        output: "4",
        inputTokens: 1000,
        outputTokens: 500,
        latencyMs: 1200,
        startTime: "2026-11-25T11:00:00Z",
        userId: "end-user-7",
        sessionId: "sess-1",
        promptName: "math",
        promptVersion: "v3",
        tags: ["api"],
        metadata: { customer: "acme" },
      },
      { authorization: `Bearer ${aliceToken}` },
    );
    assert.equal(reply.status, 201, JSON.stringify(reply.body));
    const created = reply.body;
    assert.match(created.id, /^[0-9a-f]{32}-[0-9a-f]{16}$/);
    assert.deepEqual(
      {
        costUsd: created.costUsd,
        priceSource: created.priceSource,
        provider: created.provider,
        startTime: created.startTime,
        endTime: created.endTime,
        latencyMs: created.latencyMs,
      },
      {
        costUsd: 0.002,
        priceSource: "override",
        provider: "openai",
        startTime: "2026-11-25T11:00:00.000Z",
        endTime: "2026-11-25T11:00:01.200Z",
        latencyMs: 1200,
      },
    );

    const listed = await alice.get(`/api/runs?projectId=${pCreated}`);
    assert.deepEqual(ids(listed.body.items), [created.id]);
    assert.equal(listed.body.items[0].inputPreview, "What is 2+2?");
    const detail = await alice.get(`/api/runs/${created.id}`);
    assert.equal(detail.body.cost.inputUsd, 0.001);
    assert.equal(detail.body.cost.outputUsd, 0.001);
    assert.equal(detail.body.attributes["promptmetrics.created_by"], (await alice.get("/api/auth/me")).body.user.id);
    assert.equal(detail.body.attributes.customer, "acme");

    const tokenId = (await alice.get("/api/tokens")).body[0].id;
    const [stored] = await db.store.query<{ ingest_key_id: string }>("SELECT ingest_key_id FROM spans WHERE project_id = {p:String}", {
      p: pCreated,
    });
    assert.equal(stored?.ingest_key_id, tokenId, "the token stands where an ingest key would, for the member figures");
    const rollup = await db.store.query<{ requests: number; cost: number; input: number }>(
      "SELECT sum(requests) AS requests, toFloat64(sum(cost_usd)) AS cost, sum(input_tokens) AS input FROM rollup_model_hourly WHERE project_id = {p:String}",
      { p: pCreated },
    );
    assert.deepEqual(rollup, [{ requests: 1, cost: 0.002, input: 1000 }]);
  });

  test("prices from the catalogue without overrides, keeps a given cost, and leaves unknown models unpriced", async () => {
    // gpt-4o from the catalogue at 2.50 / 10 USD per 1M: 1,000 × 2.50 + 100 × 10 = 0.0025 + 0.001 = 0.0035.
    const catalogue = await alice.post("/api/runs/create", {
      projectId: pA,
      model: "gpt-4o-2024-08-06",
      inputTokens: 1000,
      outputTokens: 100,
    });
    assert.equal(catalogue.status, 201);
    assert.equal(catalogue.body.costUsd, 0.0035);
    assert.equal(catalogue.body.priceSource, "catalogue");
    assert.equal(catalogue.body.pricedModel, "gpt-4o");
    const given = await alice.post("/api/runs/create", { projectId: pA, model: "in-house-llm", costUsd: "0.25" });
    assert.deepEqual([given.status, given.body.costUsd, given.body.priceSource], [201, 0.25, "caller"]);
    const unknown = await alice.post("/api/runs/create", { projectId: pA, model: "in-house-llm", inputTokens: 5 });
    assert.deepEqual([unknown.status, unknown.body.costUsd, unknown.body.priceSource], [201, null, "unknown"]);
    // The run joins a given trace under a given parent.
    const child = await alice.post("/api/runs/create", {
      projectId: pA,
      model: "gpt-4o",
      traceId: traceRows[0]!.trace_id,
      parentId: traceRows[0]!.span_id,
      startTime: at(1804).toISOString(),
    });
    assert.equal(child.status, 201, JSON.stringify(child.body));
    const tree = (await alice.get(`/api/runs/${child.body.id}`)).body.trace.roots;
    assert.ok(tree[0].children.some((node: any) => node.runId === child.body.id));
    // Logged from a browser session (no key): the run still counts for its creator as a team member.
    const members = (await alice.get(`/api/analytics/users?projectId=${pA}&from=30d`)).body.byMember;
    const mine = members.find((member: any) => member.email === "alice@example.com");
    assert.ok(mine && mine.requests >= 1, JSON.stringify(members));
  });

  test("prices fast mode, a regional geography and 12-hour cache writes, and the run shows them", async () => {
    // claude-opus-5 in fast mode, US-only: fast rates (2×) and +10% on every component.
    // 10,000 input = 2,000 read + 1,000 written + 7,000 uncached; 500 output.
    // 7,000 × $10/M = $0.07 → $0.077; 2,000 × $1/M = $0.002 → $0.0022; 1,000 × $12.50/M = $0.0125 → $0.01375;
    // 500 × $50/M = $0.025 → $0.0275; total $0.12045 (standard and global: $0.05475)
    const opus = await alice.post("/api/runs/create", {
      projectId: pA,
      model: "claude-opus-5",
      inputTokens: 10_000,
      cacheReadTokens: 2000,
      cacheWriteTokens: 1000,
      outputTokens: 500,
      serviceTier: "fast",
      inferenceGeo: " US ",
    });
    assert.equal(opus.status, 201, JSON.stringify(opus.body));
    assert.deepEqual([opus.body.costUsd, opus.body.priceSource, opus.body.pricedModel], [0.12045, "catalogue", "claude-opus-5"]);
    const opusRun = (await alice.get(`/api/runs/${opus.body.id}`)).body;
    assert.deepEqual([opusRun.provider, opusRun.serviceTier, opusRun.inferenceGeo], ["anthropic", "fast", "us"]);
    assert.deepEqual(
      [opusRun.cost.inputUsd, opusRun.cost.cacheReadUsd, opusRun.cost.cacheWriteUsd, opusRun.cost.outputUsd],
      [0.077, 0.0022, 0.01375, 0.0275],
    );

    // gpt-6.2-sol: 100,000 input = 40,000 read + 20,000 written (5,000 of them for 12 hours) + 40,000 uncached;
    // 2,000 output of which 500 reasoning. 40,000 × $2/M = $0.08; 40,000 × $0.10/M = $0.004;
    // 15,000 × $2.50/M + 5,000 × $5/M = $0.0375 + $0.025 = $0.0625; 1,500 × $10/M = $0.015; 500 × $10/M = $0.005 → $0.1665
    const sol = await alice.post("/api/runs/create", {
      projectId: pA,
      model: "gpt-6.2-sol",
      inputTokens: 100_000,
      cacheReadTokens: 40_000,
      cacheWriteTokens: 20_000,
      cacheWrite12hTokens: 5000,
      outputTokens: 2000,
      reasoningTokens: 500,
    });
    assert.equal(sol.status, 201, JSON.stringify(sol.body));
    assert.equal(sol.body.costUsd, 0.1665);
    const solRun = (await alice.get(`/api/runs/${sol.body.id}`)).body;
    assert.deepEqual(
      [solRun.cacheWriteTokens, solRun.cacheWrite1hTokens, solRun.cacheWrite12hTokens, solRun.inferenceGeo, solRun.cost.cacheWriteUsd],
      [20_000, 0, 5000, "", 0.0625],
    );
  });

  test("keeps the request's hashes it is given and flags what its status, finish reason, output and tokens show", async () => {
    const logged = async (body: Record<string, unknown>) => {
      const reply = await alice.post("/api/runs/create", { projectId: pA, model: "gpt-4o", inputTokens: 40, ...body });
      assert.equal(reply.status, 201, JSON.stringify(reply.body));
      return reply.body;
    };
    const refused = await logged({
      output: "I'm sorry, but I can't help with that.",
      outputTokens: 12,
      finishReason: "max_tokens",
      inputHash: "A0F2D95CD5D80EB9A256ACCBAA3C3EA1",
      prefixHash: "dd14b6f0c89d1467247d9775683797e1",
      prefixTokens: 1024,
    });
    assert.deepEqual(refused.qualityFlags, ["refusal", "truncated"]);
    const detail = (await alice.get(`/api/runs/${refused.id}`)).body;
    assert.deepEqual(
      [detail.inputHash, detail.prefixHash, detail.prefixTokens, detail.qualityFlags],
      ["a0f2d95cd5d80eb9a256accbaa3c3ea1", "dd14b6f0c89d1467247d9775683797e1", 1024, ["refusal", "truncated"]],
    );
    assert.deepEqual((await logged({ status: "error", statusMessage: "timeout" })).qualityFlags, ["error"]);
    assert.deepEqual((await logged({ output: "  ", outputTokens: 1 })).qualityFlags, ["empty_output"]);
    assert.deepEqual((await logged({ outputTokens: 0 })).qualityFlags, ["empty_output"]);
    // Nothing said about the answer: nothing to flag.
    const plain = await logged({});
    assert.deepEqual(plain.qualityFlags, []);
    assert.deepEqual((await alice.get(`/api/runs/${plain.id}`)).body.inputHash, "");
  });

  test("viewers may not log runs; bad bodies are 400s naming the field", async () => {
    const denied = await viewer.post("/api/runs/create", { projectId: pA, model: "gpt-4o" });
    assert.equal(denied.status, 403);
    const cases: Array<[Record<string, unknown>, string]> = [
      [{ projectId: pA }, "model"],
      [{ projectId: pA, model: "gpt-4o", inputTokens: -5 }, "inputTokens"],
      [{ projectId: pA, model: "gpt-4o", inputTokens: 10, cacheReadTokens: 20 }, "cacheReadTokens"],
      [{ projectId: pA, model: "gpt-4o", inputTokens: 100, cacheWriteTokens: 10, cacheWrite12hTokens: 11 }, "cacheWrite12hTokens"],
      [{ projectId: pA, model: "gpt-4o", inferenceGeo: "x".repeat(65) }, "inferenceGeo"],
      [{ projectId: pA, model: "gpt-4o", serviceTier: "turbo" }, "serviceTier"],
      [{ projectId: pA, model: "gpt-4o", parentId: "b7ad6b7169203331" }, "parentId"],
      [{ projectId: pA, model: "gpt-4o", startTime: "soon" }, "startTime"],
      [{ projectId: pA, model: "gpt-4o", metadata: { "promptmetrics.created_by": "mallory" } }, "metadata.promptmetrics.created_by"],
      [{ projectId: pA, model: "gpt-4o", price: 5 }, "price"],
      [{ projectId: pA, model: "gpt-4o", inputHash: "not hex" }, "inputHash"],
      [{ projectId: pA, model: "gpt-4o", prefixTokens: -1 }, "prefixTokens"],
      [{ model: "gpt-4o" }, "projectId"],
    ];
    for (const [body, field] of cases) {
      const reply = await alice.post("/api/runs/create", body);
      assert.equal(reply.status, 400, JSON.stringify(body));
      assert.equal(reply.body.error.field, field, JSON.stringify(body));
    }
  });
});
