// The JSON shapes of accounts, orgs, projects and keys as the API answers them (dates as ISO strings).
// Secrets and their hashes never appear here: a new secret is added once, by its route; a key's stored
// prefix is shown only in a form that reveals none of a chosen secret (shownKeyPrefix).
import type { ApiKeyListing, Invitation, OrgMember, Project, Role, User, UserOrg } from "@promptmetrics/clickhouse";
import { shownKeyPrefix } from "../access/api-keys.ts";
import { tokenExpiresAt, type TokenLifetime } from "../access/token-lifetime.ts";

export interface UserView {
  id: string;
  email: string;
  name: string;
  createdAt: Date;
}
export interface OrgView {
  id: string;
  name: string;
  role: Role;
  createdAt: Date;
}
export interface ProjectView {
  id: string;
  name: string;
  orgId: string;
  /** The caller's role in the project's org. */
  role: Role;
  createdAt: Date;
}
export interface MemberView {
  userId: string;
  email: string;
  name: string;
  role: Role;
  joinedAt: Date;
}
export interface InvitationView {
  id: string;
  orgId: string;
  email: string;
  role: Role;
  invitedBy: string;
  createdAt: Date;
  expiresAt: Date;
}
export interface IngestKeyView {
  id: string;
  projectId: string;
  name: string;
  prefix: string;
  createdAt: Date;
  lastUsedAt: Date | null;
  createdBy: { userId: string; email: string } | null;
}
export interface TokenView {
  id: string;
  name: string;
  prefix: string;
  createdAt: Date;
  lastUsedAt: Date | null;
  /** When the token stops working (401 "expired" after). */
  expiresAt: Date;
}
/** What GET /api/auth/me, sign-up and sign-in answer. */
export interface MeView {
  user: UserView;
  orgs: OrgView[];
  projects: ProjectView[];
}

export function userView(user: User): UserView {
  return { id: user.id, email: user.email, name: user.name, createdAt: user.createdAt };
}

export function orgView(org: UserOrg): OrgView {
  return { id: org.orgId, name: org.name, role: org.role, createdAt: org.createdAt };
}

export function projectView(project: Project, role: Role): ProjectView {
  return { id: project.id, name: project.name, orgId: project.orgId, role, createdAt: project.createdAt };
}

export function memberView(member: OrgMember): MemberView {
  return { userId: member.userId, email: member.email, name: member.name, role: member.role, joinedAt: member.joinedAt };
}

export function invitationView(invitation: Invitation): InvitationView {
  return {
    id: invitation.id,
    orgId: invitation.orgId,
    email: invitation.email,
    role: invitation.role,
    invitedBy: invitation.invitedBy,
    createdAt: invitation.createdAt,
    expiresAt: invitation.expiresAt,
  };
}

export function ingestKeyView(key: ApiKeyListing): IngestKeyView {
  return {
    id: key.id,
    projectId: key.projectId,
    name: key.name,
    prefix: shownKeyPrefix(key.prefix),
    createdAt: key.createdAt,
    lastUsedAt: key.lastUsedAt,
    createdBy: key.userId ? { userId: key.userId, email: key.creatorEmail } : null,
  };
}

export function tokenView(key: ApiKeyListing, lifetime: TokenLifetime): TokenView {
  return {
    id: key.id,
    name: key.name,
    prefix: shownKeyPrefix(key.prefix),
    createdAt: key.createdAt,
    lastUsedAt: key.lastUsedAt,
    expiresAt: tokenExpiresAt(lifetime, key),
  };
}
