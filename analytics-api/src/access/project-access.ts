// The contract between the access layer (sessions, tokens, memberships) and the routers that read a
// project's data: a router asks for a project and gets the caller's role in it, or an error.
import type { Request } from "express";
import type { Role } from "@promptmetrics/clickhouse";

export interface ProjectAccess {
  projectId: string;
  orgId: string;
  /** The caller's role in the project's org. */
  role: Role;
  /** The user behind the session or API token. */
  userId: string;
}

/**
 * Resolves the caller of `req` and checks they may see `projectId`. Throws UnauthorizedError (401)
 * when there is no valid session or token, and NotFoundError (404) when the project does not exist
 * or belongs to an org the caller is not a member of, so its existence is never confirmed.
 */
export type AuthorizeProject = (req: Request, projectId: string) => Promise<ProjectAccess>;
