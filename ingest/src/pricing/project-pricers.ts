// One pricer per project: the catalogue, plus that project's price overrides and custom models from
// the store, re-read every few seconds so that a new override prices the next span.
import { listPriceOverrides, type Store } from "@promptmetrics/clickhouse";
import { createPricer, pricersByProject, type Pricer } from "@promptmetrics/pricing";

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
    // An invalid override must not stop pricing the project's other calls.
    byProject = pricersByProject(overrides, base, (_projectId, error) => opts.onError?.(error));
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
