// The API with its store unavailable (server mode, against a local endpoint that fails as a ClickHouse
// server does: port closed, reset mid-body, no answer, 500/503 with ClickHouse's exception body): an
// analytics question and any signed-in request are answered 503 with Retry-After, not 500, and the
// store's own words stay out of the answer.
import assert from "node:assert/strict";
import type http from "node:http";
import type { AddressInfo } from "node:net";
import { after, before, describe, test } from "node:test";
import express from "express";
import { openStore, type Store } from "@promptmetrics/clickhouse";
import {
  CLICKHOUSE_EXCEPTIONS,
  startFaultyClickHouse,
  type ClickHouseFault,
  type FaultyClickHouse,
} from "@promptmetrics/testing/faulty-clickhouse";
import { closeApiApp, createApiApp } from "../../src/app.ts";
import type { AuthorizeProject } from "../../src/access/project-access.ts";
import { createAnalyticsRouter } from "../../src/analytics/router.ts";
import { errorHandler } from "../../src/http/error-handler.ts";

const FAULTS: [string, ClickHouseFault][] = [
  ["connection refused", { kind: "refuse" }],
  ["connection reset mid-body", { kind: "reset" }],
  ["no answer past the client's timeout", { kind: "hang" }],
  ["500 MEMORY_LIMIT_EXCEEDED (241)", { kind: "exception", exception: CLICKHOUSE_EXCEPTIONS.memoryLimit }],
  ["503 TOO_MANY_SIMULTANEOUS_QUERIES (202)", { kind: "exception", exception: CLICKHOUSE_EXCEPTIONS.tooManySimultaneousQueries }],
];
const PROJECT = "p_unavailable";
const allowAll: AuthorizeProject = (_req, projectId) => Promise.resolve({ projectId, orgId: "org_1", role: "viewer", userId: "u_viewer" });

let faulty: FaultyClickHouse;
let store: Store;
let analyticsUrl: string;
let apiUrl: string;
const servers: http.Server[] = [];
let app: express.Express;

async function serve(handler: express.Express): Promise<string> {
  const server = handler.listen(0, "127.0.0.1");
  await new Promise((resolve) => server.once("listening", resolve));
  servers.push(server);
  return `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
}

before(async () => {
  faulty = await startFaultyClickHouse();
  store = openStore({ kind: "server", url: faulty.url, user: "default", password: "", database: "default", requestTimeoutMs: 1000 });
  // The analytics routes alone, access granted, so that the failing read is the question's own.
  const analytics = express();
  analytics.use(createAnalyticsRouter({ store, authorizeProject: allowAll }));
  analytics.use(errorHandler(1024));
  analyticsUrl = await serve(analytics);
  // The whole app: the failing read is the caller's key lookup.
  app = createApiApp({ store });
  apiUrl = await serve(app);
});

after(async () => {
  for (const server of servers) {
    server.closeAllConnections();
    await new Promise((resolve) => server.close(resolve));
  }
  closeApiApp(app);
  await store.close();
  await faulty.close();
});

async function expectUnavailable(response: Response): Promise<void> {
  const body = (await response.json()) as { error: { code: string; message: string } };
  assert.equal(response.status, 503);
  assert.equal(response.headers.get("retry-after"), "5");
  assert.deepEqual(body, { error: { code: "unavailable", message: "The data store is unavailable right now; retry later" } });
}

describe("with the store failing", () => {
  for (const [name, fault] of FAULTS) {
    test(`${name}: an analytics question is answered 503 + Retry-After`, async () => {
      await faulty.setFault(fault);
      const query = new URLSearchParams({ projectId: PROJECT, from: "2026-11-20T00:00:00Z", to: "2026-11-21T00:00:00Z" });
      await expectUnavailable(await fetch(`${analyticsUrl}/api/analytics/overview?${query}`));
    });

    test(`${name}: a request with an API key is answered 503 + Retry-After, not 401 or 500`, async () => {
      await faulty.setFault(fault);
      const query = new URLSearchParams({ projectId: PROJECT, from: "2026-11-20T00:00:00Z", to: "2026-11-21T00:00:00Z" });
      await expectUnavailable(
        await fetch(`${apiUrl}/api/analytics/overview?${query}`, {
          headers: { Authorization: "Bearer pm_api_someone_elses_key_0123456789" },
        }),
      );
    });
  }
});
