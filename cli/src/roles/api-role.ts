// `promptmetrics api`: the analytics API and the dashboard alone, on PROMPTMETRICS_PORT. Replicas share
// everything through the store (sessions, keys, the sign-in limiter and the accounts lock), so any number
// can run behind a load balancer. The PROMPTMETRICS_INIT_* provisioning runs here, under the accounts
// lock, so replicas starting together create the org, project, key and admin once.
import http from "node:http";
import {
  checkMasterKey,
  closeApiApp,
  createApiPricers,
  createSerialLock,
  type ApiHealthRecorder,
  type Scheduler,
} from "@promptmetrics/analytics-api";
import { bootstrap, type BootstrapResult } from "../bootstrap.ts";
import type { Env } from "../env.ts";
import { closeGracefully, listen } from "../serve/listen.ts";
import { createServedApiApp } from "../serve/api-app.ts";
import { startServedApiHealth } from "../serve/api-health.ts";
import { startServedScheduler } from "../serve/scheduler.ts";
import { gatewayThrough, startGatewayIngest } from "../serve/gateway-wiring.ts";
import type { IngestService } from "@promptmetrics/ingest";
import type { RunningRole } from "./ingest-role.ts";
import { openRoleStore } from "./open-role-store.ts";

export async function startApiRole(env: Env): Promise<RunningRole & { bootstrap: BootstrapResult }> {
  const roleStore = await openRoleStore(env);
  const { store } = roleStore;
  // The price cache POST /api/runs/create prices with: this role owns it and stops it before the store closes.
  const pricers = createApiPricers(store);
  let gatewayIngest: IngestService | undefined;
  let server: http.Server | undefined;
  let app: ReturnType<typeof createServedApiApp> | undefined;
  let scheduler: Scheduler | undefined;
  let health: ApiHealthRecorder | undefined;
  const stop = async () => {
    await Promise.all([server && closeGracefully(server), scheduler?.stop()]);
    // After the listener: the gateway's held runs go to its writer, which then writes everything.
    if (app) await closeApiApp(app);
    await gatewayIngest?.close();
    // After the listener and the jobs, so their last figures are in the last row.
    await health?.close();
    pricers.close();
    await roleStore.close();
  };
  try {
    // Stored provider keys need the master key they were sealed under.
    await checkMasterKey(store, env.PROMPTMETRICS_MASTER_KEY);
    // The same store-wide lock the account routes take: replicas starting together provision once.
    const bootstrapResult = await createSerialLock({ store })(() =>
      bootstrap(store, {
        org: env.PROMPTMETRICS_INIT_ORG,
        project: env.PROMPTMETRICS_INIT_PROJECT,
        ingestKey: env.PROMPTMETRICS_INIT_INGEST_KEY,
        adminEmail: env.PROMPTMETRICS_INIT_ADMIN_EMAIL,
        adminPassword: env.PROMPTMETRICS_INIT_ADMIN_PASSWORD,
      }),
    );
    gatewayIngest = await startGatewayIngest(store, env);
    // The onboarding shows where to send traces: the ingest's port as users reach it.
    app = createServedApiApp(store, env, { otlpPort: env.PROMPTMETRICS_OTLP_PORT, pricers, gateway: gatewayThrough(gatewayIngest) });
    server = http.createServer(app);
    const url = await listen(server, env.PROMPTMETRICS_PORT, env.PROMPTMETRICS_HOST, "PROMPTMETRICS_PORT");
    roleStore.markHolder(url);
    // Every replica runs a scheduler; the store's leases make each job run once among them.
    scheduler = startServedScheduler(store, env, pricers);
    health = startServedApiHealth(store, env);
    return { url, location: store.location, bootstrap: bootstrapResult, stop };
  } catch (error) {
    await stop();
    throw error;
  }
}
