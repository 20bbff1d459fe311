// The SQL console and the server's files. The embedded engine's default database opens any file path
// used as a table name (as clickhouse-local does), so a fresh sign-up once read /etc/passwd, the
// store's own DDL and the repository's files through POST /api/sql. Every form the security probe
// used is replayed here: backticks, double quotes, globs, braces, /proc, a bare name in the working
// directory, a CTE read out of its scope, and error messages as an oracle of what exists. A second
// layer is checked on its own: the engine session behind the console cannot open files at all.
import assert from "node:assert/strict";
import { randomBytes } from "node:crypto";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { after, before, describe, test } from "node:test";
import { insertSpans } from "@promptmetrics/clickhouse";
import { openTestStore, signedUp, startApi, type Client, type Reply, type TestApi, type TestStore } from "./accounts-harness.ts";
import { llmRun } from "./runs-fixtures.ts";

let db: TestStore;
let api: TestApi;
let mallory: Client;
let malloryOrg: string;
let alice: Client;
let aliceOrg: string;
let dataDir: string;

const CANARY_TEXT = `CANARY-${randomBytes(6).toString("hex")}`;
const canaryBare = `pm_canary_${randomBytes(4).toString("hex")}`;
const canaryInCwd = path.join(process.cwd(), canaryBare);
const canaryAbsolute = path.join(os.tmpdir(), `pm-canary-${randomBytes(4).toString("hex")}.txt`);

before(async () => {
  fs.writeFileSync(canaryInCwd, `${CANARY_TEXT}\n`);
  fs.writeFileSync(canaryAbsolute, `${CANARY_TEXT}\n`);
  db = await openTestStore();
  dataDir = db.store.location.replace(/^embedded chDB at /, "");
  api = await startApi({ store: db.store });
  const m = await signedUp(api, "mallory@example.com");
  mallory = m.client;
  malloryOrg = m.me.orgs[0].id;
  const a = await signedUp(api, "alice@example.com");
  alice = a.client;
  aliceOrg = a.me.orgs[0].id;
  await insertSpans(db.store, { rows: [llmRun(m.me.projects[0].id, { input_text: "mallory's own run" })] });
});
after(async () => {
  fs.rmSync(canaryInCwd, { force: true });
  fs.rmSync(canaryAbsolute, { force: true });
  await api.close();
  await db.close();
});

const sql = (client: Client, orgId: string, query: string) => client.post("/api/sql", { orgId, query });

/** Refused with a 400 on `query`, and nothing of any file in the answer. */
function assertRefusedWithoutContent(reply: Reply, what: string): void {
  assert.equal(reply.status, 400, `${what}: ${JSON.stringify(reply.body)}`);
  assert.equal(reply.body.error.field, "query", what);
  const text = JSON.stringify(reply.body);
  for (const needle of [
    CANARY_TEXT,
    "root:x:0",
    "CREATE TABLE",
    "password_hash",
    "node",
    "Cannot execute query in readonly mode",
    "UNKNOWN_TABLE",
    "FILE_DOESNT_EXIST",
    "CANNOT_",
  ]) {
    assert.ok(!text.includes(needle), `${what} answered with ${needle}: ${text.slice(0, 300)}`);
  }
}

describe("file paths as table names are refused, however written", () => {
  const attacks: [string, () => string][] = [
    ["backticks", () => "SELECT * FROM `/etc/passwd`"],
    ["double quotes", () => 'SELECT * FROM "/etc/passwd"'],
    ["a ? glob for the dot-free path", () => "SELECT * FROM `/etc/passw?`"],
    ["a * glob", () => "SELECT * FROM `/etc/pass*`"],
    ["a character class", () => "SELECT * FROM `/etc/passw[a-z]`"],
    ["braces", () => "SELECT * FROM `/{etc,tmp}/passwd`"],
    ["/proc/self/cmdline", () => "SELECT * FROM `/proc/self/cmdline`"],
    ["/proc/self/environ with braces", () => "SELECT * FROM `/{proc,sys}/self/environ`"],
    ["an absolute file with an extension", () => `SELECT * FROM \`${canaryAbsolute}\``],
    ["the store's own DDL of users", () => `SELECT * FROM \`${dataDir}/store/*/*/users?sql\``],
    ["the store's files through a glob for the dot", () => `SELECT * FROM \`${dataDir}/metadata/default?sql\``],
    ["a relative path", () => "SELECT * FROM `../../../../etc/passwd`"],
    ["a bare name of a file in the working directory", () => `SELECT * FROM ${canaryBare}`],
    ["the same name quoted", () => `SELECT * FROM \`${canaryBare}\``],
    [
      "a CTE read outside its scope",
      () => `SELECT * FROM (WITH ${canaryBare} AS (SELECT 1 AS x) SELECT x FROM ${canaryBare}) AS a, ${canaryBare} AS b`,
    ],
    ["a CTE named after a path", () => "WITH `/etc/passwd` AS (SELECT 1 AS x) SELECT * FROM `/etc/passwd`"],
    ["a path in a subquery", () => "SELECT count() FROM llm_runs WHERE model IN (SELECT * FROM `/etc/passwd`)"],
    ["a path in a JOIN", () => "SELECT * FROM llm_runs AS r JOIN `/etc/passwd` AS p ON 1"],
    ["a name forged with an alias", () => "SELECT * FROM `llm_runs (alias x)`"],
    ["the file() table function", () => "SELECT * FROM file('/etc/passwd')"],
    ["the file() scalar function", () => "SELECT file('/etc/passwd')"],
    ["the url() table function", () => "SELECT * FROM url('http://127.0.0.1:1/', 'CSV', 'a String')"],
  ];
  for (const [what, query] of attacks) {
    test(what, async () => assertRefusedWithoutContent(await sql(mallory, malloryOrg, query()), what));
  }
});

