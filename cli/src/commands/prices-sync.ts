// `promptmetrics prices sync [--source <url|file>] [--from <date>] [--model <m>]... [--dry-run] [--reprice]`: reads a public
// price list in LiteLLM's format, maps it onto the catalogue's model, and diffs it against what the install
// prices today (the catalogue plus earlier syncs): new models, changed prices old → new, and how many stored
// runs each would re-price. A real run stores the new and changed prices as install-wide periods from the
// effective date (never editing an earlier one) and prints the reprice commands; --reprice runs them.
import { countLlmRunsByModel, insertSyncedPrices, listSyncedPrices, type Store } from "@promptmetrics/clickhouse";
import {
  createPricer,
  mapLiteLlmPrices,
  planPriceSync,
  PricingError,
  syncedPricesFromStore,
  toStoredSyncedPrice,
  type MappedPriceList,
  type SyncedPrice,
} from "@promptmetrics/pricing";
import type { Env } from "../env.ts";
import { openMigratedStore } from "../open-configured-store.ts";
import { affectedRuns } from "../prices/affected-runs.ts";
import { formatPriceSync, repriceCommands, shellLine } from "../prices/format-price-sync.ts";
import { displaySource, PriceListError, readPriceList } from "../prices/read-price-list.ts";
import { NotOnClusterError } from "./not-on-cluster.ts";
import { repriceStore } from "./reprice.ts";

export interface PricesSyncOptions {
  /** A URL or file; @default PROMPTMETRICS_PRICES_SYNC_URL */
  source?: string | undefined;
  /** YYYY-MM-DD: the day new and changed prices apply from. @default today (UTC) */
  from?: string | undefined;
  /** Only these models; @default every model in the list */
  models?: readonly string[] | undefined;
  dryRun: boolean;
  reprice: boolean;
  /** @default the current time */
  now?: Date;
}

const DAY_MS = 86_400_000;

export async function runPricesSync(env: Env, opts: PricesSyncOptions, write: (text: string) => void): Promise<void> {
  if (opts.reprice && env.CLICKHOUSE_URL && env.CLICKHOUSE_CLUSTER) throw new NotOnClusterError("prices sync --reprice");
  const source = opts.source ?? env.PROMPTMETRICS_PRICES_SYNC_URL;
  // Read and map before opening the store: a slow download must not hold the embedded store's lock.
  const list = await readMappedPriceList(source);
  const { store } = await openMigratedStore(env);
  try {
    // Stored and printed without a URL's credentials or query (a token may travel there).
    await applyPriceSync(store, list, { ...opts, source: displaySource(source) }, write);
  } finally {
    await store.close();
  }
}

/** The price list at `source` (URL or file), mapped onto the catalogue's model; PriceListError says what is wrong with it. */
export async function readMappedPriceList(source: string): Promise<MappedPriceList> {
  const raw = await readPriceList(source);
  try {
    return mapLiteLlmPrices(raw);
  } catch (error) {
    if (error instanceof PricingError) throw new PriceListError(`${displaySource(source)}: ${error.message}`, { cause: error });
    throw error;
  }
}

/**
 * Diffs a mapped list against the store's prices, prints the diff, and (unless a dry run) stores the
 * new and changed prices and re-prices when asked. Used by the command and by the scheduled sync.
 */
export async function applyPriceSync(
  store: Store,
  list: MappedPriceList,
  opts: PricesSyncOptions & { source: string },
  write: (text: string) => void,
): Promise<void> {
  const { source } = opts;
  const today = (opts.now ?? new Date()).toISOString().slice(0, 10);
  const effectiveFrom = opts.from ?? today;
  const synced = syncedPricesFromStore(await listSyncedPrices(store), (error, model) =>
    write(`warning: the stored synced price of ${model} is not valid and is left out: ${(error as Error).message}\n`),
  );
  const plan = planPriceSync({
    list,
    synced,
    effectiveFrom,
    source,
    today,
    ...(opts.models === undefined ? {} : { models: opts.models }),
  });
  const toStore = [...plan.added, ...plan.changed].map((change) => change.price);

  // The install's prices after this sync: a stored price of the same model and day is replaced.
  const replaced = new Set(toStore.map(dayKey));
  const after = createPricer({ synced: [...synced.filter((p) => !replaced.has(dayKey(p))), ...toStore] });
  const to = isoDay(Math.max(Date.parse(`${today}T00:00:00Z`), Date.parse(`${effectiveFrom}T00:00:00Z`)) + DAY_MS);
  const counts =
    toStore.length === 0
      ? []
      : await countLlmRunsByModel(store, { from: new Date(`${effectiveFrom}T00:00:00Z`), to: new Date(`${to}T00:00:00Z`) });
  const affected = affectedRuns(
    counts,
    toStore.map((p) => p.model),
    after,
  );
  write(formatPriceSync({ plan, entries: list.prices.length + list.skipped.length, affected }));

  if (opts.dryRun) {
    write("\nDry run: nothing was stored. Run it again without --dry-run to store these prices.\n");
    return;
  }
  if (toStore.length === 0) {
    write("\nNothing to store: the install already prices every model the list maps as the list does.\n");
    return;
  }
  await insertSyncedPrices(store, { prices: toStore.map(toStoredSyncedPrice) });
  write(`\nStored ${plan.added.length} new and ${plan.changed.length} changed price(s), effective from ${effectiveFrom}.\n`);

  const commands = repriceCommands(plan, affected, to);
  if (commands.length === 0) {
    write("No stored runs to re-price.\n");
    return;
  }
  const runs = [...affected.values()].reduce((sum, entry) => sum + entry.runs, 0);
  if (!opts.reprice) {
    write(`${runs} stored run(s) still carry the earlier price (or none). To re-price them:\n`);
    for (const args of commands) write(`  ${shellLine(args)}\n`);
    write("(prices sync --reprice stores and re-prices in one step.)\n");
    return;
  }
  write(`Re-pricing ${runs} stored run(s):\n`);
  for (const args of commands) {
    write(`$ ${shellLine(args)}\n`);
    write(await repriceStore(store, { from: new Date(`${effectiveFrom}T00:00:00Z`), to: new Date(`${to}T00:00:00Z`), model: args.at(-1) }));
  }
}

function dayKey(price: SyncedPrice): string {
  return `${price.model.trim().toLowerCase()}@${price.period.from}`;
}

function isoDay(ms: number): string {
  return new Date(ms).toISOString().slice(0, 10);
}
