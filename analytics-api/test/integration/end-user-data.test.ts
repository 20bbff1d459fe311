// An end user's data rights against the real store: an admin exports exactly the user's runs (with the
// newest content), the other spans of their traces and their feedback; deletes them, and the analytics
// totals, from the rollups and from raw spans alike, drop by exactly the user's requests and cost while
// every other user's figures stay as they were; afterwards nothing of the user is left in raw spans,
// rollups, exports or the SQL console. Hostile ids (quotes, backslashes, newlines, SQL, 10 KB, unicode)
// are exported and deleted exactly, never matching a near neighbour. Only owners and admins may.
import assert from "node:assert/strict";
import { after, before, describe, test } from "node:test";
import { insertSpans } from "@promptmetrics/clickhouse";
import type { SpanRow } from "@promptmetrics/runs";
import { llmSpanRow } from "@promptmetrics/testing/span-rows";
import { invitedMember, openTestStore, signedUp, startApi, type Client, type TestApi, type TestStore } from "./accounts-harness.ts";

const VICTIM = "'; DROP TABLE spans; --";
const NEIGHBOUR = "'; DROP TABLE spans; -- ";
const HOSTILE = [`it's "quoted"`, "back\\slash\\", "new\nline\r\n", "x".repeat(10_240), "ünïcødé 用户 🙂 \u0000 end", "%2F/slash"];
const OTHERS = ["keep-me", NEIGHBOUR, ""];
const RANGE = { from: "2026-11-19", to: "2026-11-22" };

let db: TestStore;
let api: TestApi;
let owner: Client;
let admin: Client;
let member: Client;
let viewer: Client;
let outsider: Client;
let projectId: string;
let otherProjectId: string;
let seq = 0;

/** An LLM run of `user` at `at` (UTC, "YYYY-MM-DD hh:mm:ss") costing `cost` USD. */
function run(project: string, user: string, at: string, cost: string, columns: Partial<SpanRow> = {}): SpanRow {
  seq += 1;
  const hex = seq.toString(16).padStart(4, "0");
  return llmSpanRow({
    project_id: project,
    trace_id: `${"ab".repeat(14)}${hex}`,
    span_id: `${"cd".repeat(6)}${hex}`,
    start_time: `${at}.000000000`,
    end_time: `${at}.500000000`,
    duration_ns: 500_000_000,
    ingested_at: `${at}.900`,
    user_id: user,
    model: "gpt-4o-mini",
    request_model: "gpt-4o-mini",
    response_model: "gpt-4o-mini",
    input_tokens: 100,
    output_tokens: 20,
    cost_usd: cost,
    price_source: "catalogue",
    input_text: `prompt of ${user}`,
    output_text: `answer to ${user}`,
    ...columns,
  });
}

const victimRuns: SpanRow[] = [];
let victimParent: SpanRow;
let victimRevision: SpanRow;
const hostileRuns = new Map<string, SpanRow[]>();

