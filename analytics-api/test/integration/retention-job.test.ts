// Per-project retention as the scheduler's retention.enforce job applies it, against the real store: an
// admin sets 7 days on one project through the API; the job deletes that project's runs (with their
// feedback) and rollup hours from before the cutoff, keeps its newer runs, never touches another project,
// and leaves every rollup agreeing with the spans. A viewer may read the setting but not change it.
import assert from "node:assert/strict";
import { after, before, test } from "node:test";
import { findRollupDisagreements, insertSpans } from "@promptmetrics/clickhouse";
import { llmSpanRow } from "@promptmetrics/testing/span-rows";
import { projectRetentionJob, retentionCutoff } from "../../src/projects/retention-job.ts";
import { invitedMember, openTestStore, signedUp, startApi, type Client, type TestApi, type TestStore } from "./accounts-harness.ts";

const NOW = new Date("2026-11-30T12:30:00Z");
let db: TestStore;
let api: TestApi;
let owner: Client;
let viewer: Client;
let projectId: string;
let otherProjectId: string;
let seq = 0;

function run(project: string, at: string) {
  seq += 1;
  const hex = seq.toString(16).padStart(4, "0");
  return llmSpanRow({
    project_id: project,
    trace_id: `${"ef".repeat(14)}${hex}`,
    span_id: `${"12".repeat(6)}${hex}`,
    start_time: `${at}.000000000`,
    end_time: `${at}.500000000`,
    ingested_at: `${at}.900`,
    cost_usd: "0.010000000000",
  });
}

before(async () => {
  db = await openTestStore();
  api = await startApi({ store: db.store });
  const signup = await signedUp(api, "owner@retention.test");
  owner = signup.client;
  projectId = signup.me.projects[0].id;
  viewer = await invitedMember(api, owner, signup.me.orgs[0].id, "viewer@retention.test", "viewer");
  otherProjectId = (await signedUp(api, "other@retention.test")).me.projects[0].id;
  const rows = [];
  // 10, 8 and 7 days and an hour back (expired), 7 days back within the cutoff's hour (kept), 1 day back (kept).
  for (const project of [projectId, otherProjectId]) {
    rows.push(
      run(project, "2026-11-20 09:00:00"),
      run(project, "2026-11-22 12:00:00"),
      run(project, "2026-11-23 11:59:59"),
      run(project, "2026-11-23 12:10:00"),
      run(project, "2026-11-29 08:00:00"),
    );
  }
  await insertSpans(db.store, { rows });
});

after(async () => {
  await api?.close();
  await db?.close();
});

async function runsOf(project: string): Promise<string[]> {
  const rows = await db.store.query<{ t: string }>(
    "SELECT toString(start_time) AS t FROM llm_runs WHERE project_id = {p:String} ORDER BY start_time",
    { p: project },
  );
  return rows.map((row) => row.t.slice(0, 19));
}

test("an admin sets 7 days; a viewer reads it but may not change it", async () => {
  const set = await owner.put(`/api/projects/${projectId}/retention`, { retentionDays: 7 });
  assert.equal(set.status, 200);
  assert.equal(set.body.effectiveRetentionDays, 7);
  assert.equal((await viewer.get(`/api/projects/${projectId}/retention`)).body.retentionDays, 7);
  assert.equal((await viewer.put(`/api/projects/${projectId}/retention`, { retentionDays: 1 })).status, 403);
  assert.equal((await owner.put(`/api/projects/${projectId}/retention`, { retentionDays: 0 })).body.error.field, "retentionDays");
});

test("the job deletes that project's runs and rollup hours from before the cutoff, and nothing else", async () => {
  assert.equal(retentionCutoff(NOW, 7).toISOString(), "2026-11-23T12:00:00.000Z");
  const lines: string[] = [];
  const controller = new AbortController();
  await projectRetentionJob({ store: db.store }).run({
    slot: NOW,
    attempt: 1,
    signal: controller.signal,
    clock: { now: () => NOW },
    log: (line) => lines.push(line),
  });
  assert.deepEqual(await runsOf(projectId), ["2026-11-23 12:10:00", "2026-11-29 08:00:00"]);
  assert.equal((await runsOf(otherProjectId)).length, 5, "another project keeps everything");
  assert.ok(
    lines.some((line) => /3 span row\(s\)/.test(line)),
    lines.join("\n"),
  );
  const disagreements = await findRollupDisagreements(db.store, { from: new Date("2026-11-01"), to: new Date("2026-12-01") });
  assert.deepEqual(disagreements, [], "the rollups agree with the spans left");
  const [rolled] = await db.store.query<{ n: number }>("SELECT sum(requests) AS n FROM rollup_model_hourly WHERE project_id = {p:String}", {
    p: projectId,
  });
  assert.equal(rolled!.n, 2);
});
