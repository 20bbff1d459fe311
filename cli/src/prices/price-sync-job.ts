// The scheduled price sync (PROMPTMETRICS_PRICES_SYNC_SCHEDULE, off by default): the same read, diff and
// store as `promptmetrics prices sync`, run by the scheduler on the running server's store, its report
// written to the log. Prices apply from the day of the run; with PROMPTMETRICS_PRICES_SYNC_REPRICE the
// runs they affect are re-priced too. The ingest and API price caches pick the new prices up within seconds.
import type { JobDefinition } from "@promptmetrics/analytics-api";
import type { Store } from "@promptmetrics/clickhouse";
import type { Env } from "../env.ts";
import { applyPriceSync, readMappedPriceList } from "../commands/prices-sync.ts";
import { displaySource } from "./read-price-list.ts";

export const PRICE_SYNC_JOB = "prices.sync";

const HOUR_MS = 3_600_000;

/** The job, or undefined when scheduled syncs are off. */
export function priceSyncJob(store: Store, env: Env): JobDefinition | undefined {
  const schedule = env.PROMPTMETRICS_PRICES_SYNC_SCHEDULE;
  if (schedule === "off") return undefined;
  const source = env.PROMPTMETRICS_PRICES_SYNC_URL;
  return {
    name: PRICE_SYNC_JOB,
    cadence:
      schedule === "hourly"
        ? { kind: "interval", everyMs: HOUR_MS }
        : schedule === "daily"
          ? { kind: "daily", time: "03:00", timeZone: "UTC" }
          : { kind: "weekly", weekday: 1, time: "03:00", timeZone: "UTC" },
    // A list that cannot be read now is tried again 5 and 10 minutes later, then at the next slot.
    retryAfterMs: 5 * 60_000,
    run: async ({ clock, log }) => {
      const list = await readMappedPriceList(source);
      let report = "";
      await applyPriceSync(
        store,
        list,
        // Stored and logged without a URL's credentials or query.
        { source: displaySource(source), now: clock.now(), dryRun: false, reprice: env.PROMPTMETRICS_PRICES_SYNC_REPRICE },
        (text) => {
          report += text;
        },
      );
      for (const line of report.split("\n")) if (line.trim() !== "") log(line);
    },
  };
}
