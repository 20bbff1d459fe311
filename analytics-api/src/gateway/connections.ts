// The gateway's view of provider_keys: every project's connections in memory with their keys opened,
// re-read every few seconds (a disconnect takes effect within that interval on every replica), and a
// project not in memory looked up once per MISS_TTL_MS. Opened keys live only in this process's memory.
import { listAllProviderKeys, listProviderKeysByProject, recordApiKeysUsed, type ProviderKey, type Store } from "@promptmetrics/clickhouse";
import { openKey } from "./key-seal.ts";
import type { MasterKey } from "./master-key.ts";
import { AzureSettings, DIALECT_OF, type Connection, type Dialect } from "./upstreams.ts";

export interface OpenConnection extends Connection {
  id: string;
  name: string;
  apiKey: string;
}

export interface ConnectionCache {
  /** The project's connection for a dialect: the one named or with this id when `wanted` is given, else the newest. */
  pick(projectId: string, dialect: Dialect, wanted?: string): Promise<OpenConnection | undefined>;
  markUsed(id: string): void;
  refresh(): Promise<void>;
  close(): Promise<void>;
}

const MISS_TTL_MS = 2000;
const LAST_USED_FLUSH_MS = 60_000;

export function createConnectionCache(
  store: Store,
  master: MasterKey | undefined,
  opts: { refreshMs?: number; onError?: (error: unknown) => void } = {},
): ConnectionCache {
  let byProject = new Map<string, OpenConnection[]>();
  const misses = new Map<string, number>();
  const usedAt = new Map<string, Date>();
  const report = (error: unknown) => opts.onError?.(error);

  const open = (rows: ProviderKey[]): OpenConnection[] => {
    const opened: OpenConnection[] = [];
    for (const row of rows) {
      if (!master) continue;
      try {
        const azure = row.provider === "azure" ? AzureSettings.parse(JSON.parse(row.settings)) : undefined;
        opened.push({
          id: row.id,
          name: row.name,
          provider: row.provider,
          baseUrl: row.baseUrl,
          azure,
          apiKey: openKey(master, row.ciphertext, row.id),
        });
      } catch (error) {
        // A key sealed under another master key stays unusable; start-up names the mismatch.
        report(new Error(`Provider connection ${row.id} cannot be opened: ${(error as Error).name}`));
      }
    }
    return opened;
  };

  const group = (rows: ProviderKey[]) => {
    const next = new Map<string, ProviderKey[]>();
    for (const row of rows) next.set(row.projectId, [...(next.get(row.projectId) ?? []), row]);
    return next;
  };

  const refresh = async () => {
    const rows = await listAllProviderKeys(store);
    const grouped = group(rows);
    // Newest first, as the list shows them.
    byProject = new Map(
      [...grouped].map(([projectId, list]) => [projectId, open(list.sort((a, b) => b.createdAt.getTime() - a.createdAt.getTime()))]),
    );
    misses.clear();
  };
  const refreshTimer = setInterval(() => refresh().catch(report), opts.refreshMs ?? 3000);
  refreshTimer.unref();
  const usageTimer = setInterval(() => flush().catch(report), LAST_USED_FLUSH_MS);
  usageTimer.unref();
  const flush = async () => {
    if (usedAt.size === 0) return;
    const batch = new Map(usedAt);
    usedAt.clear();
    await recordApiKeysUsed(store, { usedAt: batch });
  };

  return {
    async pick(projectId, dialect, wanted) {
      let list = byProject.get(projectId);
      if (list === undefined) {
        const missedAt = misses.get(projectId);
        if (missedAt !== undefined && Date.now() - missedAt < MISS_TTL_MS) return undefined;
        const rows = await listProviderKeysByProject(store, { projectId });
        list = open(rows);
        if (list.length === 0) misses.set(projectId, Date.now());
        else byProject.set(projectId, list);
      }
      const candidates = list.filter((c) => DIALECT_OF[c.provider] === dialect);
      if (wanted) return candidates.find((c) => c.id === wanted || c.name === wanted);
      return candidates[0];
    },
    markUsed(id) {
      usedAt.set(id, new Date());
    },
    refresh,
    async close() {
      clearInterval(refreshTimer);
      clearInterval(usageTimer);
      await flush().catch(report);
    },
  };
}
