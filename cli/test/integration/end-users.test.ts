// `promptmetrics end-users export|delete` as an operator runs them, against the real embedded store: the
// export holds exactly the user's runs, the other spans of their traces and their feedback (to stdout or a
// file, the same document); delete refuses without --yes when nobody can be asked, asks on a terminal
// (and an answer other than y deletes nothing), then removes the user's runs, spans and feedback, leaves
// other users and another project's same id untouched, and the rollup totals drop by exactly the user's
// cost. An unknown project is a clear error and exit 1. The test and the CLI take turns on the data dir
// (the embedded store admits one process at a time).
import assert from "node:assert/strict";
import { spawnSync } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { after, before, test } from "node:test";
import { insertOrg, insertProject, insertSpans, migrate, openStore } from "@promptmetrics/clickhouse";
import { upsertRunFeedback } from "@promptmetrics/clickhouse/runs";
import type { SpanRow } from "@promptmetrics/runs";
import { llmSpanRow } from "@promptmetrics/testing/span-rows";
import { CLI, runCli } from "../cli-process.ts";

const VICTIM = `o'brien "\\ 用户`;
const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), "pm-end-users-"));
const env = { PROMPTMETRICS_DATA_DIR: dataDir };
after(() => fs.rmSync(dataDir, { recursive: true, force: true }));

let seq = 0;
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
    input_tokens: 100,
    output_tokens: 20,
    cost_usd: cost,
    price_source: "catalogue",
    input_text: `prompt of ${user}`,
    output_text: `answer to ${user}`,
    ...columns,
  });
}

// The victim: three runs over two hours (0.06 USD), the parent span of the first; others in the same hours.
const victimRuns = [
  run("p_main", VICTIM, "2026-11-20 10:05:00", "0.010000000000"),
  run("p_main", VICTIM, "2026-11-20 11:15:00", "0.020000000000"),
  run("p_main", VICTIM, "2026-11-21 09:00:00", "0.030000000000"),
];
const victimParent = llmSpanRow({
  ...victimRuns[0]!,
  span_id: "ee".repeat(8),
  is_llm: false,
  name: "POST /chat",
  provider: "",
  operation: "",
  model: "",
  user_id: "",
  cost_usd: null,
});
const otherRuns = [
  run("p_main", "keep-me", "2026-11-20 10:10:00", "0.100000000000"),
  run("p_main", "keep-me", "2026-11-21 09:10:00", "0.200000000000"),
  run("p_main", "", "2026-11-20 11:20:00", "0.400000000000"),
  // The same id in another project is another person's data.
  run("p_other", VICTIM, "2026-11-20 10:05:00", "0.500000000000"),
];

before(async () => {
  const store = openStore({ kind: "embedded", dataDir });
  try {
    await migrate(store);
    await insertOrg(store, { id: "o_1", name: "Acme" });
    await insertProject(store, { id: "p_main", orgId: "o_1", name: "Checkout" });
    await insertProject(store, { id: "p_other", orgId: "o_1", name: "Search" });
    await insertSpans(store, { rows: [...victimRuns, victimParent, ...otherRuns] });
    for (const [target, rating] of [
      [victimRuns[0]!, 1],
      [otherRuns[0]!, 5],
    ] as const) {
      await upsertRunFeedback(store, {
        projectId: target.project_id,
        traceId: target.trace_id,
        spanId: target.span_id,
        runStartTime: target.start_time,
        model: target.model,
        provider: target.provider,
        statusCode: target.status_code,
        tags: [],
        ingestKeyId: "",
        promptName: "",
        promptVersion: "",
        userId: target.user_id,
        rating,
        success: null,
        comment: `rated ${rating}`,
        authorUserId: "u_1",
        at: new Date("2026-11-22T00:00:00Z"),
      });
    }
  } finally {
    await store.close();
  }
});

interface Exported {
  version: number;
  projectId: string;
  endUserId: string;
  runs: { spanId: string; endUserId: string; inputText: string; costUsd: string }[];
  spans: { spanId: string; name: string }[];
  feedback: { spanId: string; rating: number; comment: string }[];
}

/** What the store holds, in one CLI call: runs per project/user (raw spans), the project's rollup costs in
 * micro-dollars, the current feedback and the non-LLM spans, each as `kind: { key: value }`. */
function snapshot(): Record<"runs" | "cost" | "feedback" | "span", Record<string, string>> {
  const query = `
    SELECT 'runs' AS kind, concat(project_id, '/', user_id) AS key, toString(count()) AS value FROM spans FINAL WHERE is_llm GROUP BY key
    UNION ALL SELECT 'cost', 'rollup_model_hourly', toString(sum(cost_usd) * 1000000) FROM rollup_model_hourly WHERE project_id = 'p_main'
    UNION ALL SELECT 'cost', 'rollup_user_hourly', toString(sum(cost_usd) * 1000000) FROM rollup_user_hourly WHERE project_id = 'p_main'
    UNION ALL SELECT 'feedback', span_id, toString(rating) FROM feedback FINAL WHERE is_deleted = 0
    UNION ALL SELECT 'span', span_id, name FROM spans FINAL WHERE NOT is_llm`;
  const result = runCli(["sql", query, "--format", "json"], env);
  assert.equal(result.status, 0, result.stderr);
  const found = { runs: {}, cost: {}, feedback: {}, span: {} } as Record<"runs" | "cost" | "feedback" | "span", Record<string, string>>;
  for (const row of JSON.parse(result.stdout) as { kind: "runs" | "cost" | "feedback" | "span"; key: string; value: string }[]) {
    found[row.kind][row.key] = row.kind === "cost" ? String(Math.round(Number(row.value))) : row.value;
  }
  return found;
}

