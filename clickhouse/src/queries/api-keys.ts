// Ingest keys and API tokens. The store only ever sees a hash of the secret (hashing lives with the
// callers: `hashSecret` of runs/, key generation in analytics-api/src/access); lookups go by that hash.
import { z } from "zod";
import type { Store } from "../store.ts";
import { fromDbTime, nextVersion, toDbTime } from "./versioning.ts";

export const ApiKeyRow = z.object({
  id: z.string(),
  kind: z.enum(["ingest", "api", "gateway"]),
  org_id: z.string(),
  project_id: z.string(),
  user_id: z.string(),
  name: z.string(),
  prefix: z.string(),
  created_at: z.string(),
  revoked_at: z.string().nullable(),
  expires_at: z.string().nullable(),
});
export type ApiKeyRow = z.infer<typeof ApiKeyRow>;
export interface ApiKey {
  id: string;
  kind: "ingest" | "api" | "gateway";
  orgId: string;
  projectId: string;
  userId: string;
  name: string;
  prefix: string;
  createdAt: Date;
  revokedAt: Date | null;
  /** When an API token stops working; null for ingest keys and for tokens made before tokens expired (0018). */
  expiresAt: Date | null;
}

const COLUMNS = "id, kind, org_id, project_id, user_id, name, prefix, created_at, revoked_at, expires_at";

export function toApiKey(row: ApiKeyRow): ApiKey {
  return {
    id: row.id,
    kind: row.kind,
    orgId: row.org_id,
    projectId: row.project_id,
    userId: row.user_id,
    name: row.name,
    prefix: row.prefix,
    createdAt: fromDbTime(row.created_at),
    revokedAt: row.revoked_at ? fromDbTime(row.revoked_at) : null,
    expiresAt: row.expires_at ? fromDbTime(row.expires_at) : null,
  };
}

export async function insertApiKey(
  store: Store,
  key: Omit<ApiKey, "createdAt" | "revokedAt" | "expiresAt"> & { secretHash: string; expiresAt?: Date | null; createdAt?: Date },
): Promise<ApiKey> {
  const now = key.createdAt ?? new Date();
  const expiresAt = key.expiresAt ?? null;
  await store.insert("api_keys", [
    {
      id: key.id,
      kind: key.kind,
      org_id: key.orgId,
      project_id: key.projectId,
      user_id: key.userId,
      name: key.name,
      prefix: key.prefix,
      secret_hash: key.secretHash,
      created_at: toDbTime(now),
      revoked_at: null,
      expires_at: expiresAt === null ? null : toDbTime(expiresAt),
      version: nextVersion(),
      is_deleted: 0,
    },
  ]);
  const { secretHash: _secretHash, createdAt: _createdAt, ...rest } = key;
  return { ...rest, createdAt: now, revokedAt: null, expiresAt };
}

/** The key with this secret hash, revoked or not (callers decide what a revoked key means). */
export async function getApiKeyBySecretHash(store: Store, { secretHash }: { secretHash: string }): Promise<ApiKey | undefined> {
  const rows = await store.query<ApiKeyRow>(
    `SELECT ${COLUMNS} FROM api_keys FINAL WHERE secret_hash = {secretHash:String} AND is_deleted = 0 LIMIT 1`,
    { secretHash },
    { tag: "getApiKeyBySecretHash" },
  );
  return rows[0] ? toApiKey(ApiKeyRow.parse(rows[0])) : undefined;
}

export async function listApiKeysByProject(store: Store, { projectId }: { projectId: string }): Promise<ApiKey[]> {
  const rows = await store.query<ApiKeyRow>(
    `SELECT ${COLUMNS} FROM api_keys FINAL WHERE project_id = {projectId:String} AND kind = 'ingest' AND is_deleted = 0 ORDER BY created_at`,
    { projectId },
    { tag: "listApiKeysByProject" },
  );
  return rows.map((row) => toApiKey(ApiKeyRow.parse(row)));
}

export async function getApiKeyById(store: Store, { id }: { id: string }): Promise<ApiKey | undefined> {
  const rows = await store.query<ApiKeyRow>(
    `SELECT ${COLUMNS} FROM api_keys FINAL WHERE id = {id:String} AND is_deleted = 0`,
    { id },
    { tag: "getApiKeyById" },
  );
  return rows[0] ? toApiKey(ApiKeyRow.parse(rows[0])) : undefined;
}

/** A key as its list shows it: when it was last used, and who created it (email empty when unknown). */
export interface ApiKeyListing extends ApiKey {
  lastUsedAt: Date | null;
  creatorEmail: string;
}

