// The embedded store on a full disk and on a read-only data directory, on a real small file system
// (a tmpfs mounted for the test): the store says so at start, naming PROMPTMETRICS_DATA_DIR; while the
// disk is full an export is answered 503 with Retry-After, never 200; what was stored stays readable;
// and once space is back the same exports are taken without a restart, each span once.
// Mounting needs root (CAP_SYS_ADMIN); elsewhere the test is skipped with a printed notice. A chmod
// would not do: root writes through it.
import assert from "node:assert/strict";
import { execFileSync } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { after, before, describe, test } from "node:test";
import { DataDirNotWritableError, openStore } from "@promptmetrics/clickhouse";
import { startIngestHarness, type IngestHarness } from "@promptmetrics/testing/ingest-harness";

/** Mounts a tmpfs of `size` on a new directory; undefined when this process may not mount. */
function mountTmpfs(size: string): string | undefined {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "pm-disk-"));
  try {
    execFileSync("mount", ["-t", "tmpfs", "-o", `size=${size}`, "tmpfs", dir], { stdio: "ignore" });
    return dir;
  } catch {
    fs.rmdirSync(dir);
    return undefined;
  }
}

function unmount(dir: string): void {
  execFileSync("umount", [dir], { stdio: "ignore" });
  fs.rmdirSync(dir);
}

/** Writes a file until the file system has no byte left. */
function fillDisk(file: string): void {
  const fd = fs.openSync(file, "w");
  try {
    for (const size of [1 << 20, 4096, 1]) {
      const chunk = Buffer.alloc(size);
      try {
        for (;;) fs.writeSync(fd, chunk);
      } catch (error) {
        if ((error as { code?: unknown }).code !== "ENOSPC") throw error;
      }
    }
  } finally {
    fs.closeSync(fd);
  }
}

const probe = mountTmpfs("1m");
if (probe) unmount(probe);
else console.log("# disk-faults: this process cannot mount a tmpfs (not root), so the full-disk and read-only tests are skipped");

function chatSpan(spanId: string) {
  const now = BigInt(Date.now()) * 1_000_000n;
  return {
    traceId: "5bf92f3577b34da6a3ce929d0e0e4736",
    spanId,
    name: "chat gpt-4o",
    kind: 3,
    startTimeUnixNano: String(now - 900_000_000n),
    endTimeUnixNano: String(now),
    attributes: [
      { key: "gen_ai.operation.name", value: { stringValue: "chat" } },
      { key: "gen_ai.provider.name", value: { stringValue: "openai" } },
      { key: "gen_ai.request.model", value: { stringValue: "gpt-4o" } },
      { key: "gen_ai.usage.input_tokens", value: { intValue: "100" } },
      { key: "gen_ai.usage.output_tokens", value: { intValue: "20" } },
    ],
  };
}

describe("the embedded store on a small disk", { skip: probe ? false : "cannot mount a tmpfs here" }, () => {
  let mountPoint: string;
  let h: IngestHarness;
  const filler = () => path.join(mountPoint, "filler");

  before(async () => {
    mountPoint = mountTmpfs("96m")!;
    // The harness makes its data directory under os.tmpdir(), which follows TMPDIR.
    const tmpdir = process.env.TMPDIR;
    process.env.TMPDIR = mountPoint;
    try {
      h = await startIngestHarness({ healthIntervalMs: 0 });
    } finally {
      if (tmpdir === undefined) delete process.env.TMPDIR;
      else process.env.TMPDIR = tmpdir;
    }
  });
  after(async () => {
    fs.rmSync(filler(), { force: true });
    await h?.close();
    if (mountPoint) unmount(mountPoint);
  });

  const post = async (spanIds: string[]) => {
    const body = JSON.stringify({
      resourceSpans: [{ resource: { attributes: [] }, scopeSpans: [{ scope: { name: "test" }, spans: spanIds.map(chatSpan) }] }],
    });
    const response = await fetch(`${h.url}/v1/traces`, {
      method: "POST",
      headers: { "Content-Type": "application/json", Authorization: `Bearer ${h.ingestKey}` },
      body,
    });
    await response.arrayBuffer();
    return { status: response.status, retryAfter: response.headers.get("retry-after") };
  };
  const stored = async () =>
    (
      await h.store.query<{ span_id: string; input_tokens: number }>(
        "SELECT span_id, input_tokens FROM spans WHERE project_id = {projectId:String} ORDER BY span_id",
        { projectId: h.projectId },
      )
    ).map((row) => `${row.span_id}:${row.input_tokens}`);

  test("a full disk refuses exports with 503 + Retry-After, keeps what was stored, and takes them once space is back", async () => {
    assert.equal((await post(["00f067aa0ba90201", "00f067aa0ba90202"])).status, 200);

    fillDisk(filler());
    for (const spanIds of [["00f067aa0ba90203"], ["00f067aa0ba90203", "00f067aa0ba90204"]]) {
      assert.deepEqual(await post(spanIds), { status: 503, retryAfter: "5" });
    }
    assert.deepEqual(await stored(), ["00f067aa0ba90201:100", "00f067aa0ba90202:100"]);

    fs.rmSync(filler());
    assert.deepEqual(await post(["00f067aa0ba90203", "00f067aa0ba90204"]), { status: 200, retryAfter: null });
    assert.equal((await post(["00f067aa0ba90202", "00f067aa0ba90205"])).status, 200);
    assert.deepEqual(await stored(), [
      "00f067aa0ba90201:100",
      "00f067aa0ba90202:100",
      "00f067aa0ba90203:100",
      "00f067aa0ba90204:100",
      "00f067aa0ba90205:100",
    ]);
  });
});

describe("opening the embedded store on a data directory it cannot write", { skip: probe ? false : "cannot mount a tmpfs here" }, () => {
  test("a read-only file system is named as such, with PROMPTMETRICS_DATA_DIR", () => {
    const dir = mountTmpfs("4m")!;
    try {
      fs.mkdirSync(path.join(dir, "data"));
      execFileSync("mount", ["-o", "remount,ro", dir], { stdio: "ignore" });
      assert.throws(
        () => openStore({ kind: "embedded", dataDir: path.join(dir, "data") }),
        (error: unknown) => {
          assert.ok(error instanceof DataDirNotWritableError);
          assert.equal(error.reason, "read-only");
          assert.match(
            error.message,
            /^The data directory .*\/data \(PROMPTMETRICS_DATA_DIR\) is not writable: it is on a read-only file system\./,
          );
          return true;
        },
      );
    } finally {
      unmount(dir);
    }
  });

  test("a full disk is named as such", () => {
    const dir = mountTmpfs("1m")!;
    try {
      fillDisk(path.join(dir, "filler"));
      assert.throws(
        () => openStore({ kind: "embedded", dataDir: path.join(dir, "data") }),
        (error: unknown) => {
          assert.ok(error instanceof DataDirNotWritableError);
          assert.equal(error.reason, "disk-full");
          assert.match(error.message, /\(PROMPTMETRICS_DATA_DIR\) is not writable: the disk is full\. .*free some space/);
          return true;
        },
      );
    } finally {
      unmount(dir);
    }
  });
});