before(async () => {
  db = await openTestStore();
  api = await startApi({ store: db.store, exportPageSize: 2 });
  const signup = await signedUp(api, "owner@example.com");
  owner = signup.client;
  projectId = signup.me.projects[0].id;
  const orgId = signup.me.orgs[0].id;
  admin = await invitedMember(api, owner, orgId, "admin@example.com", "admin");
  member = await invitedMember(api, owner, orgId, "member@example.com", "member");
  viewer = await invitedMember(api, owner, orgId, "viewer@example.com", "viewer");
  const other = await signedUp(api, "outsider@example.com");
  outsider = other.client;
  otherProjectId = other.me.projects[0].id;

  // The victim: five runs over two hours and two days, one with a content revision, one trace with a parent span.
  victimRuns.push(
    run(projectId, VICTIM, "2026-11-20 10:05:00", "0.010000000000"),
    run(projectId, VICTIM, "2026-11-20 10:40:00", "0.020000000000", { status_code: "error" }),
    run(projectId, VICTIM, "2026-11-20 11:15:00", "0.030000000000"),
    run(projectId, VICTIM, "2026-11-21 09:00:00", "0.040000000000"),
    run(projectId, VICTIM, "2026-11-21 09:30:00", "0.050000000000"),
  );
  const first = victimRuns[0]!;
  victimParent = llmSpanRow({
    ...first,
    span_id: "ee".repeat(8),
    is_llm: false,
    name: "POST /chat",
    provider: "",
    operation: "",
    model: "",
    user_id: "",
    cost_usd: null,
    span_attributes: { "http.request.body": `the victim's message` },
  });
  const third = victimRuns[2]!;
  victimRevision = { ...third, input_text: "the newest content", version: 2, is_revision: true };
  // Others in the same hours, one of them a near neighbour of the victim's id, and runs without a user.
  const others = [
    run(projectId, "keep-me", "2026-11-20 10:10:00", "0.100000000000"),
    run(projectId, "keep-me", "2026-11-21 09:10:00", "0.200000000000"),
    run(projectId, NEIGHBOUR, "2026-11-20 10:20:00", "0.300000000000"),
    run(projectId, "", "2026-11-20 11:20:00", "0.400000000000"),
    // The victim's id in another org's project is another person's data.
    run(otherProjectId, VICTIM, "2026-11-20 10:05:00", "0.500000000000"),
  ];
  for (const [i, id] of HOSTILE.entries()) {
    hostileRuns.set(id, [
      run(projectId, id, `2026-11-20 12:0${i}:00`, "0.001000000000"),
      run(projectId, id, `2026-11-21 12:0${i}:00`, "0.002000000000"),
    ]);
  }
  await insertSpans(db.store, { rows: [...victimRuns, victimParent, ...others, ...[...hostileRuns.values()].flat()] });
  await insertSpans(db.store, { rows: [victimRevision] });
  const rated = await owner.post(`/api/runs/${first.trace_id}-${first.span_id}/rate`, { projectId, rating: 2 });
  assert.equal(rated.status, 200, JSON.stringify(rated.body));
  const commented = await owner.post(`/api/runs/${first.trace_id}-${first.span_id}/feedback`, { projectId, text: "rude", success: false });
  assert.equal(commented.status, 200, JSON.stringify(commented.body));
  const keepRated = await owner.post(`/api/runs/${others[0]!.trace_id}-${others[0]!.span_id}/rate`, { projectId, rating: 5 });
  assert.equal(keepRated.status, 200, JSON.stringify(keepRated.body));
});
after(async () => {
  await api?.close();
  await db?.close();
});

const userPath = (id: string, project = projectId) => `/api/projects/${project}/end-users/${encodeURIComponent(id)}`;

/** The overview of RANGE; `raw` adds a status filter that both statuses pass, which the rollups cannot answer. */
async function overview({ raw = false }: { raw?: boolean } = {}) {
  const query = new URLSearchParams({ projectId, ...RANGE });
  if (raw) for (const status of ["ok", "error"]) query.append("status", status);
  const reply = await owner.get(`/api/analytics/overview?${query}`);
  assert.equal(reply.status, 200, JSON.stringify(reply.body));
  return reply.body;
}

async function byUser(): Promise<Map<string, { requests: number; costUsd: number }>> {
  const reply = await owner.get(`/api/analytics/users?${new URLSearchParams({ projectId, ...RANGE })}`);
  assert.equal(reply.status, 200, JSON.stringify(reply.body));
  return new Map(reply.body.byUser.map((row: any) => [row.userId, { requests: row.requests, costUsd: row.costUsd }]));
}

async function storedCount(sql: string, params: Record<string, unknown>): Promise<number> {
  const [row] = await db.store.query<{ n: number }>(sql, params);
  return Number(row?.n);
}

/** Cost in micro-dollars, exact for the fixtures' decimals. */
const micros = (usd: number) => Math.round(usd * 1e6);

