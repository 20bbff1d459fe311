// The API's express app as both processes that serve it build it (the all-in-one and the api role):
// settings from the environment, the built dashboard, the SDK tarball, the cluster flag. What differs
// between them (where the onboarding says the OTLP port is, whose price cache it shares) is passed in.
import { apiSettingsFromEnv, createApiApp, type ApiAppOptions } from "@promptmetrics/analytics-api";
import type { Store } from "@promptmetrics/clickhouse";
import type { Env } from "../env.ts";
import { observabilityFor } from "../observability/process-observability.ts";
import { SDK_TARBALL } from "./sdk-tarball.ts";
import { WEB_DIR } from "./web-dir.ts";

export function createServedApiApp(
  store: Store,
  env: Env,
  own: Pick<ApiAppOptions, "otlpPort" | "pricers" | "gateway">,
): ReturnType<typeof createApiApp> {
  return createApiApp({
    store,
    ...apiSettingsFromEnv(env),
    webDir: WEB_DIR,
    sdkTarball: SDK_TARBALL,
    onCluster: Boolean(env.CLICKHOUSE_CLUSTER),
    observability: observabilityFor(env).api,
    ...own,
  });
}