test("errors are no oracle: an existing and a missing file answer alike", async () => {
  const pairs: [string, string][] = [
    ["/etc/passwd", "/etc/pm-does-not-exist"],
    [canaryAbsolute, `${canaryAbsolute}-missing`],
    [canaryBare, `${canaryBare}_missing`],
    ["/etc/pass*", "/etc/pm-none*"],
  ];
  for (const [existing, missing] of pairs) {
    const one = await sql(mallory, malloryOrg, `SELECT * FROM \`${existing}\``);
    const other = await sql(mallory, malloryOrg, `SELECT * FROM \`${missing}\``);
    assert.equal(one.status, other.status, existing);
    assert.equal(one.body.error.message.replaceAll(existing, "X"), other.body.error.message.replaceAll(missing, "X"), existing);
  }
});

test("an unknown table is named in a clear error; the query's own CTEs work", async () => {
  const unknown = await sql(mallory, malloryOrg, "SELECT * FROM llm_run");
  assert.equal(unknown.status, 400);
  assert.match(unknown.body.error.message, /^Unknown table llm_run; the tables are feedback, llm_runs, projects, /);
  const cte = await sql(mallory, malloryOrg, "WITH mine AS (SELECT input_text FROM llm_runs) SELECT count() AS n FROM mine");
  assert.equal(cte.status, 200, JSON.stringify(cte.body));
  assert.deepEqual(cte.body.rows, [[1]]);
  const nested = await sql(mallory, malloryOrg, "WITH a AS (SELECT 1 AS x) SELECT * FROM (WITH b AS (SELECT x FROM a) SELECT x FROM b)");
  assert.equal(nested.status, 200, JSON.stringify(nested.body));
  assert.deepEqual(nested.body.rows, [[1]]);
});

test("a failed glob query leaves nothing behind for the next query", async () => {
  for (let i = 0; i < 3; i++) {
    assertRefusedWithoutContent(await sql(mallory, malloryOrg, "SELECT * FROM `/etc/pass*`"), "glob");
    const next = await sql(mallory, malloryOrg, "SELECT count() AS n FROM llm_runs");
    assert.equal(next.status, 200, JSON.stringify(next.body));
    assert.deepEqual(next.body.rows, [[1]]);
  }
});

describe("the engine session behind the console cannot reach files (defence in depth)", () => {
  const adhoc = (query: string) => db.store.queryText(query, undefined, { format: "JSONEachRow", adhoc: {} });
  for (const query of [
    "SELECT * FROM `/etc/passwd`",
    `SELECT * FROM \`${canaryAbsolute}\``,
    "SELECT * FROM `/etc/pass*`",
    "SELECT * FROM file('/etc/passwd')",
    "SELECT * FROM url('http://127.0.0.1:1/', 'CSV', 'a String')",
  ]) {
    test(query, async () => {
      await assert.rejects(
        adhoc(query),
        (error: Error) => /readonly/i.test(error.message) && !error.message.includes(CANARY_TEXT) && !error.message.includes("root:x"),
      );
    });
  }
  test("it still answers reads", async () => {
    assert.equal(await adhoc("SELECT 1 AS one"), '{"one":1}\n');
  });
});

test("one org's heavy query neither queues another org's nor runs twice at once", async () => {
  // Long enough (several seconds on two cores) to still be running while the other requests are answered.
  let heavyDone = false;
  const heavy = sql(mallory, malloryOrg, "SELECT count() AS n FROM numbers(6000000000) WHERE cityHash64(number) % 7 = 0").then((reply) => {
    heavyDone = true;
    return reply;
  });
  // The same org's second query is told to wait once the first holds its slot.
  let second: Reply | undefined;
  while (!heavyDone) {
    second = await sql(mallory, malloryOrg, "SELECT 1 AS one");
    if (second.status === 429) break;
  }
  assert.equal(second?.status, 429, "the org's second concurrent query was not refused");
  assert.ok(Number(second.headers.get("retry-after")) > 0);
  // Another org is answered while the heavy query still runs.
  const other = await sql(alice, aliceOrg, "SELECT 1 AS one");
  assert.equal(other.status, 200, JSON.stringify(other.body));
  assert.equal(heavyDone, false, "the other org's query waited for the heavy one");
  const heavyReply = await heavy;
  assert.equal(heavyReply.status, 200, JSON.stringify(heavyReply.body));
  // And the slot is given back.
  assert.equal((await sql(mallory, malloryOrg, "SELECT 1 AS one")).status, 200);
});
