// `promptmetrics start`: the whole stack in one process on one store. Migrations, bootstrap, then the
// API and the dashboard on PROMPTMETRICS_PORT and the OTLP receiver on PROMPTMETRICS_OTLP_PORT.
import fs from "node:fs";
import http from "node:http";
import type { AddressInfo } from "node:net";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { apiSettingsFromEnv, createApiApp } from "@promptmetrics/analytics-api";
import { HOLDER_FILE, type Store } from "@promptmetrics/clickhouse";
import { createIngestServer, createIngestService, ingestConfigFromEnv, type IngestService } from "@promptmetrics/ingest";
import { bootstrap, type BootstrapResult } from "./bootstrap.ts";
import type { Env } from "./env.ts";
import { openMigratedStore } from "./open-configured-store.ts";

export interface RunningStack {
  apiUrl: string;
  otlpUrl: string;
  store: Store;
  bootstrap: BootstrapResult;
  appliedMigrations: string[];
  stop(): Promise<void>;
}

const SHUTDOWN_GRACE_MS = 10_000;
/** The built dashboard, from the web workspace (`npm run build`). */
const WEB_DIR = path.join(path.dirname(fileURLToPath(import.meta.resolve("@promptmetrics/web/package.json"))), "dist");

export async function startAllInOne(env: Env): Promise<RunningStack> {
  const { store, migrations } = await openMigratedStore(env);
  const servers: http.Server[] = [];
  let holderFile: string | undefined;
  let ingest: IngestService | undefined;
  const stop = async () => {
    await Promise.all(servers.map(closeGracefully));
    // After the listeners: every acknowledged span is written before the store closes.
    await ingest?.close();
    await store.close();
    if (holderFile) fs.rmSync(holderFile, { force: true });
  };
  try {
    const bootstrapResult = await bootstrap(store, {
      org: env.PROMPTMETRICS_INIT_ORG,
      project: env.PROMPTMETRICS_INIT_PROJECT,
      ingestKey: env.PROMPTMETRICS_INIT_INGEST_KEY,
      adminEmail: env.PROMPTMETRICS_INIT_ADMIN_EMAIL,
      adminPassword: env.PROMPTMETRICS_INIT_ADMIN_PASSWORD,
    });
    // The OTLP listener first, so the API can tell the onboarding its real port (even when it was 0).
    const ingestConfig = ingestConfigFromEnv(env);
    ingest = createIngestService({ store, config: ingestConfig });
    await ingest.keys.refresh();
    await ingest.pricers.refresh();
    const ingestServer = createIngestServer({ store, service: ingest, config: ingestConfig });
    servers.push(ingestServer);
    const otlpUrl = await listen(ingestServer, env.PROMPTMETRICS_OTLP_PORT, env.PROMPTMETRICS_HOST, "PROMPTMETRICS_OTLP_PORT");
    const apiServer = http.createServer(createApiApp({ store, ...apiSettingsFromEnv(env), webDir: WEB_DIR, otlpPort: Number(new URL(otlpUrl).port) }));
    servers.push(apiServer);
    const apiUrl = await listen(apiServer, env.PROMPTMETRICS_PORT, env.PROMPTMETRICS_HOST, "PROMPTMETRICS_PORT");
    if (store.kind === "embedded") {
      holderFile = path.join(path.resolve(env.PROMPTMETRICS_DATA_DIR), HOLDER_FILE);
      fs.writeFileSync(holderFile, JSON.stringify({ pid: process.pid, url: apiUrl }));
    }
    return { apiUrl, otlpUrl, store, bootstrap: bootstrapResult, appliedMigrations: migrations.applied, stop };
  } catch (error) {
    await stop();
    throw error;
  }
}

export class ListenError extends Error {
  constructor(variable: string, address: string, cause: NodeJS.ErrnoException) {
    const reason = cause.code === "EADDRINUSE" ? "the port is already in use" : cause.message;
    super(`Cannot listen on ${address}: ${reason}. Choose another port with ${variable}.`, { cause });
    this.name = "ListenError";
  }
}

function listen(server: http.Server, port: number, host: string, variable: string): Promise<string> {
  return new Promise((resolve, reject) => {
    const onError = (error: NodeJS.ErrnoException) => reject(new ListenError(variable, `${host}:${port}`, error));
    server.once("error", onError);
    server.listen(port, host, () => {
      server.off("error", onError);
      const address = server.address() as AddressInfo;
      const shownHost = address.family === "IPv6" ? `[${address.address}]` : address.address;
      resolve(`http://${shownHost}:${address.port}`);
    });
  });
}

/** Stops accepting connections, lets requests in flight finish, and cuts what is left after a grace period. */
function closeGracefully(server: http.Server): Promise<void> {
  if (!server.listening) return Promise.resolve();
  return new Promise((resolve) => {
    const timer = setTimeout(() => server.closeAllConnections(), SHUTDOWN_GRACE_MS);
    server.close(() => {
      clearTimeout(timer);
      resolve();
    });
    server.closeIdleConnections();
  });
}