test("export writes the user's runs, their traces' other spans and their feedback as JSON, to stdout or --out", () => {
  const printed = runCli(["end-users", "export", "p_main", VICTIM], env);
  assert.equal(printed.status, 0, printed.stderr);
  const doc = JSON.parse(printed.stdout) as Exported;
  assert.equal(doc.version, 1);
  assert.equal(doc.projectId, "p_main");
  assert.equal(doc.endUserId, VICTIM);
  assert.deepEqual(
    doc.runs.map((r) => [r.spanId, r.endUserId, r.inputText, Number(r.costUsd)]),
    victimRuns.map((r) => [r.span_id, VICTIM, `prompt of ${VICTIM}`, Number(r.cost_usd)]),
  );
  assert.deepEqual(
    doc.spans.map((s) => [s.spanId, s.name]),
    [[victimParent.span_id, "POST /chat"]],
  );
  assert.deepEqual(
    doc.feedback.map((f) => [f.spanId, f.rating, f.comment]),
    [[victimRuns[0]!.span_id, 1, "rated 1"]],
  );

  const out = path.join(dataDir, "..", `${path.basename(dataDir)}-export.json`);
  after(() => fs.rmSync(out, { force: true }));
  const written = runCli(["end-users", "export", "p_main", VICTIM, "--out", out], env);
  assert.equal(written.status, 0, written.stderr);
  assert.match(written.stdout, /Exported end user .* of project p_main to .*-export\.json \(\d+ bytes\)/);
  const fromFile = JSON.parse(fs.readFileSync(out, "utf8")) as Exported & { exportedAt?: string };
  const { exportedAt: _a, ...fileRest } = fromFile;
  const { exportedAt: _b, ...printedRest } = doc as Exported & { exportedAt?: string };
  assert.deepEqual(fileRest, printedRest);
  assert.equal(fs.existsSync(`${out}.partial`), false);
});

test("an unknown project is a clear error and exit 1, for export and delete", () => {
  for (const args of [
    ["export", "p_missing", VICTIM],
    ["delete", "p_missing", VICTIM, "--yes"],
  ]) {
    const result = runCli(["end-users", ...args], env);
    assert.equal(result.status, 1, result.stderr);
    assert.equal(result.stderr.trim(), 'There is no project "p_missing".');
    assert.equal(result.stdout, "");
  }
});

test("missing arguments are a usage error (exit 2)", () => {
  for (const args of [
    ["export", "p_main"],
    ["remove", "p_main", VICTIM],
    ["delete", "p_main", ""],
  ]) {
    const result = runCli(["end-users", ...args], env);
    assert.equal(result.status, 2, result.stderr);
    assert.match(result.stderr, /end-users export <projectId> <endUserId>/);
  }
});

test("delete refuses without --yes when no terminal can be asked, and deletes nothing", () => {
  const result = runCli(["end-users", "delete", "p_main", VICTIM], env, { input: "y\n" });
  assert.equal(result.status, 1);
  assert.match(result.stderr, /Refusing to delete everything of end user .* of project p_main without confirmation: add --yes\./);
  assert.equal(snapshot().runs[`p_main/${VICTIM}`], "3");
});

test("on a terminal, delete asks first; any answer but y deletes nothing", () => {
  // `script` gives the command a pseudo-terminal as its stdin and forwards what is typed: "n", then Enter.
  const typed = spawnSync("script", ["-qec", 'exec "$PM_NODE" "$PM_CLI" end-users delete p_main "$PM_VICTIM"', "/dev/null"], {
    env: { PATH: process.env.PATH ?? "", HOME: process.env.HOME ?? "", ...env, PM_NODE: process.execPath, PM_CLI: CLI, PM_VICTIM: VICTIM },
    input: "n\n",
    encoding: "utf8",
    timeout: 60_000,
  });
  assert.equal(typed.status, 0, typed.stdout + typed.stderr);
  assert.match(typed.stdout, /Delete every run, span and feedback of end user .* of project p_main\? This cannot be undone\. \[y\/N\]/);
  assert.match(typed.stdout, /Nothing deleted\./);
  assert.equal(snapshot().runs[`p_main/${VICTIM}`], "3");
});

test("delete --yes removes the user's runs, spans and feedback; others stay; rollups drop by exactly the user's cost", () => {
  const before = snapshot();
  assert.deepEqual(before.runs, { "p_main/": "1", "p_main/keep-me": "2", [`p_main/${VICTIM}`]: "3", [`p_other/${VICTIM}`]: "1" });
  assert.deepEqual(before.cost, { rollup_model_hourly: "760000", rollup_user_hourly: "760000" });

  const result = runCli(["end-users", "delete", "p_main", VICTIM, "--yes"], env);
  assert.equal(result.status, 0, result.stderr);
  assert.equal(
    result.stdout,
    `Deleted end user ${JSON.stringify(VICTIM)} of project p_main: 3 run(s), 4 span(s), 1 feedback row(s); recomputed 3 rollup hour(s).\n`,
  );

  const { [`p_main/${VICTIM}`]: _gone, ...kept } = before.runs;
  const now = snapshot();
  assert.deepEqual(now.runs, kept); // keep-me, the runs without a user, p_other's same id
  // 0.01 + 0.02 + 0.03 USD less, in micro-dollars
  assert.deepEqual(now.cost, { rollup_model_hourly: "700000", rollup_user_hourly: "700000" });
  assert.deepEqual(now.feedback, { [otherRuns[0]!.span_id]: "5" });
  assert.deepEqual(now.span, {}); // the victim's parent span went with their trace

  const exported = JSON.parse(runCli(["end-users", "export", "p_main", VICTIM], env).stdout) as Exported;
  assert.deepEqual([exported.runs, exported.spans, exported.feedback], [[], [], []]);
});
