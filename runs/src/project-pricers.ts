// One pricer per project: the catalogue, plus that project's price overrides and custom models, re-read
// in the background every few seconds so that a new override prices the next call. The ingest, the API's
// run logging and a reprice all price through one of these.
import { createPricer, pricersByProject, type Pricer, type StoredPriceOverride } from "@promptmetrics/pricing";

export interface ProjectPricers {
  /** The project's pricer as of the last load (the catalogue alone before the first). */
  forProject(projectId: string): Pricer;
  /** Reloads the overrides now (also done every `refreshMs`). */
  refresh(): Promise<void>;
  /** Loads the overrides unless they have been loaded once; for a caller that must not price before that. */
  ready(): Promise<void>;
  close(): void;
}

export interface ProjectPricersOptions {
  /** Every project's stored overrides (listPriceOverrides of @promptmetrics/clickhouse). */
  load: () => Promise<readonly StoredPriceOverride[]>;
  /** @default 5000 */
  refreshMs?: number;
  azureDeployments?: Record<string, string>;
  /** A failed background load, or a project whose overrides are invalid (that project then prices with the catalogue). */
  onError?: (error: unknown, projectId?: string) => void;
}

export function createProjectPricers(opts: ProjectPricersOptions): ProjectPricers {
  const base = opts.azureDeployments ? { azureDeployments: opts.azureDeployments } : {};
  const catalogueOnly = createPricer(base);
  let byProject = new Map<string, Pricer>();
  let lastSignature: string | undefined;
  let started = 0;
  let landed = 0;
  let firstLoad: Promise<void> | undefined;

  // Every refresh reads anew (a caller that just wrote an override sees it); a read that finishes after
  // a later one has landed is dropped, so the timer's and a caller's reads never undo each other.
  const refresh = async () => {
    const read = ++started;
    const overrides = await opts.load();
    if (read < landed) return;
    landed = read;
    const signature = JSON.stringify(overrides);
    if (signature === lastSignature) return;
    // An invalid override must not stop pricing the project's other calls.
    byProject = pricersByProject(overrides, base, (projectId, error) => opts.onError?.(error, projectId));
    lastSignature = signature;
  };

  const timer = setInterval(() => refresh().catch((error: unknown) => opts.onError?.(error)), opts.refreshMs ?? 5000);
  timer.unref();
  return {
    forProject: (projectId) => byProject.get(projectId) ?? catalogueOnly,
    refresh,
    ready: async () => {
      // Concurrent first callers share one read.
      if (lastSignature === undefined) await (firstLoad ??= refresh().finally(() => (firstLoad = undefined)));
    },
    close: () => clearInterval(timer),
  };
}
