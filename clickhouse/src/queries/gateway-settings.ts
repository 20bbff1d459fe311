// A project's gateway settings (gateway_settings, migration 0025): one versioned row, the newest winning.
// A project without a row has the defaults (no provider-key pass-through).
import { z } from "zod";
import type { Store } from "../store.ts";
import { fromDbTime, nextVersion, toDbTime } from "./versioning.ts";

export interface GatewaySettings {
  projectId: string;
  /** Callers may send their own provider key, forwarded for that call and never stored. */
  allowKeyPassthrough: boolean;
  updatedBy: string;
  updatedAt: Date | null;
}

const Row = z.object({
  project_id: z.string(),
  allow_key_passthrough: z.coerce.number(),
  updated_by: z.string(),
  updated_at: z.string(),
});

const COLUMNS = "project_id, allow_key_passthrough, updated_by, toString(updated_at) AS updated_at";

function toSettings(raw: unknown): GatewaySettings {
  const row = Row.parse(raw);
  return {
    projectId: row.project_id,
    allowKeyPassthrough: row.allow_key_passthrough === 1,
    updatedBy: row.updated_by,
    updatedAt: fromDbTime(row.updated_at),
  };
}

export function defaultGatewaySettings(projectId: string): GatewaySettings {
  return { projectId, allowKeyPassthrough: false, updatedBy: "", updatedAt: null };
}

export async function getGatewaySettings(store: Store, { projectId }: { projectId: string }): Promise<GatewaySettings> {
  const [row] = await store.query(
    `SELECT ${COLUMNS} FROM gateway_settings FINAL WHERE project_id = {projectId:String} AND is_deleted = 0`,
    {
      projectId,
    },
    { tag: "getGatewaySettings" },
  );
  return row === undefined ? defaultGatewaySettings(projectId) : toSettings(row);
}

/** Every project's settings that differ from the defaults' row-less state, for the gateway's cache. */
export async function listAllGatewaySettings(store: Store): Promise<GatewaySettings[]> {
  const rows = await store.query(`SELECT ${COLUMNS} FROM gateway_settings FINAL WHERE is_deleted = 0`, undefined, {
    tag: "listAllGatewaySettings",
  });
  return rows.map(toSettings);
}

export async function upsertGatewaySettings(
  store: Store,
  settings: { projectId: string; allowKeyPassthrough: boolean; updatedBy: string },
): Promise<GatewaySettings> {
  const updatedAt = new Date();
  await store.insert("gateway_settings", [
    {
      project_id: settings.projectId,
      allow_key_passthrough: settings.allowKeyPassthrough ? 1 : 0,
      updated_by: settings.updatedBy,
      updated_at: toDbTime(updatedAt),
      version: nextVersion(),
      is_deleted: 0,
    },
  ]);
  return { ...settings, updatedAt };
}
