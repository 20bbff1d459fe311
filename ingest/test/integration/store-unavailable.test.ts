// The store unavailable in server mode: for every way a ClickHouse server fails on the wire (port
// closed, connection reset mid-body, no answer past the client's timeout, HTTP 500/503 with its own
// exception body), an OTLP export is answered 503 with Retry-After, never 200, and nothing the store
// did not take is acknowledged. Against the fault endpoint alone (no server here) the key lookup and
// the writer's path are both exercised; with CLICKHOUSE_URL the endpoint sits in front of the real
// server, fails inserts only, and the ingest recovers by itself once the fault clears.
import assert from "node:assert/strict";
import { randomUUID } from "node:crypto";
import type http from "node:http";
import type { AddressInfo } from "node:net";
import { after, before, describe, test } from "node:test";
import { createDatabaseIfMissing, insertApiKey, insertOrg, insertProject, migrate, openStore, type Store } from "@promptmetrics/clickhouse";
import {
  createIngestServer,
  createIngestService,
  DEFAULT_INGEST_CONFIG,
  type DecodedSpan,
  type IngestService,
} from "@promptmetrics/ingest";
import { hashSecret } from "@promptmetrics/runs";
import {
  CLICKHOUSE_EXCEPTIONS,
  startFaultyClickHouse,
  type ClickHouseFault,
  type FaultyClickHouse,
} from "@promptmetrics/testing/faulty-clickhouse";

const FAULTS: [string, ClickHouseFault][] = [
  ["connection refused", { kind: "refuse" }],
  ["connection reset mid-body", { kind: "reset" }],
  ["no answer past the client's timeout", { kind: "hang" }],
  ["500 MEMORY_LIMIT_EXCEEDED (241)", { kind: "exception", exception: CLICKHOUSE_EXCEPTIONS.memoryLimit }],
  ["500 TOO_MANY_PARTS (252)", { kind: "exception", exception: CLICKHOUSE_EXCEPTIONS.tooManyParts }],
  ["503 TOO_MANY_SIMULTANEOUS_QUERIES (202)", { kind: "exception", exception: CLICKHOUSE_EXCEPTIONS.tooManySimultaneousQueries }],
  ["500 NOT_ENOUGH_SPACE (243)", { kind: "exception", exception: CLICKHOUSE_EXCEPTIONS.notEnoughSpace }],
];
/** Short, so that the "no answer" fault costs a second, not the client's default 30. */
const REQUEST_TIMEOUT_MS = 1000;

interface Ingest {
  url: string;
  service: IngestService;
  close(): Promise<void>;
}

async function startIngest(store: Store): Promise<Ingest> {
  const config = { ...DEFAULT_INGEST_CONFIG, healthIntervalMs: 0 };
  const service = createIngestService({ store, config, log: { error: () => {} } });
  const server: http.Server = createIngestServer({ store, service, config });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    service,
    async close() {
      server.closeAllConnections();
      await new Promise((resolve) => server.close(resolve));
      await service.close();
    },
  };
}

