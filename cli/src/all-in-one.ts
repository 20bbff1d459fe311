// `promptmetrics start`: the whole stack in one process on one store. Migrations, bootstrap, then the
// API and the dashboard on PROMPTMETRICS_PORT and the OTLP receiver on PROMPTMETRICS_OTLP_PORT.
import http from "node:http";
import { checkMasterKey, closeApiApp, type ApiHealthRecorder, type Scheduler } from "@promptmetrics/analytics-api";
import type { Store } from "@promptmetrics/clickhouse";
import { bootstrap, type BootstrapResult } from "./bootstrap.ts";
import type { Env } from "./env.ts";
import { openMigratedStore } from "./open-configured-store.ts";
import { createServedApiApp } from "./serve/api-app.ts";
import { startServedApiHealth } from "./serve/api-health.ts";
import { markDataDirHolder } from "./serve/holder-file.ts";
import { startBackupSocket, type BackupSocket } from "./backup/backup-socket.ts";
import { repairRollupsAtStart } from "./serve/rollup-repair.ts";
import { startServedScheduler } from "./serve/scheduler.ts";
import { startIngestListener, type IngestListener } from "./serve/ingest-listener.ts";
import { closeGracefully, listen } from "./serve/listen.ts";
import { gatewayThrough } from "./serve/gateway-wiring.ts";

export interface RunningStack {
  apiUrl: string;
  otlpUrl: string;
  store: Store;
  bootstrap: BootstrapResult;
  appliedMigrations: string[];
  stop(): Promise<void>;
}

export async function startAllInOne(env: Env): Promise<RunningStack> {
  const { store, migrations } = await openMigratedStore(env);
  let apiServer: http.Server | undefined;
  let apiApp: ReturnType<typeof createServedApiApp> | undefined;
  let removeHolderFile = () => {};
  let ingest: IngestListener | undefined;
  let scheduler: Scheduler | undefined;
  let backupSocket: BackupSocket | undefined;
  let apiHealth: ApiHealthRecorder | undefined;
  const stop = async () => {
    await backupSocket?.close();
    // The gateway's held runs go to the ingest's writer, so the API closes first; then the ingest writes
    // everything it acknowledged before the store closes. Running jobs end meanwhile.
    const jobs = scheduler?.stop();
    await (apiServer && closeGracefully(apiServer));
    if (apiApp) await closeApiApp(apiApp);
    await Promise.all([ingest?.close(), jobs]);
    // After the API and the jobs, so their last figures are in the last api_health row.
    await apiHealth?.close();
    await store.close();
    removeHolderFile();
  };
  try {
    // Before any traffic: a crash may have left the rollups behind the spans (serve/rollup-repair.ts).
    await repairRollupsAtStart(store);
    // Stored provider keys need the master key they were sealed under.
    await checkMasterKey(store, env.PROMPTMETRICS_MASTER_KEY);
    const bootstrapResult = await bootstrap(store, {
      org: env.PROMPTMETRICS_INIT_ORG,
      project: env.PROMPTMETRICS_INIT_PROJECT,
      ingestKey: env.PROMPTMETRICS_INIT_INGEST_KEY,
      adminEmail: env.PROMPTMETRICS_INIT_ADMIN_EMAIL,
      adminPassword: env.PROMPTMETRICS_INIT_ADMIN_PASSWORD,
    });
    // The OTLP listener first, so the API can tell the onboarding its real port (even when it was 0).
    ingest = await startIngestListener(store, env);
    const otlpUrl = ingest.url;
    // The API prices logged runs with the ingest's price cache: one cache, one timer, closed with the ingest.
    apiApp = createServedApiApp(store, env, {
      otlpPort: Number(new URL(otlpUrl).port),
      pricers: ingest.pricers,
      gateway: gatewayThrough(ingest.service),
    });
    apiServer = http.createServer(apiApp);
    const apiUrl = await listen(apiServer, env.PROMPTMETRICS_PORT, env.PROMPTMETRICS_HOST, "PROMPTMETRICS_PORT");
    removeHolderFile = markDataDirHolder(store, env.PROMPTMETRICS_DATA_DIR, apiUrl);
    // `promptmetrics backup` asks this process over a socket in the data dir (backup/backup-socket.ts).
    if (store.kind === "embedded") backupSocket = await startBackupSocket(store, env.PROMPTMETRICS_DATA_DIR, (line) => console.log(line));
    scheduler = startServedScheduler(store, env, ingest.pricers);
    apiHealth = startServedApiHealth(store, env);
    return { apiUrl, otlpUrl, store, bootstrap: bootstrapResult, appliedMigrations: migrations.applied, stop };
  } catch (error) {
    await stop();
    throw error;
  }
}
