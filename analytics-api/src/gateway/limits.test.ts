// The tokens-per-minute limit on a real store, as a caller meets it: the verdict and message of the 429.
// The enforcer runs on a clock the test moves, and the runs it counts are written at times on that clock.
import assert from "node:assert/strict";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { after, before, test } from "node:test";
import { insertGatewayLimit, insertSpans, migrate, openStore, type LimitScope, type Store } from "@promptmetrics/clickhouse";
import { llmSpanRow } from "@promptmetrics/testing/span-rows";
import { createLimitEnforcer, type CallSubjects, type LimitEnforcer } from "./limits.ts";

const T0 = Date.UTC(2026, 10, 20, 10, 0, 0);
let store: Store;
let dataDir: string;
let clock = T0;
let enforcer: LimitEnforcer;
let spanCount = 0;

before(async () => {
  dataDir = fs.mkdtempSync(path.join(os.tmpdir(), "pm-gateway-limits-"));
  store = openStore({ kind: "embedded", dataDir });
  await migrate(store);
  enforcer = createLimitEnforcer(store, { now: () => clock, refreshMs: 60_000 });
});
after(async () => {
  enforcer.close();
  await store.close();
  fs.rmSync(dataDir, { recursive: true, force: true });
});

const dbTime = (ms: number) => new Date(ms).toISOString().replace("T", " ").replace("Z", "");

async function limit(projectId: string, scope: LimitScope, subject: string, max: number): Promise<void> {
  spanCount++;
  await insertGatewayLimit(store, {
    projectId,
    id: `limit_${spanCount}`,
    scope,
    subject,
    metric: "tokens_per_minute",
    maxValue: String(max),
    createdBy: "user_test",
    createdAt: new Date(T0),
  });
  await enforcer.refresh();
}

/** A run of `call` that started `secondsAgo` before the clock, with these tokens in and out. */
async function run(call: CallSubjects, secondsAgo: number, input: number, output: number): Promise<void> {
  spanCount++;
  const start = clock - secondsAgo * 1000;
  await insertSpans(store, {
    rows: [
      llmSpanRow({
        project_id: call.projectId,
        span_id: `span${String(spanCount).padStart(12, "0")}`,
        start_time: dbTime(start),
        end_time: dbTime(start + 1000),
        ingest_key_id: call.keyId,
        user_id: call.userId,
        input_tokens: input,
        output_tokens: output,
      }),
    ],
  });
}

/** Past the one second a store read is reused for. */
const nextRead = () => (clock += 1500);

test("under the limit a call passes; at it, it is refused with Retry-After until the oldest tokens leave the minute", async () => {
  const call = { projectId: "proj_tpm_a", keyId: "key_a", userId: "" };
  await limit(call.projectId, "key", call.keyId, 1000);
  await run(call, 30, 600, 100);
  await run(call, 70, 5000, 0); // before the minute: not counted
  assert.deepEqual(await enforcer.check(call), { allowed: true });

  await run(call, 10, 250, 50);
  nextRead();
  // 600 + 100 + 250 + 50 = 1000 used of 1000; the oldest counted run started 31.5 s ago, so it leaves in 28.5 s.
  assert.deepEqual(await enforcer.check(call), {
    allowed: false,
    retryAfterSeconds: 29,
    message: "Tokens-per-minute limit reached: this key used 1000 of its 1000 tokens a minute; retry in 29 s",
  });

  clock += 30_000; // the first run has left the minute: 300 used
  assert.deepEqual(await enforcer.check(call), { allowed: true });
});

test("an answered call's tokens count at once, once, until the store shows its run", async () => {
  const call = { projectId: "proj_tpm_b", keyId: "key_b", userId: "" };
  await limit(call.projectId, "project", "", 1000);
  const answered = enforcer.addUsage(call, { pico: 0n, tokens: 700 });
  assert.deepEqual(await enforcer.check(call), { allowed: true }, "700 of 1000");
  enforcer.addUsage(call, { pico: 0n, tokens: 300 });
  const refused = await enforcer.check(call);
  assert.equal(refused.allowed, false, "700 + 300 pending, none in the store yet");
  assert.ok(!refused.allowed && refused.retryAfterSeconds >= 1);
  assert.match(
    !refused.allowed ? refused.message : "",
    /^Tokens-per-minute limit reached: this project used 1000 of its 1000 tokens a minute/,
  );

  clock += 61_000; // both answers are over a minute old: nothing counts
  assert.deepEqual(await enforcer.check(call), { allowed: true });

  const second = enforcer.addUsage(call, { pico: 0n, tokens: 700 });
  await run(call, 0, 650, 50);
  second.written();
  answered.written();
  nextRead();
  assert.deepEqual(await enforcer.check(call), { allowed: true }, "the stored run replaced its pending entry: 700, not 1400");
  enforcer.addUsage(call, { pico: 0n, tokens: 300 });
  const again = await enforcer.check(call);
  assert.match(!again.allowed ? again.message : "allowed", /used 1000 of its 1000 tokens a minute/);
});

test("another key's and another end user's tokens do not count; a call of no tokens (a cache hit) adds none", async () => {
  const mine = { projectId: "proj_tpm_c", keyId: "key_c1", userId: "ada" };
  const otherKey = { ...mine, keyId: "key_c2", userId: "" };
  const otherUser = { ...mine, keyId: "key_c2", userId: "bob" };
  await limit(mine.projectId, "key", mine.keyId, 500);
  await limit(mine.projectId, "end_user", "*", 500);
  await run(otherKey, 5, 900, 100);
  await run(otherUser, 5, 900, 100);
  enforcer.addUsage(otherUser, { pico: 0n, tokens: 900 });
  enforcer.addUsage(mine, { pico: 0n, tokens: 0 });
  nextRead();
  assert.deepEqual(await enforcer.check(mine), { allowed: true });
  assert.deepEqual(await enforcer.check({ ...mine, userId: "" }), { allowed: true });
  assert.deepEqual(await enforcer.check(otherKey), { allowed: true }, "no limit on key_c2, and no end user");

  const refused = await enforcer.check(otherUser);
  assert.match(
    !refused.allowed ? refused.message : "allowed",
    /^Tokens-per-minute limit reached: end user "bob" used 1900 of its 500 tokens a minute; retry in \d+ s$/,
  );
});
