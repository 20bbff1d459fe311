// The access checks every scoped route starts with: the caller must be a member of the org that owns
// the project (or of the org itself). Anything else, existing or not, is a 404 so that another org's
// ids are never confirmed; role checks (403) come only after this.
import type { Request } from "express";
import { getMembership, getProjectById, type Role, type Store } from "@promptmetrics/clickhouse";
import { NotFoundError } from "../http/errors.ts";
import type { AuthorizeProject } from "./project-access.ts";
import { createAuthCache, type AuthCache } from "./auth-cache.ts";
import { createCallerResolver, requireCaller, type CallerResolver } from "./caller.ts";

export interface OrgAccess {
  orgId: string;
  /** The caller's role in the org. */
  role: Role;
  userId: string;
}

export type AuthorizeOrg = (req: Request, orgId: string) => Promise<OrgAccess>;

export interface AuthorizerDeps {
  store: Store;
  /** Defaults to a resolver of its own; the app passes the one its middleware uses. */
  resolveCaller?: CallerResolver;
  /** Reuses project and membership lookups for a few seconds (the app's, cleared by its writes); none by default. */
  authCache?: AuthCache;
}

const NO_CACHE = createAuthCache({ ttlMs: 0 });

export function createProjectAuthorizer({
  store,
  resolveCaller = createCallerResolver({ store }),
  authCache = NO_CACHE,
}: AuthorizerDeps): AuthorizeProject {
  const membership = membershipLookup(store, authCache);
  return async (req, projectId) => {
    const caller = await requireCaller(resolveCaller, req);
    const project = await authCache.get(`project\0${projectId}`, () => getProjectById(store, { projectId }));
    const role = project ? await membership(project.orgId, caller.userId) : undefined;
    if (!project || !role) throw new NotFoundError(`Project ${projectId} not found`);
    return { projectId, orgId: project.orgId, role, userId: caller.userId };
  };
}

export function createOrgAuthorizer({
  store,
  resolveCaller = createCallerResolver({ store }),
  authCache = NO_CACHE,
}: AuthorizerDeps): AuthorizeOrg {
  const membership = membershipLookup(store, authCache);
  return async (req, orgId) => {
    const caller = await requireCaller(resolveCaller, req);
    const role = await membership(orgId, caller.userId);
    if (!role) throw new NotFoundError(`Org ${orgId} not found`);
    return { orgId, role, userId: caller.userId };
  };
}

function membershipLookup(store: Store, authCache: AuthCache): (orgId: string, userId: string) => Promise<Role | undefined> {
  return (orgId, userId) => authCache.get(`member\0${orgId}\0${userId}`, () => getMembership(store, { orgId, userId }));
}
