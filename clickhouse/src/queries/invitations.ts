// Invitations to join an org by link. Only a hash of the link's token is stored (hashing lives with the
// API); acceptance and withdrawal write a newer version of the row.
import { z } from "zod";
import type { Store } from "../store.ts";
import { ROLES, type Role } from "./memberships.ts";
import { fromDbTime, nextVersion, toDbTime } from "./versioning.ts";

export const InvitationRow = z.object({
  id: z.string(),
  org_id: z.string(),
  email: z.string(),
  role: z.enum(ROLES),
  token_hash: z.string(),
  invited_by: z.string(),
  created_at: z.string(),
  expires_at: z.string(),
  accepted_at: z.string().nullable(),
  accepted_by: z.string(),
});
export type InvitationRow = z.infer<typeof InvitationRow>;
export interface Invitation {
  id: string;
  orgId: string;
  email: string;
  role: Role;
  tokenHash: string;
  invitedBy: string;
  createdAt: Date;
  expiresAt: Date;
  acceptedAt: Date | null;
  acceptedBy: string;
}

const COLUMNS = "id, org_id, email, role, token_hash, invited_by, created_at, expires_at, accepted_at, accepted_by";

export function toInvitation(row: InvitationRow): Invitation {
  return {
    id: row.id,
    orgId: row.org_id,
    email: row.email,
    role: row.role,
    tokenHash: row.token_hash,
    invitedBy: row.invited_by,
    createdAt: fromDbTime(row.created_at),
    expiresAt: fromDbTime(row.expires_at),
    acceptedAt: row.accepted_at ? fromDbTime(row.accepted_at) : null,
    acceptedBy: row.accepted_by,
  };
}

function invitationRow(invitation: Invitation, isDeleted: 0 | 1) {
  return {
    id: invitation.id,
    org_id: invitation.orgId,
    email: invitation.email,
    role: invitation.role,
    token_hash: invitation.tokenHash,
    invited_by: invitation.invitedBy,
    created_at: toDbTime(invitation.createdAt),
    expires_at: toDbTime(invitation.expiresAt),
    accepted_at: invitation.acceptedAt ? toDbTime(invitation.acceptedAt) : null,
    accepted_by: invitation.acceptedBy,
    version: nextVersion(),
    is_deleted: isDeleted,
  };
}

export async function insertInvitation(
  store: Store,
  invitation: {
    orgId: string;
    id: string;
    email: string;
    role: Role;
    tokenHash: string;
    invitedBy: string;
    createdAt: Date;
    expiresAt: Date;
  },
): Promise<Invitation> {
  const created: Invitation = { ...invitation, email: invitation.email.trim().toLowerCase(), acceptedAt: null, acceptedBy: "" };
  await store.insert("invitations", [invitationRow(created, 0)], { tag: "insertInvitation" });
  return created;
}

/** The invitation behind a link, whatever its state (the caller checks expiry and acceptance). */
export async function getInvitationByTokenHash(store: Store, { tokenHash }: { tokenHash: string }): Promise<Invitation | undefined> {
  const rows = await store.query<InvitationRow>(
    `SELECT ${COLUMNS} FROM invitations FINAL WHERE token_hash = {tokenHash:String} AND is_deleted = 0 LIMIT 1`,
    { tokenHash },
    { tag: "getInvitationByTokenHash" },
  );
  return rows[0] ? toInvitation(InvitationRow.parse(rows[0])) : undefined;
}

export async function getInvitationById(store: Store, { orgId, id }: { orgId: string; id: string }): Promise<Invitation | undefined> {
  const rows = await store.query<InvitationRow>(
    `SELECT ${COLUMNS} FROM invitations FINAL WHERE org_id = {orgId:String} AND id = {id:String} AND is_deleted = 0`,
    { orgId, id },
    { tag: "getInvitationById" },
  );
  return rows[0] ? toInvitation(InvitationRow.parse(rows[0])) : undefined;
}

/** Invitations of an org not yet accepted and not expired at `now`, newest first. */
export async function listPendingInvitationsByOrg(store: Store, { orgId, now }: { orgId: string; now: Date }): Promise<Invitation[]> {
  const rows = await store.query<InvitationRow>(
    `SELECT ${COLUMNS} FROM invitations FINAL
     WHERE org_id = {orgId:String} AND is_deleted = 0 AND accepted_at IS NULL AND expires_at > {now:DateTime64(3, 'UTC')}
     ORDER BY created_at DESC`,
    { orgId, now },
    { tag: "listPendingInvitationsByOrg" },
  );
  return rows.map((row) => toInvitation(InvitationRow.parse(row)));
}

export async function markInvitationAccepted(
  store: Store,
  { invitation, userId, at }: { invitation: Invitation; userId: string; at: Date },
): Promise<void> {
  await store.insert("invitations", [invitationRow({ ...invitation, acceptedAt: at, acceptedBy: userId }, 0)], {
    tag: "markInvitationAccepted",
  });
}

export async function deleteInvitation(store: Store, { invitation }: { invitation: Invitation }): Promise<void> {
  await store.insert("invitations", [invitationRow(invitation, 1)], { tag: "deleteInvitation" });
}
