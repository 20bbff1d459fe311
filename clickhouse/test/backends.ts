// The backends a contract test runs against: the embedded chDB store always, and a ClickHouse server
// when CLICKHOUSE_URL is set or a Docker engine is there for testcontainers. Each backend gets a fresh,
// empty database (a temp data dir, or a uniquely named database on the server).
import { execFileSync } from "node:child_process";
import { randomBytes } from "node:crypto";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { createDatabaseIfMissing, openStore, type Store } from "../src/index.ts";
import { createServerClient, type ServerStoreConfig } from "../src/server-store.ts";

export interface TestBackend {
  name: "embedded" | "server";
  /** Opens a store on a fresh empty database; `dispose` removes it. */
  open(): Promise<{ store: Store; dispose(): Promise<void> }>;
}

export function tempDataDir(prefix = "pm-test-"): string {
  return fs.mkdtempSync(path.join(os.tmpdir(), prefix));
}

export const embeddedBackend: TestBackend = {
  name: "embedded",
  async open() {
    const dataDir = tempDataDir();
    const store = openStore({ kind: "embedded", dataDir });
    return {
      store,
      async dispose() {
        await store.close();
        fs.rmSync(dataDir, { recursive: true, force: true });
      },
    };
  },
};

let serverBase: Promise<{ config: Omit<ServerStoreConfig, "database">; stop(): Promise<void> } | string> | undefined;

/** A server backend, or the reason there is none (printed by the caller as a skip notice). */
export async function serverBackend(): Promise<TestBackend | string> {
  serverBase ??= startServer();
  const base = await serverBase;
  if (typeof base === "string") return base;
  return {
    name: "server",
    async open() {
      const config: ServerStoreConfig = { ...base.config, database: `pm_test_${randomBytes(6).toString("hex")}` };
      await createDatabaseIfMissing(config);
      const store = openStore({ kind: "server", ...config });
      return {
        store,
        async dispose() {
          await store.close();
          const admin = createServerClient(config, "default");
          await admin.command({ query: "DROP DATABASE IF EXISTS {db:Identifier}", query_params: { db: config.database } });
          await admin.close();
        },
      };
    },
  };
}

async function startServer() {
  const url = process.env.CLICKHOUSE_URL;
  if (url) {
    return {
      config: { url, user: process.env.CLICKHOUSE_USER ?? "default", password: process.env.CLICKHOUSE_PASSWORD ?? "" },
      async stop() {},
    };
  }
  if (!dockerAvailable()) {
    return "server contract run skipped: set CLICKHOUSE_URL to a ClickHouse server, or run where a Docker engine is available";
  }
  const { ClickHouseContainer } = await import("@testcontainers/clickhouse");
  const container = await new ClickHouseContainer("clickhouse/clickhouse-server:25.8").start();
  return {
    config: { url: container.getHttpUrl(), user: container.getUsername(), password: container.getPassword() },
    async stop() {
      await container.stop();
    },
  };
}

function dockerAvailable(): boolean {
  try {
    execFileSync("docker", ["info"], { stdio: "ignore", timeout: 5000 });
    return true;
  } catch {
    return false;
  }
}

export async function stopServerBackend(): Promise<void> {
  const base = await serverBase;
  if (base && typeof base !== "string") await base.stop();
}
