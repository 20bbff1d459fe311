// Overload of the all-in-one server: far more OTLP clients than a small PROMPTMETRICS_INGEST_QUEUE_BYTES
// admits. What a user sees: 429 with Retry-After (never a crash or a dropped connection storm), resident
// memory under the bound docs/design/ingest.md gives for that setting, the backlog drained once the load
// stops, and every acknowledged span stored exactly once.
import assert from "node:assert/strict";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { after, test } from "node:test";
import { startOtlpLoad } from "@promptmetrics/testing/otlp-load";
import { killQuietly, runCli, startCli, type RunningCli } from "../cli-process.ts";

const MiB = 1024 * 1024;
const QUEUE_BYTES = 4 * MiB;
// docs/design/ingest.md, "Overload": RSS ≤ fixed part + engine working memory (1,100 MiB) + 16 × PROMPTMETRICS_INGEST_QUEUE_BYTES.
const FIXED_AND_ENGINE_BYTES = 1100 * MiB;
const RSS_BOUND = FIXED_AND_ENGINE_BYTES + 16 * QUEUE_BYTES;
const INGEST_KEY = "pm_overload_admission_key_1";
const METRICS_TOKEN = "overload-admission-metrics-token";

const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), "pm-overload-"));
let server: RunningCli | undefined;
after(() => {
  killQuietly(server);
  fs.rmSync(dataDir, { recursive: true, force: true });
});

function residentBytes(pid: number): number {
  try {
    const status = fs.readFileSync(`/proc/${pid}/status`, "utf8");
    return Number(/^VmRSS:\s+(\d+) kB/m.exec(status)?.[1] ?? 0) * 1024;
  } catch {
    return 0; // exited: the assertions on the exit code say so
  }
}

test("far above capacity: 429 with Retry-After, memory under the bound, backlog drained, each acknowledged span stored once", async (t) => {
  server = startCli(["start"], {
    PROMPTMETRICS_DATA_DIR: dataDir,
    PROMPTMETRICS_INIT_INGEST_KEY: INGEST_KEY,
    PROMPTMETRICS_INGEST_QUEUE_BYTES: String(QUEUE_BYTES),
    PROMPTMETRICS_METRICS_TOKEN: METRICS_TOKEN,
  });
  const [, otlpUrl] = await server.waitFor(/OTLP\/HTTP ingest\s+(http:\/\/\S+)/, 120_000);
  const pid = server.child.pid!;

  const load = startOtlpLoad({
    url: otlpUrl!,
    ingestKey: INGEST_KEY,
    // About 165 KB a batch: 48 clients offer twice the budget at once.
    clients: 48,
    spansPerBatch: 100,
    batchesPerClient: 4,
    initialBackoffMs: 200,
    maxBackoffMs: 1000,
    requestTimeoutMs: 60_000,
  });
  let peakRss = 0;
  const sampler = setInterval(() => (peakRss = Math.max(peakRss, residentBytes(pid))), 50);
  const report = await load.done;
  clearInterval(sampler);
  peakRss = Math.max(peakRss, residentBytes(pid));

  const metrics = await fetch(`${otlpUrl}/metrics`, { headers: { Authorization: `Bearer ${METRICS_TOKEN}` } });
  const figures = await metrics.text();
  assert.equal((await fetch(`${otlpUrl}/healthz`)).status, 200, "the server is still up");
  assert.match(figures, /^promptmetrics_ingest_queue_bytes 0$/m, "the backlog drained");
  assert.equal(await server.stop("SIGTERM"), 0);
  t.diagnostic(
    `attempts ${JSON.stringify(Object.fromEntries(report.attempts))}; peak RSS ${Math.round(peakRss / MiB)} MiB (bound ${Math.round(RSS_BOUND / MiB)} MiB)`,
  );

  assert.ok((report.attempts.get("429") ?? 0) > 0, "the overload was refused with 429");
  assert.equal(report.missingRetryAfter, 0, "every 429/503 carried Retry-After");
  assert.deepEqual([report.batchesAbandoned, report.partiallyRejected], [0, 0]);
  assert.equal(report.acked.size, 48 * 4 * 100, "every batch was acknowledged in the end");
  assert.ok(
    peakRss > 0 && peakRss < RSS_BOUND,
    `peak RSS ${Math.round(peakRss / MiB)} MiB under the bound of ${Math.round(RSS_BOUND / MiB)} MiB`,
  );

  const query = "SELECT count() AS rows, uniqExact(trace_id, span_id) AS spans FROM spans";
  const counted = runCli(["sql", query, "--format", "json"], { PROMPTMETRICS_DATA_DIR: dataDir });
  assert.equal(counted.status, 0, counted.stderr);
  assert.deepEqual(JSON.parse(counted.stdout), [{ rows: report.acked.size, spans: report.acked.size }], "each acknowledged span once");
  // In four slices by the span id's last hex digit: one answer of every id is over the CLI's output buffer.
  const stored = new Set<string>();
  for (const digits of ["0123", "4567", "89ab", "cdef"]) {
    const inSlice = [...digits].map((digit) => `'${digit}'`).join(", ");
    const ids = runCli(
      ["sql", `SELECT concat(trace_id, '-', span_id) AS id FROM spans WHERE right(span_id, 1) IN (${inSlice})`, "--format", "json"],
      {
        PROMPTMETRICS_DATA_DIR: dataDir,
      },
    );
    assert.equal(ids.status, 0, ids.stderr);
    for (const row of JSON.parse(ids.stdout) as { id: string }[]) stored.add(row.id);
  }
  assert.deepEqual(
    [...report.acked].filter((id) => !stored.has(id)),
    [],
    "nothing acknowledged is missing",
  );
});
