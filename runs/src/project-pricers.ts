// One pricer per project: the catalogue and the install's synced prices, plus that project's price
// overrides and custom models, re-read in the background every few seconds so that a new override or a
// price sync prices the next call. The ingest, the API's run logging and a reprice all price through one.
import {
  createPricer,
  pricersByProject,
  syncedPricesFromStore,
  type Pricer,
  type StoredPriceOverride,
  type StoredSyncedPrice,
} from "@promptmetrics/pricing";

export interface ProjectPricers {
  /** The project's pricer as of the last load (the catalogue alone before the first). */
  forProject(projectId: string): Pricer;
  /** The install's pricer without any project's overrides (catalogue and synced prices) as of the last load. */
  forInstall(): Pricer;
  /** Reloads the overrides and synced prices now (also done every `refreshMs`). */
  refresh(): Promise<void>;
  /** Loads them unless they have been loaded once; for a caller that must not price before that. */
  ready(): Promise<void>;
  close(): void;
}

export interface ProjectPricersOptions {
  /** Every project's stored overrides (listPriceOverrides of @promptmetrics/clickhouse). */
  load: () => Promise<readonly StoredPriceOverride[]>;
  /**
   * The install's synced prices (listSyncedPrices of @promptmetrics/clickhouse), which every project's
   * pricer layers between the catalogue and its overrides. Without it, the catalogue alone.
   */
  loadSynced?: () => Promise<readonly StoredSyncedPrice[]>;
  /** @default 5000 */
  refreshMs?: number;
  azureDeployments?: Record<string, string>;
  /**
   * A failed background load, a project whose overrides are invalid (that project then prices with the
   * catalogue and synced prices), or an invalid synced price (left out; its model keeps the catalogue's).
   */
  onError?: (error: unknown, projectId?: string) => void;
}

export function createProjectPricers(opts: ProjectPricersOptions): ProjectPricers {
  const base = opts.azureDeployments ? { azureDeployments: opts.azureDeployments } : {};
  let install = createPricer(base);
  let byProject = new Map<string, Pricer>();
  let lastSignature: string | undefined;
  let started = 0;
  let landed = 0;
  let firstLoad: Promise<void> | undefined;

  // Every refresh reads anew (a caller that just wrote an override sees it); a read that finishes after
  // a later one has landed is dropped, so the timer's and a caller's reads never undo each other.
  const refresh = async () => {
    const read = ++started;
    const [overrides, stored] = await Promise.all([opts.load(), opts.loadSynced?.() ?? []]);
    if (read < landed) return;
    landed = read;
    const signature = JSON.stringify([overrides, stored]);
    if (signature === lastSignature) return;
    // An invalid synced price must not stop pricing with the others, nor an invalid override the
    // project's other calls.
    const synced = syncedPricesFromStore(stored, (error) => opts.onError?.(error));
    const layered = { ...base, synced };
    install = createPricer(layered);
    byProject = pricersByProject(overrides, layered, (projectId, error) => opts.onError?.(error, projectId));
    lastSignature = signature;
  };

  const timer = setInterval(() => refresh().catch((error: unknown) => opts.onError?.(error)), opts.refreshMs ?? 5000);
  timer.unref();
  return {
    forProject: (projectId) => byProject.get(projectId) ?? install,
    forInstall: () => install,
    refresh,
    ready: async () => {
      // Concurrent first callers share one read.
      if (lastSignature === undefined) await (firstLoad ??= refresh().finally(() => (firstLoad = undefined)));
    },
    close: () => clearInterval(timer),
  };
}
