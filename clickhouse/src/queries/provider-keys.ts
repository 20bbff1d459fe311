// Provider keys (provider_keys, migrations 0005 and 0022): a project's connections to OpenAI, Anthropic,
// Azure OpenAI or an OpenAI-compatible API, for the gateway. The store only ever sees the key sealed
// (AES-256-GCM, sealing lives with the callers in analytics-api/src/gateway/), plus its last four
// characters for display. Disconnecting writes a newer version with is_deleted = 1.
import { z } from "zod";
import type { Store } from "../store.ts";
import { fromDbTime, nextVersion, toDbTime } from "./versioning.ts";

export const PROVIDER_KINDS = ["openai", "anthropic", "azure", "openai_compatible"] as const;
export type ProviderKind = (typeof PROVIDER_KINDS)[number];

export interface ProviderKey {
  id: string;
  orgId: string;
  projectId: string;
  provider: ProviderKind;
  name: string;
  /** The sealed key: never shown, opened only to call the provider. */
  ciphertext: string;
  /** The key's last four characters. */
  hint: string;
  /** '' means the provider's public API. */
  baseUrl: string;
  /** Provider-specific settings as JSON ('' when none). */
  settings: string;
  createdBy: string;
  /** Which master key sealed it (fingerprint). */
  masterKeyId: string;
  createdAt: Date;
  updatedAt: Date;
}

/** A connection as its list shows it: when the gateway last used it. */
export interface ProviderKeyListing extends ProviderKey {
  lastUsedAt: Date | null;
}

const Row = z.object({
  id: z.string(),
  org_id: z.string(),
  project_id: z.string(),
  provider: z.enum(PROVIDER_KINDS),
  name: z.string(),
  ciphertext: z.string(),
  hint: z.string(),
  base_url: z.string(),
  settings: z.string(),
  created_by: z.string(),
  master_key_id: z.string(),
  created_at: z.string(),
  updated_at: z.string(),
});
type Row = z.infer<typeof Row>;

const COLUMNS =
  "id, org_id, project_id, provider, name, ciphertext, hint, base_url, settings, created_by, master_key_id, created_at, updated_at";

function toProviderKey(raw: unknown): ProviderKey {
  const row: Row = Row.parse(raw);
  return {
    id: row.id,
    orgId: row.org_id,
    projectId: row.project_id,
    provider: row.provider,
    name: row.name,
    ciphertext: row.ciphertext,
    hint: row.hint,
    baseUrl: row.base_url,
    settings: row.settings,
    createdBy: row.created_by,
    masterKeyId: row.master_key_id,
    createdAt: fromDbTime(row.created_at),
    updatedAt: fromDbTime(row.updated_at),
  };
}

function toRow(key: ProviderKey, isDeleted: 0 | 1) {
  return {
    id: key.id,
    org_id: key.orgId,
    project_id: key.projectId,
    provider: key.provider,
    name: key.name,
    ciphertext: key.ciphertext,
    hint: key.hint,
    base_url: key.baseUrl,
    settings: key.settings,
    created_by: key.createdBy,
    master_key_id: key.masterKeyId,
    created_at: toDbTime(key.createdAt),
    updated_at: toDbTime(key.updatedAt),
    version: nextVersion(),
    is_deleted: isDeleted,
  };
}

/** Writes a connection, or a newer version of one (the same id): a re-sealed key, a rename. */
export async function upsertProviderKey(store: Store, key: ProviderKey): Promise<void> {
  await store.insert("provider_keys", [toRow(key, 0)], { tag: "upsertProviderKey" });
}

export async function deleteProviderKey(store: Store, key: ProviderKey): Promise<void> {
  await store.insert("provider_keys", [toRow({ ...key, updatedAt: new Date() }, 1)], { tag: "deleteProviderKey" });
}

export async function getProviderKey(store: Store, { projectId, id }: { projectId: string; id: string }): Promise<ProviderKey | undefined> {
  const rows = await store.query(
    `SELECT ${COLUMNS} FROM provider_keys FINAL WHERE id = {id:String} AND project_id = {projectId:String} AND is_deleted = 0`,
    { id, projectId },
    { tag: "getProviderKey" },
  );
  return rows[0] === undefined ? undefined : toProviderKey(rows[0]);
}

/** The project's connections, newest first, with when each was last used. */
export async function listProviderKeysByProject(store: Store, { projectId }: { projectId: string }): Promise<ProviderKeyListing[]> {
  const rows = await store.query(
    `SELECT ${COLUMNS}, u.last_used_at AS last_used_at
     FROM (SELECT ${COLUMNS} FROM provider_keys FINAL WHERE project_id = {projectId:String} AND is_deleted = 0) AS k
     LEFT JOIN (SELECT key_id, toNullable(max(last_used_at)) AS last_used_at FROM api_key_last_used GROUP BY key_id) AS u
       ON u.key_id = k.id
     ORDER BY k.created_at DESC, k.id`,
    { projectId },
    { tag: "listProviderKeysByProject" },
  );
  return rows.map((raw) => {
    const lastUsed = z.object({ last_used_at: z.string().nullable() }).parse(raw).last_used_at;
    return { ...toProviderKey(raw), lastUsedAt: lastUsed ? fromDbTime(lastUsed) : null };
  });
}

/** Every connection of every project: the gateway's cache and the master key's rotation read them all. */
export async function listAllProviderKeys(store: Store): Promise<ProviderKey[]> {
  const rows = await store.query(`SELECT ${COLUMNS} FROM provider_keys FINAL WHERE is_deleted = 0 ORDER BY id`, undefined, {
    tag: "listAllProviderKeys",
  });
  return rows.map(toProviderKey);
}
