// Roles in order of rights, as the API ranks them: each role may do everything the roles below it may.
import type { Role } from "../api/types.ts";

const RANK: Readonly<Record<Role, number>> = { viewer: 0, member: 1, admin: 2, owner: 3 };

/** Every role, lowest first (RANK's keys, so a role added to the API's Role fails the build until ranked). */
export const ROLES: readonly Role[] = (Object.keys(RANK) as Role[]).sort((a, b) => RANK[a] - RANK[b]);

/** Whether `role` is at least `least`. An unknown role (signed out) may do nothing. */
export function hasRole(role: Role | undefined, least: Role): boolean {
  return role !== undefined && RANK[role] >= RANK[least];
}

/** What each role may do in the UI (the API enforces the same). */
export const CAN = {
  /** Load sample data, create ingest keys, rate runs. */
  write: (role: Role | undefined) => hasRole(role, "member"),
  /** Members, invitations, projects, price overrides, SQL console. */
  administer: (role: Role | undefined) => hasRole(role, "admin"),
} as const;
