// `promptmetrics ingest`: runs the OTLP receiver alone until SIGINT or SIGTERM.
import type { Env } from "../env.ts";
import { startIngestRole } from "../roles/ingest-role.ts";
import { observabilityFor } from "../observability/process-observability.ts";
import { runUntilSignal } from "../serve/run-until-signal.ts";

export async function runIngest(env: Env): Promise<void> {
  const startedAt = Date.now();
  const { logger, flush, close } = observabilityFor(env);
  const role = await startIngestRole(env);
  logger.banner(
    [
      `PromptMetrics ingest is running on the ${role.location} (ready in ${Date.now() - startedAt} ms)`,
      `  OTLP/HTTP ingest    ${role.url}   (send traces to ${role.url}/v1/traces)`,
      `  Health              ${role.url}/healthz`,
      env.PROMPTMETRICS_METRICS_TOKEN
        ? `  Metrics             ${role.url}/metrics   (Authorization: Bearer <PROMPTMETRICS_METRICS_TOKEN>)`
        : "",
    ].filter(Boolean),
  );
  await runUntilSignal(async () => {
    await flush();
    await role.stop();
    await close();
  }, logger);
}
