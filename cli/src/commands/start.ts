// `promptmetrics start`: runs the all-in-one stack until SIGINT or SIGTERM, then shuts down gracefully.
import { startAllInOne } from "../all-in-one.ts";
import type { BootstrapResult } from "../bootstrap.ts";
import type { Env } from "../env.ts";
import { observabilityFor } from "../observability/process-observability.ts";
import { runUntilSignal } from "../serve/run-until-signal.ts";

export async function runStart(env: Env): Promise<void> {
  const startedAt = Date.now();
  const { logger, flush, close } = observabilityFor(env);
  const stack = await startAllInOne(env);
  const lines = [
    `PromptMetrics is running on the ${stack.store.location} (ready in ${Date.now() - startedAt} ms)`,
    `  API and dashboard   ${stack.apiUrl}`,
    `  OTLP/HTTP ingest    ${stack.otlpUrl}   (send traces to ${stack.otlpUrl}/v1/traces)`,
    `  Health              ${stack.apiUrl}/healthz  ${stack.otlpUrl}/healthz`,
  ];
  if (stack.appliedMigrations.length > 0) lines.push(`  Applied migrations: ${stack.appliedMigrations.join(", ")}`);
  lines.push(...describeBootstrap(stack.bootstrap));
  logger.banner(lines);

  await runUntilSignal(async () => {
    await flush();
    await stack.stop();
    await close();
  }, logger);
}

/** What the first-start provisioning did, for the start-up log; the generated ingest key is shown once. */
export function describeBootstrap(bootstrap: BootstrapResult): string[] {
  const lines: string[] = [];
  if (bootstrap.created.length > 0) lines.push(`  Created: ${bootstrap.created.join("; ")}`);
  if (bootstrap.newIngestKey && bootstrap.project) {
    lines.push(
      "",
      `  Ingest key for project "${bootstrap.project.name}" (shown only this once; keep it somewhere safe):`,
      `    ${bootstrap.newIngestKey}`,
      `  Use it as: Authorization: Bearer <key>   (PROMPTMETRICS_API_KEY for @promptmetrics/instrumentation)`,
    );
  }
  return lines;
}
