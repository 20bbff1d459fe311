// `promptmetrics start`: runs the all-in-one stack until SIGINT or SIGTERM, then shuts down gracefully.
import { startAllInOne } from "../all-in-one.ts";
import type { Env } from "../env.ts";

export async function runStart(env: Env): Promise<void> {
  const startedAt = Date.now();
  const stack = await startAllInOne(env);
  const { bootstrap } = stack;
  const lines = [
    `PromptMetrics is running on the ${stack.store.location} (ready in ${Date.now() - startedAt} ms)`,
    `  API and dashboard   ${stack.apiUrl}`,
    `  OTLP/HTTP ingest    ${stack.otlpUrl}   (send traces to ${stack.otlpUrl}/v1/traces)`,
    `  Health              ${stack.apiUrl}/healthz  ${stack.otlpUrl}/healthz`,
  ];
  if (stack.appliedMigrations.length > 0) lines.push(`  Applied migrations: ${stack.appliedMigrations.join(", ")}`);
  if (bootstrap.created.length > 0) lines.push(`  Created: ${bootstrap.created.join("; ")}`);
  if (bootstrap.newIngestKey && bootstrap.project) {
    lines.push(
      "",
      `  Ingest key for project "${bootstrap.project.name}" (shown only this once; keep it somewhere safe):`,
      `    ${bootstrap.newIngestKey}`,
      `  Use it as: Authorization: Bearer <key>   (PROMPTMETRICS_API_KEY for @promptmetrics/instrumentation)`,
    );
  }
  console.log(lines.join("\n"));

  await new Promise<void>((resolve) => {
    let stopping = false;
    const shutdown = (signal: NodeJS.Signals) => {
      if (stopping) {
        console.error(`Received ${signal} again: exiting without waiting.`);
        process.exit(1);
      }
      stopping = true;
      console.log(`Received ${signal}: shutting down…`);
      stack.stop().then(
        () => {
          console.log("PromptMetrics stopped.");
          resolve();
        },
        (error: unknown) => {
          console.error("Shutdown did not complete cleanly:", error);
          process.exitCode = 1;
          resolve();
        },
      );
    };
    process.on("SIGINT", shutdown);
    process.on("SIGTERM", shutdown);
  });
}
