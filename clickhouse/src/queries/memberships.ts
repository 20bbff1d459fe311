// A user's role in an org. One row per (org, user); a role change writes a new version, a removal a
// newer version with is_deleted = 1.
import { z } from "zod";
import type { Store } from "../store.ts";
import { fromDbTime, nextVersion, toDbTime } from "./versioning.ts";

export const ROLES = ["owner", "admin", "member", "viewer"] as const;
export type Role = (typeof ROLES)[number];
export const MembershipRow = z.object({ org_id: z.string(), user_id: z.string(), role: z.enum(ROLES) });
export type MembershipRow = z.infer<typeof MembershipRow>;

/** A member of an org as the members page shows them. */
export interface OrgMember {
  orgId: string;
  userId: string;
  email: string;
  name: string;
  role: Role;
  joinedAt: Date;
}

/** An org a user belongs to, with their role in it. */
export interface UserOrg {
  orgId: string;
  name: string;
  role: Role;
  createdAt: Date;
}

function membershipRow(membership: { orgId: string; userId: string; role: Role; createdAt: Date }, isDeleted: 0 | 1) {
  return {
    org_id: membership.orgId,
    user_id: membership.userId,
    role: membership.role,
    created_at: toDbTime(membership.createdAt),
    updated_at: toDbTime(new Date()),
    version: nextVersion(),
    is_deleted: isDeleted,
  };
}

/** Adds a member or changes their role; `createdAt` keeps the original join time on a role change. */
export async function upsertMembership(
  store: Store,
  membership: { orgId: string; userId: string; role: Role; createdAt?: Date },
): Promise<void> {
  await store.insert("memberships", [membershipRow({ ...membership, createdAt: membership.createdAt ?? new Date() }, 0)], {
    tag: "upsertMembership",
  });
}

export async function getMembership(store: Store, { orgId, userId }: { orgId: string; userId: string }): Promise<Role | undefined> {
  const rows = await store.query<MembershipRow>(
    "SELECT org_id, user_id, role FROM memberships FINAL WHERE org_id = {orgId:String} AND user_id = {userId:String} AND is_deleted = 0",
    { orgId, userId },
    { tag: "getMembership" },
  );
  return rows[0] ? MembershipRow.parse(rows[0]).role : undefined;
}

const OrgMemberRow = z.object({
  org_id: z.string(),
  user_id: z.string(),
  email: z.string(),
  name: z.string(),
  role: z.enum(ROLES),
  created_at: z.string(),
});

/** Members of an org with their email and name, in the order they joined. */
export async function listOrgMembers(store: Store, { orgId }: { orgId: string }): Promise<OrgMember[]> {
  const rows = await store.query(
    `SELECT m.org_id AS org_id, m.user_id AS user_id, u.email AS email, u.name AS name, m.role AS role, m.created_at AS created_at
     FROM (SELECT org_id, user_id, role, created_at FROM memberships FINAL WHERE org_id = {orgId:String} AND is_deleted = 0) AS m
     INNER JOIN (SELECT id, email, name FROM users FINAL WHERE is_deleted = 0) AS u ON u.id = m.user_id
     ORDER BY m.created_at, m.user_id`,
    { orgId },
    { tag: "listOrgMembers" },
  );
  return rows.map((raw) => {
    const row = OrgMemberRow.parse(raw);
    return {
      orgId: row.org_id,
      userId: row.user_id,
      email: row.email,
      name: row.name,
      role: row.role,
      joinedAt: fromDbTime(row.created_at),
    };
  });
}

const UserOrgRow = z.object({ org_id: z.string(), name: z.string(), role: z.enum(ROLES), created_at: z.string() });

/** The orgs a user is a member of, oldest first. */
export async function listOrgsByUser(store: Store, { userId }: { userId: string }): Promise<UserOrg[]> {
  const rows = await store.query(
    `SELECT o.id AS org_id, o.name AS name, m.role AS role, o.created_at AS created_at
     FROM (SELECT org_id, role FROM memberships FINAL WHERE user_id = {userId:String} AND is_deleted = 0) AS m
     INNER JOIN (SELECT id, name, created_at FROM orgs FINAL WHERE is_deleted = 0) AS o ON o.id = m.org_id
     ORDER BY o.created_at, o.id`,
    { userId },
    { tag: "listOrgsByUser" },
  );
  return rows.map((raw) => {
    const row = UserOrgRow.parse(raw);
    return { orgId: row.org_id, name: row.name, role: row.role, createdAt: fromDbTime(row.created_at) };
  });
}

export async function deleteMembership(
  store: Store,
  member: { orgId: string; userId: string; role: Role; createdAt: Date },
): Promise<void> {
  await store.insert("memberships", [membershipRow(member, 1)], { tag: "deleteMembership" });
}
