// Prices runs logged through the API the way the ingest prices spans: the catalogue plus the project's
// price overrides and custom models, re-read at most every few seconds.
import { listPriceOverrides, type PriceOverrideRecord, type Store } from "@promptmetrics/clickhouse";
import { createPricer, type PriceOverride, type Pricer } from "@promptmetrics/pricing";

export interface RunPricers {
  forProject(projectId: string): Promise<Pricer>;
}

const REFRESH_MS = 5000;

export function createRunPricers(store: Store, now: () => Date = () => new Date()): RunPricers {
  const catalogueOnly = createPricer();
  let byProject = new Map<string, Pricer>();
  let loadedAt = -Infinity;
  let loading: Promise<void> | undefined;

  const load = async () => {
    const grouped = new Map<string, PriceOverride[]>();
    for (const record of await listPriceOverrides(store)) {
      const list = grouped.get(record.projectId) ?? [];
      list.push(toPriceOverride(record));
      grouped.set(record.projectId, list);
    }
    const next = new Map<string, Pricer>();
    for (const [projectId, overrides] of grouped) {
      try {
        next.set(projectId, createPricer({ overrides }));
      } catch (error) {
        // As in the ingest: an invalid override must not stop pricing with the catalogue.
        console.error(`[api] price overrides of project ${projectId} are invalid`, error);
      }
    }
    byProject = next;
    loadedAt = now().getTime();
  };

  return {
    async forProject(projectId) {
      if (now().getTime() - loadedAt >= REFRESH_MS) {
        loading ??= load().finally(() => (loading = undefined));
        await loading;
      }
      return byProject.get(projectId) ?? catalogueOnly;
    },
  };
}

/** Mirrors the ingest's toPriceOverride (ingest/src/pricing), which the API cannot import. */
function toPriceOverride(record: PriceOverrideRecord): PriceOverride {
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
