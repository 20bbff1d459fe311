// The per-project price cache POST /api/runs/create prices with: the catalogue, the install's synced
// prices and each project's overrides (as the ingest prices), re-read every few seconds by a timer. Whoever creates one closes it: the process that hands
// it to createApiApp (the all-in-one shares the ingest's), or closeApiApp for the one an app made itself.
import { listPriceOverrides, listSyncedPrices, type Store } from "@promptmetrics/clickhouse";
import { createProjectPricers, type ProjectPricers } from "@promptmetrics/runs";

/** A price cache on the store's overrides that reports as the API does, and is silent once closed. */
export function createApiPricers(store: Store, log: Pick<Console, "error"> = console): ProjectPricers {
  let closed = false;
  const pricers = createProjectPricers({
    load: () => listPriceOverrides(store),
    loadSynced: () => listSyncedPrices(store),
    onError: (error, projectId) => {
      // A read under way when the owner closed (and then the store) has nobody left to tell.
      if (closed) return;
      // As in the ingest: an invalid override must not stop pricing with the catalogue.
      if (projectId === undefined) log.error("[api] price overrides could not be read", error);
      else log.error(`[api] price overrides of project ${projectId} are invalid`, error);
    },
  });
  return {
    ...pricers,
    close: () => {
      closed = true;
      pricers.close();
    },
  };
}

/** A price cache made on first use, so an app that never logs a run starts no timer. */
export interface LazyPricers {
  get(): ProjectPricers;
  /** Stops the refresh timer; a request after it still prices, from one read and no timer. */
  close(): void;
}

export function lazyPricers(create: () => ProjectPricers): LazyPricers {
  let pricers: ProjectPricers | undefined;
  let closed = false;
  return {
    get() {
      if (pricers === undefined) {
        pricers = create();
        if (closed) pricers.close();
      }
      return pricers;
    },
    close() {
      closed = true;
      pricers?.close();
    },
  };
}
