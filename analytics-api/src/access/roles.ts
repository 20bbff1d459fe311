// Org roles in order of rights: each role may do everything the roles below it may.
import type { Role } from "@promptmetrics/clickhouse";
import { ForbiddenError } from "../http/errors.ts";

const RANK: Readonly<Record<Role, number>> = { viewer: 0, member: 1, admin: 2, owner: 3 };

export function hasRole(role: Role, least: Role): boolean {
  return RANK[role] >= RANK[least];
}

/**
 * Throws ForbiddenError (403) unless the caller's role is at least `least`. Call it only after the
 * caller was shown to see the org or project (a 404 otherwise), so a 403 never reveals anything.
 */
export function requireRole(access: { role: Role }, least: Role, message?: string): void {
  if (!hasRole(access.role, least))
    throw new ForbiddenError(message ?? `This needs the ${least} role or higher; you are ${articleFor(access.role)} ${access.role}`);
}

function articleFor(role: Role): string {
  return role === "owner" || role === "admin" ? "an" : "a";
}