describe("who may", () => {
  test("members and viewers get a 403, another org's project a 404 like a missing one, no session a 401", async () => {
    for (const [method, path] of [
      ["GET", `${userPath(VICTIM)}/export`],
      ["DELETE", userPath(VICTIM)],
    ] as const) {
      assert.equal((await member.request(method, path)).status, 403, `${method} member`);
      assert.equal((await viewer.request(method, path)).status, 403, `${method} viewer`);
      const foreign = await outsider.request(method, path);
      const missing = await outsider.request(method, path.replace(projectId, "proj_missing"));
      assert.equal(foreign.status, 404);
      assert.equal(missing.status, 404);
      assert.equal(foreign.body.error.message.replace(projectId, "X"), missing.body.error.message.replace("proj_missing", "X"));
      assert.equal((await api.browser().request(method, path)).status, 401, `${method} anonymous`);
      // Nothing was deleted by any of them.
    }
    assert.equal(await storedCount("SELECT count() AS n FROM spans WHERE user_id = {u:String}", { u: VICTIM }), 7);
  });

  test("an unknown query parameter is a 400", async () => {
    const reply = await owner.get(`${userPath(VICTIM)}/export?all=1`);
    assert.equal(reply.status, 400);
    assert.equal(reply.body.error.field, "all");
  });
});

describe("export", () => {
  test("holds exactly the user's runs with their newest content, the other spans of their traces and their feedback", async () => {
    const reply = await admin.get(`${userPath(VICTIM)}/export`);
    assert.equal(reply.status, 200);
    assert.match(reply.headers.get("content-type") ?? "", /application\/json/);
    assert.match(reply.headers.get("content-disposition") ?? "", /attachment/);
    const body = reply.body;
    assert.equal(body.projectId, projectId);
    assert.equal(body.endUserId, VICTIM);
    assert.deepEqual(
      body.runs.map((r: any) => [r.traceId, r.spanId, r.endUserId]),
      victimRuns.map((r) => [r.trace_id, r.span_id, VICTIM]),
    );
    assert.deepEqual(
      body.runs.map((r: any) => r.inputText),
      [`prompt of ${VICTIM}`, `prompt of ${VICTIM}`, "the newest content", `prompt of ${VICTIM}`, `prompt of ${VICTIM}`],
    );
    assert.deepEqual(
      body.runs.map((r: any) => r.costUsd),
      ["0.01", "0.02", "0.03", "0.04", "0.05"],
    );
    assert.deepEqual(
      body.spans.map((s: any) => [s.spanId, s.name, s.attributes["http.request.body"]]),
      [[victimParent.span_id, "POST /chat", "the victim's message"]],
    );
    assert.deepEqual(
      body.feedback.map((f: any) => [f.spanId, f.rating, f.success, f.comment]),
      [[victimRuns[0]!.span_id, 2, false, "rude"]],
    );
  });

  test("hostile ids are exported exactly: their runs, and none of a near neighbour's", async () => {
    for (const [id, runs] of hostileRuns) {
      const reply = await owner.get(`${userPath(id)}/export`);
      assert.equal(reply.status, 200, `${JSON.stringify(id.slice(0, 40))}: ${JSON.stringify(reply.body).slice(0, 300)}`);
      assert.equal(reply.body.endUserId, id);
      assert.deepEqual(
        reply.body.runs.map((r: any) => r.spanId),
        runs.map((r) => r.span_id),
      );
    }
    const neighbour = await owner.get(`${userPath(NEIGHBOUR)}/export`);
    assert.equal(neighbour.body.runs.length, 1);
  });
});

