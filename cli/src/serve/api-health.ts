// The API's health rows (api_health) of a serving process (`start` and every `api` replica): one recorder
// per process, fed by the process's ApiMetrics, written to the store itself (not the API's timed store).
// Off when PROMPTMETRICS_API_HEALTH_INTERVAL_S is 0. close() it after the API's listener and scheduler
// stop (their last figures are written) and before the store closes.
import { startApiHealthRecorder, type ApiHealthRecorder } from "@promptmetrics/analytics-api";
import type { Store } from "@promptmetrics/clickhouse";
import type { Env } from "../env.ts";
import { observabilityFor } from "../observability/process-observability.ts";

export function startServedApiHealth(store: Store, env: Env): ApiHealthRecorder | undefined {
  if (env.PROMPTMETRICS_API_HEALTH_INTERVAL_S === 0) return undefined;
  const { apiMetrics, logger } = observabilityFor(env);
  return startApiHealthRecorder({
    store,
    metrics: apiMetrics,
    intervalMs: env.PROMPTMETRICS_API_HEALTH_INTERVAL_S * 1000,
    // Once per run of failures: a store that is down is already loud elsewhere; requests carry on regardless.
    onError: (error) => logger.warn("[api] could not write the api_health row; skipping it until the store takes writes again", { error }),
  });
}
