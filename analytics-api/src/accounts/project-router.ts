// /api/projects: the projects the caller may see, one project, and creating a project (admin+).
import { randomUUID } from "node:crypto";
import { Router } from "express";
import { getProjectById, insertProject, listProjectsByOrg } from "@promptmetrics/clickhouse";
import { requireCaller } from "../access/caller.ts";
import { requireRole } from "../access/roles.ts";
import { ConflictError, NotFoundError } from "../http/errors.ts";
import { NoQuery, parseBody, parseQuery } from "../http/validate.ts";
import type { AccountsContext } from "./context.ts";
import { listVisibleProjects } from "./me.ts";
import { projectView } from "./views.ts";
import { ProjectBody } from "./schemas.ts";

export function createProjectRouter(ctx: AccountsContext): Router {
  const router = Router();

  router.get("/api/projects", async (req, res) => {
    parseQuery(NoQuery, req.query);
    const caller = await requireCaller(ctx.resolveCaller, req);
    res.json(await listVisibleProjects(ctx, caller.userId));
  });

  router.post("/api/projects", async (req, res) => {
    await requireCaller(ctx.resolveCaller, req);
    const body = parseBody(ProjectBody, req.body);
    const access = await ctx.authorizeOrg(req, body.orgId);
    requireRole(access, "admin");
    const project = await ctx.lock(async () => {
      const existing = await listProjectsByOrg(ctx.store, { orgId: access.orgId });
      if (existing.some((project) => project.name.toLowerCase() === body.name.toLowerCase())) {
        throw new ConflictError(`The org already has a project named "${body.name}"`, "name");
      }
      return insertProject(ctx.store, { id: `proj_${randomUUID()}`, orgId: access.orgId, name: body.name });
    });
    res.status(201).json(projectView(project, access.role));
  });

  router.get("/api/projects/:projectId", async (req, res) => {
    parseQuery(NoQuery, req.query);
    const access = await ctx.authorizeProject(req, req.params.projectId);
    const project = await getProjectById(ctx.store, { projectId: access.projectId });
    if (!project) throw new NotFoundError(`Project ${access.projectId} not found`);
    res.json(projectView(project, access.role));
  });

  return router;
}