describe("delete", () => {
  test("deletes the user's runs, spans and feedback; the totals drop by exactly their requests and cost, others untouched", async () => {
    const rollupBefore = await overview();
    const rawBefore = await overview({ raw: true });
    assert.deepEqual(rollupBefore.meta.sources, ["rollup_model_hourly"]);
    assert.deepEqual(rawBefore.meta.sources, ["raw"]);
    const usersBefore = await byUser();
    assert.equal(usersBefore.get(VICTIM)?.requests, 5);

    const reply = await owner.delete(userPath(VICTIM));
    assert.equal(reply.status, 200, JSON.stringify(reply.body));
    assert.deepEqual(reply.body, {
      projectId,
      endUserId: VICTIM,
      runs: 5,
      spans: 6,
      feedback: 1,
      hoursRebuilt: 3,
      hours: ["2026-11-20T10:00:00.000Z", "2026-11-20T11:00:00.000Z", "2026-11-21T09:00:00.000Z"],
    });

    for (const [after, before] of [
      [await overview(), rollupBefore],
      [await overview({ raw: true }), rawBefore],
    ]) {
      assert.equal(after.totals.requests, before.totals.requests - 5);
      assert.equal(micros(after.totals.costUsd), micros(before.totals.costUsd) - 150_000);
      assert.equal(after.totals.errors, before.totals.errors - 1);
    }
    const usersAfter = await byUser();
    assert.equal(usersAfter.has(VICTIM), false);
    for (const [id, figures] of usersBefore) if (id !== VICTIM) assert.deepEqual(usersAfter.get(id), figures, JSON.stringify(id));
    // The keep-me rating still counts; the victim's is gone.
    const rated = await overview();
    assert.equal(rated.totals.avgRating, 5);
  });

  test("afterwards nothing of the user is left in raw spans, rollups, the export or the SQL console", async () => {
    const params = { p: projectId, u: VICTIM };
    assert.equal(await storedCount("SELECT count() AS n FROM spans WHERE project_id = {p:String} AND user_id = {u:String}", params), 0);
    assert.equal(
      await storedCount("SELECT count() AS n FROM spans WHERE project_id = {p:String} AND span_id = {s:String}", {
        ...params,
        s: victimParent.span_id,
      }),
      0,
    );
    assert.equal(await storedCount("SELECT count() AS n FROM feedback WHERE project_id = {p:String} AND user_id = {u:String}", params), 0);
    assert.equal(
      await storedCount("SELECT count() AS n FROM rollup_user_hourly WHERE project_id = {p:String} AND user_id = {u:String}", params),
      0,
    );
    // Every revision went, the content revision too (no FINAL: any stored version would count).
    for (const text of [`prompt of ${VICTIM}`, "the newest content"])
      assert.equal(
        await storedCount("SELECT count() AS n FROM spans WHERE project_id = {p:String} AND input_text = {t:String}", {
          ...params,
          t: text,
        }),
        0,
      );
    // The same id in another org's project is untouched.
    assert.equal(
      await storedCount("SELECT count() AS n FROM spans WHERE project_id = {p:String} AND user_id = {u:String}", {
        p: otherProjectId,
        u: VICTIM,
      }),
      1,
    );

    const exported = await owner.get(`${userPath(VICTIM)}/export`);
    assert.deepEqual([exported.body.runs, exported.body.spans, exported.body.feedback], [[], [], []]);

    const orgId = (await owner.get("/api/auth/me")).body.orgs[0].id;
    for (const query of [
      "SELECT user_id, count() AS n FROM llm_runs GROUP BY user_id ORDER BY user_id",
      "SELECT user_id, sum(requests) AS n FROM rollup_user_hourly GROUP BY user_id ORDER BY user_id",
    ]) {
      const reply = await owner.post("/api/sql", { orgId, query });
      assert.equal(reply.status, 200, JSON.stringify(reply.body));
      const users = reply.body.rows.map((row: unknown[]) => row[0]);
      assert.ok(!users.includes(VICTIM), query);
      assert.ok(users.includes(NEIGHBOUR) && users.includes("keep-me"), query);
    }
  });

  test("a second deletion finds nothing and changes nothing", async () => {
    const reply = await owner.delete(userPath(VICTIM));
    assert.equal(reply.status, 200);
    assert.deepEqual([reply.body.runs, reply.body.spans, reply.body.feedback, reply.body.hoursRebuilt], [0, 0, 0, 0]);
    assert.equal((await byUser()).get(NEIGHBOUR)?.requests, 1);
  });

  test("hostile ids are deleted exactly, each leaving the others", async () => {
    const before = await overview();
    let removed = 0;
    for (const [id, runs] of hostileRuns) {
      const reply = await admin.delete(userPath(id));
      assert.equal(reply.status, 200, JSON.stringify(reply.body).slice(0, 300));
      assert.equal(reply.body.endUserId, id);
      assert.equal(reply.body.runs, runs.length);
      removed += runs.length;
      assert.equal(await storedCount("SELECT count() AS n FROM spans WHERE user_id = {u:String}", { u: id }), 0);
      assert.equal((await overview()).totals.requests, before.totals.requests - removed);
    }
    const users = await byUser();
    assert.deepEqual([...users.keys()].sort(), [...OTHERS].sort());
  });
});
