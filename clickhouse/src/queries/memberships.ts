// A user's role in an org. One row per (org, user); a role change writes a new version.
import { z } from "zod";
import type { Store } from "../store.ts";
import { nextVersion, toDbTime } from "./versioning.ts";

export const ROLES = ["owner", "admin", "member", "viewer"] as const;
export type Role = (typeof ROLES)[number];
export const MembershipRow = z.object({ org_id: z.string(), user_id: z.string(), role: z.enum(ROLES) });
export type MembershipRow = z.infer<typeof MembershipRow>;

export async function upsertMembership(store: Store, membership: { orgId: string; userId: string; role: Role }): Promise<void> {
  const now = toDbTime(new Date());
  await store.insert("memberships", [
    { org_id: membership.orgId, user_id: membership.userId, role: membership.role, created_at: now, updated_at: now, version: nextVersion(), is_deleted: 0 },
  ]);
}

export async function getMembership(store: Store, { orgId, userId }: { orgId: string; userId: string }): Promise<Role | undefined> {
  const rows = await store.query<MembershipRow>(
    "SELECT org_id, user_id, role FROM memberships FINAL WHERE org_id = {orgId:String} AND user_id = {userId:String} AND is_deleted = 0",
    { orgId, userId },
    { tag: "getMembership" },
  );
  return rows[0] ? MembershipRow.parse(rows[0]).role : undefined;
}
