// Keeps a started service running until SIGINT or SIGTERM, then stops it gracefully; a second signal
// exits at once. Shared by `start`, `ingest` and `api`.
import type { Logger } from "../observability/logger.ts";

type SignalLog = Pick<Logger, "info" | "error">;

const CONSOLE_LOG: SignalLog = {
  info: (msg) => console.log(msg),
  error: (msg, fields) => console.error(msg, fields?.error),
};

export function runUntilSignal(stop: () => Promise<void>, log: SignalLog = CONSOLE_LOG): Promise<void> {
  return new Promise<void>((resolve) => {
    let stopping = false;
    const shutdown = (signal: NodeJS.Signals) => {
      if (stopping) {
        log.error(`Received ${signal} again: exiting without waiting.`);
        process.exit(1);
      }
      stopping = true;
      log.info(`Received ${signal}: shutting down…`);
      stop().then(
        () => {
          log.info("PromptMetrics stopped.");
          resolve();
        },
        (error: unknown) => {
          log.error("Shutdown did not complete cleanly:", { error });
          process.exitCode = 1;
          resolve();
        },
      );
    };
    process.on("SIGINT", shutdown);
    process.on("SIGTERM", shutdown);
  });
}