const ApiKeyListingRow = ApiKeyRow.extend({ last_used_at: z.string().nullable(), creator_email: z.string() });

// The joins read subqueries so that FINAL and the deleted filter apply before joining. An unmatched LEFT
// JOIN side gives a column's default (not NULL) unless the column is Nullable, hence toNullable: a key
// never used has last_used_at NULL, a key created by no one (the bootstrap's) an empty creator email.
function listingSql(where: string): string {
  return `SELECT k.id AS id, k.kind AS kind, k.org_id AS org_id, k.project_id AS project_id, k.user_id AS user_id, k.name AS name,
                 k.prefix AS prefix, k.created_at AS created_at, k.revoked_at AS revoked_at, k.expires_at AS expires_at,
                 u.last_used_at AS last_used_at, ifNull(c.email, '') AS creator_email
          FROM (SELECT ${COLUMNS} FROM api_keys FINAL WHERE ${where} AND is_deleted = 0 AND revoked_at IS NULL) AS k
          LEFT JOIN (SELECT key_id, toNullable(max(last_used_at)) AS last_used_at FROM api_key_last_used GROUP BY key_id) AS u
            ON u.key_id = k.id
          LEFT JOIN (SELECT id, toNullable(email) AS email FROM users FINAL WHERE is_deleted = 0) AS c ON c.id = k.user_id
          ORDER BY k.created_at, k.id`;
}

function toListing(raw: unknown): ApiKeyListing {
  const row = ApiKeyListingRow.parse(raw);
  return { ...toApiKey(row), lastUsedAt: row.last_used_at ? fromDbTime(row.last_used_at) : null, creatorEmail: row.creator_email };
}

/** The project's ingest keys (or gateway keys) that are not revoked. */
export async function listIngestKeysByProject(
  store: Store,
  { projectId, kind = "ingest" }: { projectId: string; kind?: "ingest" | "gateway" },
): Promise<ApiKeyListing[]> {
  const rows = await store.query(
    listingSql("project_id = {projectId:String} AND kind = {kind:String}"),
    { projectId, kind },
    { tag: "listIngestKeysByProject" },
  );
  return rows.map(toListing);
}

/** A user's API tokens that are not revoked. */
export async function listApiTokensByUser(store: Store, { userId }: { userId: string }): Promise<ApiKeyListing[]> {
  const rows = await store.query(listingSql("user_id = {userId:String} AND kind = 'api'"), { userId }, { tag: "listApiTokensByUser" });
  return rows.map(toListing);
}

export interface IngestKeyEntry {
  id: string;
  kind: "ingest" | "gateway";
  projectId: string;
  secretHash: string;
  revoked: boolean;
}

/** Every ingest and gateway key, for the in-memory key cache of the ingest and the gateway (refreshed every few seconds). */
export async function listIngestKeyEntries(store: Store): Promise<IngestKeyEntry[]> {
  const rows = await store.query<{ id: string; kind: "ingest" | "gateway"; project_id: string; secret_hash: string; revoked: number }>(
    "SELECT id, kind, project_id, secret_hash, revoked_at IS NOT NULL AS revoked FROM api_keys FINAL WHERE kind IN ('ingest', 'gateway') AND is_deleted = 0",
    undefined,
    { tag: "listIngestKeyEntries" },
  );
  return rows.map((row) => ({
    id: row.id,
    kind: row.kind,
    projectId: row.project_id,
    secretHash: row.secret_hash,
    revoked: Boolean(row.revoked),
  }));
}

/** Marks a key revoked by writing a newer version of its row. */
export async function revokeApiKey(store: Store, { id }: { id: string }): Promise<boolean> {
  const rows = await store.query<Record<string, unknown>>(
    "SELECT * FROM api_keys FINAL WHERE id = {id:String} AND is_deleted = 0",
    { id },
    { tag: "revokeApiKey" },
  );
  const row = rows[0];
  if (!row) return false;
  await store.insert("api_keys", [{ ...row, revoked_at: toDbTime(new Date()), version: nextVersion() }]);
  return true;
}

/** Records when keys were last used; merged by max, so callers may write at most once a minute per key. */
export async function recordApiKeysUsed(store: Store, { usedAt }: { usedAt: Map<string, Date> }): Promise<void> {
  if (usedAt.size === 0) return;
  await store.insert(
    "api_key_last_used",
    [...usedAt].map(([keyId, at]) => ({ key_id: keyId, last_used_at: toDbTime(at) })),
    { tag: "recordApiKeysUsed" },
  );
}
