// Resolves `Authorization: Bearer <ingest key>` to its project (the gateway also resolves its own keys,
// kind 'gateway', through it; the OTLP ingest accepts ingest keys only). All keys are held in memory as hashes
// and re-read every few seconds, so a revoked key stops working within that interval; a key not in
// memory (just created) is looked up once, and misses are remembered briefly so that a client with a
// bad key cannot make every request hit the store.
import { getApiKeyBySecretHash, listIngestKeyEntries, recordApiKeysUsed, type IngestKeyEntry, type Store } from "@promptmetrics/clickhouse";
import { hashSecret } from "@promptmetrics/runs";

export interface ResolvedKey {
  keyId: string;
  projectId: string;
}

export type KeyKind = IngestKeyEntry["kind"];
const INGEST_ONLY: readonly KeyKind[] = ["ingest"];

export interface IngestKeyResolver {
  /** The key's project when it is one of `kinds` (ingest keys only by default) and not revoked. */
  resolve(authorization: string | undefined, kinds?: readonly KeyKind[]): Promise<ResolvedKey | undefined>;
  refresh(): Promise<void>;
  close(): Promise<void>;
}

const MISS_TTL_MS = 2000;
const MAX_MISSES = 10_000;
const LAST_USED_FLUSH_MS = 60_000;

export function createIngestKeyResolver(
  store: Store,
  opts: { refreshMs?: number; onError?: (error: unknown) => void } = {},
): IngestKeyResolver {
  let byHash = new Map<string, IngestKeyEntry>();
  const misses = new Map<string, number>();
  const usedAt = new Map<string, Date>();

  const refresh = async () => {
    const entries = await listIngestKeyEntries(store);
    byHash = new Map(entries.map((entry) => [entry.secretHash, entry]));
  };
  const flushUsage = async () => {
    if (usedAt.size === 0) return;
    const batch = new Map(usedAt);
    usedAt.clear();
    await recordApiKeysUsed(store, { usedAt: batch });
  };
  const report = (error: unknown) => opts.onError?.(error);
  const refreshTimer = setInterval(() => refresh().catch(report), opts.refreshMs ?? 3000);
  const usageTimer = setInterval(() => flushUsage().catch(report), LAST_USED_FLUSH_MS);
  refreshTimer.unref();
  usageTimer.unref();

  return {
    async resolve(authorization, kinds = INGEST_ONLY) {
      const secret = bearerToken(authorization);
      if (!secret) return undefined;
      const hash = hashSecret(secret);
      let entry = byHash.get(hash);
      if (!entry) {
        const missedAt = misses.get(hash);
        if (missedAt !== undefined && Date.now() - missedAt < MISS_TTL_MS) return undefined;
        const key = await getApiKeyBySecretHash(store, { secretHash: hash });
        if (!key || key.kind === "api") {
          if (misses.size >= MAX_MISSES) misses.clear();
          misses.set(hash, Date.now());
          return undefined;
        }
        entry = { id: key.id, kind: key.kind, projectId: key.projectId, secretHash: hash, revoked: key.revokedAt !== null };
        byHash.set(hash, entry);
      }
      if (entry.revoked || !kinds.includes(entry.kind)) return undefined;
      usedAt.set(entry.id, new Date());
      return { keyId: entry.id, projectId: entry.projectId };
    },
    refresh,
    async close() {
      clearInterval(refreshTimer);
      clearInterval(usageTimer);
      await flushUsage().catch(report);
    },
  };
}

function bearerToken(header: string | undefined): string | undefined {
  if (!header) return undefined;
  const match = /^Bearer\s+(\S+)\s*$/i.exec(header);
  return match?.[1];
}
