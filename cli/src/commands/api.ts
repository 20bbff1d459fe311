// `promptmetrics api`: runs the analytics API and the dashboard alone until SIGINT or SIGTERM.
import type { Env } from "../env.ts";
import { startApiRole } from "../roles/api-role.ts";
import { observabilityFor } from "../observability/process-observability.ts";
import { runUntilSignal } from "../serve/run-until-signal.ts";
import { describeBootstrap } from "./start.ts";

export async function runApi(env: Env): Promise<void> {
  const startedAt = Date.now();
  const { logger, flush, close } = observabilityFor(env);
  const role = await startApiRole(env);
  logger.banner([
    `PromptMetrics API is running on the ${role.location} (ready in ${Date.now() - startedAt} ms)`,
    `  API and dashboard   ${role.url}`,
    `  Health              ${role.url}/healthz`,
    ...describeBootstrap(role.bootstrap),
  ]);
  await runUntilSignal(async () => {
    await flush();
    await role.stop();
    await close();
  }, logger);
}