function chatSpan(spanId: string) {
  const now = BigInt(Date.now()) * 1_000_000n;
  return {
    traceId: "4bf92f3577b34da6a3ce929d0e0e4736",
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

async function postTraces(url: string, key: string, spanIds: string[]) {
  const body = JSON.stringify({
    resourceSpans: [{ resource: { attributes: [] }, scopeSpans: [{ scope: { name: "test" }, spans: spanIds.map(chatSpan) }] }],
  });
  const response = await fetch(`${url}/v1/traces`, {
    method: "POST",
    headers: { "Content-Type": "application/json", Authorization: `Bearer ${key}` },
    body,
  });
  return {
    status: response.status,
    retryAfter: response.headers.get("retry-after"),
    body: (await response.json()) as Record<string, unknown>,
  };
}

describe("against the fault endpoint alone (no server behind it)", () => {
  let faulty: FaultyClickHouse;
  let store: Store;
  let ingest: Ingest;
  before(async () => {
    faulty = await startFaultyClickHouse();
    store = openStore({
      kind: "server",
      url: faulty.url,
      user: "default",
      password: "",
      database: "default",
      requestTimeoutMs: REQUEST_TIMEOUT_MS,
    });
    ingest = await startIngest(store);
  });
  after(async () => {
    await ingest.close();
    await store.close();
    await faulty.close();
  });

  for (const [name, fault] of FAULTS) {
    test(`${name}: an export is answered 503 with Retry-After, and the health check says unavailable`, async () => {
      await faulty.setFault(fault);
      const answer = await postTraces(ingest.url, "pm_ingest_any_key_the_store_must_check", ["00f067aa0ba902b7"]);
      assert.equal(answer.status, 503);
      assert.equal(answer.retryAfter, "5");
      assert.equal(answer.body.code, 14); // google.rpc.Code UNAVAILABLE, as OTLP exporters read it
      assert.match(String(answer.body.message), /retry later/);

      const health = await fetch(`${ingest.url}/healthz`);
      assert.equal(health.status, 503);
      assert.equal(health.headers.get("retry-after"), "5");
    });

    test(`${name}: spans of a known project are refused by the writer, not acknowledged, and nothing stays queued`, async () => {
      await faulty.setFault(fault);
      const key = { keyId: "key_faults", projectId: "proj_faults" };
      await assert.rejects(ingest.service.ingestSpans(key, [decoded("00f067aa0ba902b8")], 500), { name: "WriteFailedError" });
      assert.equal(ingest.service.metrics.spansAccepted, 0);
      const { queuedRows, queuedBytes } = ingest.service.writer.stats();
      assert.deepEqual({ queuedRows, queuedBytes }, { queuedRows: 0, queuedBytes: 0 });
    });
  }
});

/** A decoded span as the OTLP decoder hands it to the service. */
function decoded(spanId: string): DecodedSpan {
  const now = BigInt(Date.now()) * 1_000_000n;
  return {
    traceId: "4bf92f3577b34da6a3ce929d0e0e4736",
    spanId,
    parentSpanId: "",
    name: "chat gpt-4o",
    kind: 3,
    startTimeUnixNano: now - 900_000_000n,
    endTimeUnixNano: now,
    attributes: { "gen_ai.operation.name": "chat", "gen_ai.provider.name": "openai", "gen_ai.request.model": "gpt-4o" },
    events: [],
    status: { code: 0, message: "" },
    resource: { attributes: {} },
    scope: { name: "test", version: "" },
  };
}

const serverUrl = process.env.CLICKHOUSE_URL;
if (!serverUrl) {
  console.log("# store-unavailable: CLICKHOUSE_URL is unset, so the recovery against a real ClickHouse server is skipped");
}

describe("in front of a real ClickHouse server (CLICKHOUSE_URL)", { skip: serverUrl ? false : "CLICKHOUSE_URL is unset" }, () => {
  let faulty: FaultyClickHouse;
  let store: Store;
  let direct: Store;
  let ingest: Ingest;
  let projectId: string;
  let ingestKey: string;
  const database = `pm_faults_${randomUUID().replaceAll("-", "")}`;

  before(async () => {
    const server = {
      url: serverUrl!,
      user: process.env.CLICKHOUSE_USER ?? "default",
      password: process.env.CLICKHOUSE_PASSWORD ?? "",
      database,
    };
    await createDatabaseIfMissing(server);
    direct = openStore({ kind: "server", ...server });
    await migrate(direct);
    const org = await insertOrg(direct, { id: `org_${randomUUID()}`, name: "Faults org" });
    const project = await insertProject(direct, { id: `proj_${randomUUID()}`, orgId: org.id, name: "Faults project" });
    projectId = project.id;
    ingestKey = `pm_ingest_${randomUUID().replaceAll("-", "")}`;
    await insertApiKey(direct, {
      id: `key_${randomUUID()}`,
      kind: "ingest",
      orgId: org.id,
      projectId,
      userId: "",
      name: "faults",
      prefix: ingestKey.slice(0, 14),
      secretHash: hashSecret(ingestKey),
    });
    faulty = await startFaultyClickHouse({ upstream: serverUrl! });
    await faulty.setFault({ kind: "none" });
    store = openStore({ kind: "server", ...server, url: faulty.url, requestTimeoutMs: REQUEST_TIMEOUT_MS });
    ingest = await startIngest(store);
  });
  after(async () => {
    await ingest?.close();
    await store?.close();
    await faulty?.close();
    await direct?.command("DROP DATABASE IF EXISTS {database:Identifier}", { database });
    await direct?.close();
  });

  const storedSpanIds = async () =>
    (
      await direct.query<{ span_id: string }>("SELECT span_id FROM spans WHERE project_id = {projectId:String} ORDER BY span_id", {
        projectId,
      })
    ).map((row) => row.span_id);

  test("each failed insert is answered 503 and stores nothing; once the fault clears the same export is taken, once", async () => {
    const acknowledged: string[] = [];
    let n = 0;
    for (const [name, fault] of FAULTS) {
      const spanId = `00f067aa0ba90${(0x100 + n++).toString(16)}`;
      // "Connection refused" cannot fail inserts alone: the whole server is gone for it.
      await faulty.setFault(fault, { only: fault.kind === "refuse" ? "all" : "inserts" });
      const refused = await postTraces(ingest.url, ingestKey, [spanId]);
      assert.equal(refused.status, 503, name);
      assert.equal(refused.retryAfter, "5", name);
      assert.deepEqual(await storedSpanIds(), acknowledged.toSorted(), `${name}: nothing unacknowledged is stored`);

      await faulty.setFault({ kind: "none" });
      const retried = await postTraces(ingest.url, ingestKey, [spanId]);
      assert.equal(retried.status, 200, `${name}: the ingest recovers without a restart`);
      acknowledged.push(spanId);
      assert.deepEqual(await storedSpanIds(), acknowledged.toSorted(), `${name}: the acknowledged span is stored once`);
    }
  });
});
