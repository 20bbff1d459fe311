// Prices runs logged through the API the way the ingest prices spans: the catalogue plus the project's
// price overrides and custom models, re-read at most every few seconds.
import { listPriceOverrides, type Store } from "@promptmetrics/clickhouse";
import { createPricer, pricersByProject, type Pricer } from "@promptmetrics/pricing";

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
    byProject = pricersByProject(await listPriceOverrides(store), {}, (projectId, error) => {
      // As in the ingest: an invalid override must not stop pricing with the catalogue.
      console.error(`[api] price overrides of project ${projectId} are invalid`, error);
    });
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
