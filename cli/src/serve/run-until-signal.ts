// Keeps a started service running until SIGINT or SIGTERM, then stops it gracefully; a second signal
// exits at once. Shared by `start`, `ingest` and `api`.
export function runUntilSignal(stop: () => Promise<void>): Promise<void> {
  return new Promise<void>((resolve) => {
    let stopping = false;
    const shutdown = (signal: NodeJS.Signals) => {
      if (stopping) {
        console.error(`Received ${signal} again: exiting without waiting.`);
        process.exit(1);
      }
      stopping = true;
      console.log(`Received ${signal}: shutting down…`);
      stop().then(
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
