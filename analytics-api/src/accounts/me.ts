// The signed-in user with their orgs (and role in each) and every project they may see.
import { getUserById, listOrgsByUser, listProjectsByUser, type Role } from "@promptmetrics/clickhouse";
import { UnauthorizedError } from "../http/errors.ts";
import type { AccountsContext } from "./context.ts";
import { orgView, projectView, userView, type MeView, type ProjectView } from "./views.ts";

export async function loadMe(ctx: AccountsContext, userId: string): Promise<MeView> {
  const user = await getUserById(ctx.store, { id: userId });
  if (!user) throw new UnauthorizedError("This account no longer exists");
  const orgs = await listOrgsByUser(ctx.store, { userId });
  return {
    user: userView(user),
    orgs: orgs.map(orgView),
    projects: await listVisibleProjects(ctx, userId, new Map(orgs.map((org) => [org.orgId, org.role]))),
  };
}

export async function listVisibleProjects(ctx: AccountsContext, userId: string, roles?: Map<string, Role>): Promise<ProjectView[]> {
  const roleByOrg = roles ?? new Map((await listOrgsByUser(ctx.store, { userId })).map((org) => [org.orgId, org.role]));
  const projects = await listProjectsByUser(ctx.store, { userId });
  return projects.flatMap((project) => {
    const role = roleByOrg.get(project.orgId);
    return role ? [projectView(project, role)] : [];
  });
}
