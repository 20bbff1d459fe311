// One pricer per project: the catalogue, plus that project's price overrides and custom models from
// the store, re-read every few seconds so that a new override prices the next span.
import { listPriceOverrides, type PriceOverrideRecord, type Store } from "@promptmetrics/clickhouse";
import { createPricer, type PriceOverride, type Pricer } from "@promptmetrics/pricing";

export interface ProjectPricers {
  forProject(projectId: string): Pricer;
  /** Reloads overrides now (also done every `refreshMs`). */
  refresh(): Promise<void>;
  close(): void;
}

export function createProjectPricers(
  store: Store,
  opts: { refreshMs?: number; azureDeployments?: Record<string, string>; onError?: (error: unknown) => void } = {},
): ProjectPricers {
  const base = opts.azureDeployments ? { azureDeployments: opts.azureDeployments } : {};
  const catalogueOnly = createPricer(base);
  let byProject = new Map<string, Pricer>();
  let lastSignature = "";

  const refresh = async () => {
    const overrides = await listPriceOverrides(store);
    const signature = JSON.stringify(overrides);
    if (signature === lastSignature) return;
    const grouped = new Map<string, PriceOverride[]>();
    for (const record of overrides) {
      const list = grouped.get(record.projectId) ?? [];
      list.push(toPriceOverride(record));
      grouped.set(record.projectId, list);
    }
    const next = new Map<string, Pricer>();
    for (const [projectId, list] of grouped) {
      try {
        next.set(projectId, createPricer({ ...base, overrides: list }));
      } catch (error) {
        opts.onError?.(error); // an invalid override must not stop pricing the project's other calls
      }
    }
    byProject = next;
    lastSignature = signature;
  };

  const timer = setInterval(() => refresh().catch((error: unknown) => opts.onError?.(error)), opts.refreshMs ?? 5000);
  timer.unref();
  return {
    forProject: (projectId) => byProject.get(projectId) ?? catalogueOnly,
    refresh,
    close: () => clearInterval(timer),
  };
}

export function toPriceOverride(record: PriceOverrideRecord): PriceOverride {
  return {
    model: record.model,
    from: record.effectiveFrom.slice(0, 10),
    prices: {
      input: record.inputPerMtok,
      output: record.outputPerMtok,
      ...(record.cachedInputPerMtok === null ? {} : { cachedInput: record.cachedInputPerMtok }),
      ...(record.cacheWrite5mPerMtok === null ? {} : { cacheWrite5m: record.cacheWrite5mPerMtok }),
      ...(record.cacheWrite1hPerMtok === null ? {} : { cacheWrite1h: record.cacheWrite1hPerMtok }),
    },
  };
}
