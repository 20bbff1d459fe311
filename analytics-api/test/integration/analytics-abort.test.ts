// A dashboard request the client gives up on stops its store reads: over HTTP, on a real embedded
// store wrapped to record the signal each read was given and to hold one read open until its signal
// fires, as a long query would. The aborted request answers nothing and logs nothing.
import assert from "node:assert/strict";
import fs from "node:fs";
import type http from "node:http";
import type { AddressInfo } from "node:net";
import os from "node:os";
import path from "node:path";
import { after, before, beforeEach, describe, test } from "node:test";
import express, { type ErrorRequestHandler, type Response } from "express";
import {
  insertApiKey,
  insertSpans,
  insertUser,
  migrate,
  openStore,
  StoreAbortedError,
  type QueryParams,
  type ReadQueryOptions,
  type Store,
} from "@promptmetrics/clickhouse";
import { llmSpanRow } from "@promptmetrics/testing/span-rows";
import type { ApiRouterDeps } from "../../src/router-deps.ts";
import { analyticsExporters } from "../../src/analytics/exporters.ts";
import { createAnalyticsRouter } from "../../src/analytics/router.ts";
import { NotFoundError } from "../../src/http/errors.ts";
import type { AuthorizeProject } from "../../src/access/project-access.ts";
import { createExportRouter } from "../../src/runs/export-router.ts";

const NOW = new Date("2026-11-21T12:00:00Z");
const PROJECT = "p_abort";
const RANGE = { projectId: PROJECT, from: "2026-11-20T00:00:00Z", to: "2026-11-21T00:00:00Z" };

interface Read {
  tag: string | undefined;
  signal: AbortSignal | undefined;
}

/** Every read the store was asked for, in order. */
let reads: Read[] = [];
/** The tag of the next read to hold until its signal fires. */
let holdTag: string | undefined;
/** The held read: its signal, and how its call to the real store ended. */
let held: { read: Read; outcome: Promise<unknown> } | undefined;

function recording(inner: Store): Store {
  return {
    ...inner,
    query<Row>(sql: string, params?: QueryParams, opts?: ReadQueryOptions): Promise<Row[]> {
      const read = { tag: opts?.tag, signal: opts?.signal };
      reads.push(read);
      if (holdTag === undefined || opts?.tag !== holdTag) return inner.query<Row>(sql, params, opts);
      holdTag = undefined;
      const signal = opts.signal;
      // Without a signal there is nothing to wait for: the read runs, and the test sees it unaborted.
      const answer = (signal ? fired(signal) : Promise.resolve()).then(() => inner.query<Row>(sql, params, opts));
      held = {
        read,
        outcome: answer.then(
          () => "answered",
          (error: unknown) => error,
        ),
      };
      return answer;
    },
    queryText(sql, params, opts) {
      reads.push({ tag: opts.tag, signal: opts.signal });
      return inner.queryText(sql, params, opts);
    },
  };
}

function fired(signal: AbortSignal): Promise<void> {
  return new Promise((resolve) => (signal.aborted ? resolve() : signal.addEventListener("abort", () => resolve(), { once: true })));
}

