// The server the gateway's end-to-end tests run against, as a user starts it: `promptmetrics start` on a
// fresh data directory with a master key and an admin, plus a local mock provider; signed in as that
// admin. `api` calls the API with the session (every answer is kept in `answers` for leak scans), `sql`
// reads the project through the SQL route.
import assert from "node:assert/strict";
import { randomBytes } from "node:crypto";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { startMockProvider, type MockProvider } from "@promptmetrics/testing/mock-provider";
import { killQuietly, startCli, type RunningCli } from "../cli-process.ts";

export const ADMIN = { email: "ops@acme.test", password: "correct horse battery" };

export interface GatewayServer {
  env: Record<string, string>;
  running: RunningCli;
  mock: MockProvider;
  apiUrl: string;
  otlpUrl: string;
  projectId: string;
  /** Every API answer's text, in order. */
  answers: string[];
  api(method: string, pathname: string, body?: unknown): Promise<{ status: number; body: any }>;
  /** Rows of a query on the project, as objects. */
  sql(query: string): Promise<any[]>;
  /** Stops the server (if still running) and the mock, and removes the data directory. */
  close(): Promise<void>;
}

export async function startGatewayServer(opts: { ingestKey: string; masterKey?: string }): Promise<GatewayServer> {
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), "pm-gateway-"));
  const env = {
    PROMPTMETRICS_DATA_DIR: dataDir,
    PROMPTMETRICS_INIT_INGEST_KEY: opts.ingestKey,
    PROMPTMETRICS_INIT_ADMIN_EMAIL: ADMIN.email,
    PROMPTMETRICS_INIT_ADMIN_PASSWORD: ADMIN.password,
    PROMPTMETRICS_MASTER_KEY: opts.masterKey ?? randomBytes(32).toString("hex"),
    PROMPTMETRICS_GATEWAY_ALLOW_HTTP: "true",
  };
  const mock = await startMockProvider();
  const running = startCli(["start"], env);
  const [, otlpUrl = ""] = await running.waitFor(/OTLP\/HTTP ingest\s+(http:\/\/\S+)/);
  const [, apiUrl = ""] = await running.waitFor(/API and dashboard\s+(http:\/\/\S+)/);
  const login = await fetch(`${apiUrl}/api/auth/login`, {
    method: "POST",
    headers: { "content-type": "application/json" },
    body: JSON.stringify(ADMIN),
  });
  assert.equal(login.status, 200);
  const cookie = login.headers
    .getSetCookie()
    .map((c) => c.split(";")[0])
    .join("; ");
  const projectId = ((await login.json()) as { projects: { id: string }[] }).projects[0]!.id;
  const answers: string[] = [];

  const api: GatewayServer["api"] = async (method, pathname, body) => {
    const response = await fetch(`${apiUrl}${pathname}`, {
      method,
      headers: { cookie, origin: apiUrl, ...(body === undefined ? {} : { "content-type": "application/json" }) },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
    const text = await response.text();
    answers.push(text);
    return { status: response.status, body: text ? JSON.parse(text) : undefined };
  };
  const sql: GatewayServer["sql"] = async (query) => {
    const reply = await api("POST", "/api/sql", { projectId, query });
    assert.equal(reply.status, 200, JSON.stringify(reply.body));
    const names: string[] = reply.body.columns.map((column: { name: string }) => column.name);
    return reply.body.rows.map((row: unknown[]) => Object.fromEntries(names.map((name, i) => [name, row[i]])));
  };
  return {
    env,
    running,
    mock,
    apiUrl,
    otlpUrl,
    projectId,
    answers,
    api,
    sql,
    async close() {
      killQuietly(running);
      await mock.close();
      fs.rmSync(dataDir, { recursive: true, force: true });
    },
  };
}

/** Polls `read` until `done` holds of its answer or 15 s pass; returns the last answer. */
export async function readUntil<T>(read: () => Promise<T>, done: (value: T) => boolean): Promise<T> {
  const deadline = Date.now() + 15_000;
  for (;;) {
    const value = await read();
    if (done(value) || Date.now() > deadline) return value;
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
}
