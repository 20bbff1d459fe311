// Organisations: the tenants that own projects and members.
import { z } from "zod";
import type { Store } from "../store.ts";
import { fromDbTime, nextVersion, toDbTime } from "./versioning.ts";

export const OrgRow = z.object({ id: z.string(), name: z.string(), created_at: z.string() });
export type OrgRow = z.infer<typeof OrgRow>;
export interface Org {
  id: string;
  name: string;
  createdAt: Date;
}

export function toOrg(row: OrgRow): Org {
  return { id: row.id, name: row.name, createdAt: fromDbTime(row.created_at) };
}

export async function insertOrg(store: Store, org: { id: string; name: string }): Promise<Org> {
  const now = new Date();
  await store.insert("orgs", [
    { id: org.id, name: org.name, created_at: toDbTime(now), updated_at: toDbTime(now), version: nextVersion(), is_deleted: 0 },
  ]);
  return { id: org.id, name: org.name, createdAt: now };
}

export async function getOrgByName(store: Store, { name }: { name: string }): Promise<Org | undefined> {
  const rows = await store.query<OrgRow>(
    "SELECT id, name, created_at FROM orgs FINAL WHERE name = {name:String} AND is_deleted = 0 ORDER BY created_at LIMIT 1",
    { name },
    { tag: "getOrgByName" },
  );
  return rows[0] ? toOrg(OrgRow.parse(rows[0])) : undefined;
}

export async function countOrgs(store: Store): Promise<number> {
  const [row] = await store.query<{ n: number }>("SELECT count() AS n FROM orgs FINAL WHERE is_deleted = 0", undefined, {
    tag: "countOrgs",
  });
  return row?.n ?? 0;
}

export async function getOrgById(store: Store, { orgId }: { orgId: string }): Promise<Org | undefined> {
  const rows = await store.query<OrgRow>(
    "SELECT id, name, created_at FROM orgs FINAL WHERE id = {orgId:String} AND is_deleted = 0",
    { orgId },
    { tag: "getOrgById" },
  );
  return rows[0] ? toOrg(OrgRow.parse(rows[0])) : undefined;
}

/** The first org created on this install: the one the first start's bootstrap made, if any. */
export async function getOldestOrg(store: Store): Promise<Org | undefined> {
  const rows = await store.query<OrgRow>(
    "SELECT id, name, created_at FROM orgs FINAL WHERE is_deleted = 0 ORDER BY created_at, id LIMIT 1",
    undefined,
    { tag: "getOldestOrg" },
  );
  return rows[0] ? toOrg(OrgRow.parse(rows[0])) : undefined;
}