async function until(what: string, condition: () => boolean): Promise<void> {
  const deadline = Date.now() + 10_000;
  while (!condition()) {
    if (Date.now() > deadline) assert.fail(`timed out waiting until ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 5));
  }
}

let dataDir: string;
let inner: Store;
let server: http.Server;
let baseUrl: string;
const responses: Response[] = [];
const routeErrors: unknown[] = [];

const authorizeProject: AuthorizeProject = async (_req, projectId) => {
  if (projectId !== PROJECT) throw new NotFoundError("Project not found");
  return { projectId, orgId: "org_1", role: "viewer", userId: "u_viewer" };
};

before(async () => {
  dataDir = fs.mkdtempSync(path.join(os.tmpdir(), "pm-analytics-abort-"));
  inner = openStore({ kind: "embedded", dataDir });
  await migrate(inner);
  // Enough for every read of every route to happen: a key owner to name, prompt versions to compare.
  await insertUser(inner, { id: "u_alice", email: "alice@example.com", name: "Alice", passwordHash: "x" });
  await insertApiKey(inner, {
    id: "k_alice",
    kind: "ingest",
    orgId: "org_1",
    projectId: PROJECT,
    userId: "u_alice",
    name: "Alice",
    prefix: "pm_ingest_x",
    secretHash: "hash_alice",
  });
  await insertSpans(inner, {
    rows: ["v1", "v2"].map((version, i) =>
      llmSpanRow({
        project_id: PROJECT,
        span_id: `00000000000000a${i}`,
        start_time: `2026-11-20 10:0${i}:00.000000000`,
        end_time: `2026-11-20 10:0${i}:01.000000000`,
        model: "gpt-4o",
        ingest_key_id: "k_alice",
        user_id: "u1",
        prompt_name: "summarize",
        prompt_version: version,
      }),
    ),
  });

  const store = recording(inner);
  const deps = {
    store,
    authorizeProject,
    now: () => NOW,
    authorizeOrg: () => Promise.reject(new Error("not used here")),
    resolveCaller: () => Promise.resolve(undefined),
  } satisfies ApiRouterDeps;
  const errorHandler: ErrorRequestHandler = (error: unknown, _req, res, _next) => {
    routeErrors.push(error);
    res.status(500).json({ error: { code: "internal_error", message: String(error) } });
  };
  const app = express();
  app.use((_req, res, next) => {
    responses.push(res);
    next();
  });
  app.use(createExportRouter(deps, { exporters: analyticsExporters() }));
  app.use(createAnalyticsRouter({ store, authorizeProject, now: () => NOW }));
  app.use(errorHandler);
  server = app.listen(0, "127.0.0.1");
  await new Promise((resolve) => server.once("listening", resolve));
  baseUrl = `http://127.0.0.1:${(server.address() as AddressInfo).port}/api/analytics`;
});

after(async () => {
  server?.closeAllConnections();
  await new Promise((resolve) => server?.close(resolve));
  await inner?.close();
  fs.rmSync(dataDir, { recursive: true, force: true });
});

beforeEach(() => {
  reads = [];
  held = undefined;
  holdTag = undefined;
  responses.length = 0;
  routeErrors.length = 0;
});

function url(route: string, query: Record<string, string>): string {
  return `${baseUrl}/${route}?${new URLSearchParams({ ...RANGE, ...query })}`;
}

describe("every store read of a request carries the request's signal", () => {
  const routes: [string, Record<string, string>][] = [
    ["overview", {}],
    ["costs", { groupBy: "member" }],
    ["trends", { splitBy: "member" }],
    ["models", {}],
    ["success-rate", {}],
    ["users", {}],
    ["prompts", { prompt: "summarize", compare: "v1,v2" }],
    ["export", { what: "costs", groupBy: "member" }],
    ["export", { what: "runs", format: "json" }],
  ];
  for (const [route, query] of routes) {
    test(`${route}${query.what ? ` of ${query.what}` : ""}`, async () => {
      const response = await fetch(url(route, query));
      assert.equal(response.status, 200, await response.clone().text());
      await response.text();
      assert.ok(reads.length > 0);
      const [first] = reads;
      assert.ok(first!.signal instanceof AbortSignal, `${first!.tag} was given no signal`);
      for (const read of reads) assert.equal(read.signal, first!.signal, `${read.tag} was given another signal`);
      if (query.groupBy === "member" || query.splitBy === "member") assert.ok(reads.some((read) => read.tag === "getMemberLabels"));
    });
  }
});

describe("a client that goes away mid-request", () => {
  // The runs export writes its CSV header row before its first read; the others write nothing first.
  for (const [route, query, tag, writesFirst] of [
    ["overview", {}, "aggregateRunMetricsBatch", false],
    ["export", { what: "overview" }, "aggregateRunMetricsBatch", false],
    ["export", { what: "runs" }, "exportRunsKeys", true],
  ] as const) {
    test(
      `aborts the read ${route}${"what" in query ? ` of ${query.what}` : ""} was waiting for, answers nothing and logs nothing`,
      { timeout: 30_000 },
      async (t) => {
        const logged = t.mock.method(console, "error", () => {});
        holdTag = tag;
        const client = new AbortController();
        const request = fetch(url(route, query), { signal: client.signal }).then((response) => response.text());
        await until("the route's read is held", () => held !== undefined);
        client.abort();
        await assert.rejects(request, { name: "AbortError" });

        const outcome = await held!.outcome;
        assert.equal(held!.read.signal?.aborted, true);
        assert.ok(outcome instanceof StoreAbortedError, `the held read ended with ${String(outcome)}`);
        // The route resumes from the rejected read through promise callbacks only; one turn of the
        // event loop later it has ended.
        await new Promise((resolve) => setImmediate(resolve));
        assert.deepEqual(routeErrors, []);
        assert.equal(logged.mock.callCount(), 0);
        assert.equal(responses.length, 1);
        assert.equal(responses[0]!.headersSent, writesFirst);
      },
    );
  }
});
