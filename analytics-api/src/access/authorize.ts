// The access checks every scoped route starts with: the caller must be a member of the org that owns
// the project (or of the org itself). Anything else, existing or not, is a 404 so that another org's
// ids are never confirmed; role checks (403) come only after this.
import type { Request } from "express";
import { getMembership, getProjectById, type Role, type Store } from "@promptmetrics/clickhouse";
import { NotFoundError } from "../http/errors.ts";
import type { AuthorizeProject } from "./project-access.ts";
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
}

export function createProjectAuthorizer({ store, resolveCaller = createCallerResolver({ store }) }: AuthorizerDeps): AuthorizeProject {
  return async (req, projectId) => {
    const caller = await requireCaller(resolveCaller, req);
    const project = await getProjectById(store, { projectId });
    const role = project ? await getMembership(store, { orgId: project.orgId, userId: caller.userId }) : undefined;
    if (!project || !role) throw new NotFoundError(`Project ${projectId} not found`);
    return { projectId, orgId: project.orgId, role, userId: caller.userId };
  };
}

export function createOrgAuthorizer({ store, resolveCaller = createCallerResolver({ store }) }: AuthorizerDeps): AuthorizeOrg {
  return async (req, orgId) => {
    const caller = await requireCaller(resolveCaller, req);
    const role = await getMembership(store, { orgId, userId: caller.userId });
    if (!role) throw new NotFoundError(`Org ${orgId} not found`);
    return { orgId, role, userId: caller.userId };
  };
}
