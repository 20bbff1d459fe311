// Projects: the unit every span, run and key belongs to; all analytics are scoped to one.
import { z } from "zod";
import type { Store } from "../store.ts";
import { fromDbTime, nextVersion, toDbTime } from "./versioning.ts";

export const ProjectRow = z.object({ id: z.string(), org_id: z.string(), name: z.string(), created_at: z.string() });
export type ProjectRow = z.infer<typeof ProjectRow>;
export interface Project {
  id: string;
  orgId: string;
  name: string;
  createdAt: Date;
}

export function toProject(row: ProjectRow): Project {
  return { id: row.id, orgId: row.org_id, name: row.name, createdAt: fromDbTime(row.created_at) };
}

export async function insertProject(store: Store, project: { id: string; orgId: string; name: string }): Promise<Project> {
  const now = new Date();
  await store.insert("projects", [
    {
      id: project.id,
      org_id: project.orgId,
      name: project.name,
      created_at: toDbTime(now),
      updated_at: toDbTime(now),
      version: nextVersion(),
      is_deleted: 0,
    },
  ]);
  return { ...project, createdAt: now };
}

export async function getProjectByName(store: Store, { orgId, name }: { orgId: string; name: string }): Promise<Project | undefined> {
  const rows = await store.query<ProjectRow>(
    "SELECT id, org_id, name, created_at FROM projects FINAL WHERE org_id = {orgId:String} AND name = {name:String} AND is_deleted = 0 ORDER BY created_at LIMIT 1",
    { orgId, name },
    { tag: "getProjectByName" },
  );
  return rows[0] ? toProject(ProjectRow.parse(rows[0])) : undefined;
}

export async function listProjectsByOrg(store: Store, { orgId }: { orgId: string }): Promise<Project[]> {
  const rows = await store.query<ProjectRow>(
    "SELECT id, org_id, name, created_at FROM projects FINAL WHERE org_id = {orgId:String} AND is_deleted = 0 ORDER BY created_at",
    { orgId },
    { tag: "listProjectsByOrg" },
  );
  return rows.map((row) => toProject(ProjectRow.parse(row)));
}

/** Every project of the install, oldest first (for install-wide jobs such as the suggestion refresh). */
export async function listAllProjects(store: Store): Promise<Project[]> {
  const rows = await store.query<ProjectRow>(
    "SELECT id, org_id, name, created_at FROM projects FINAL WHERE is_deleted = 0 ORDER BY created_at, id",
    undefined,
    { tag: "listAllProjects" },
  );
  return rows.map((row) => toProject(ProjectRow.parse(row)));
}

export async function getProjectById(store: Store, { projectId }: { projectId: string }): Promise<Project | undefined> {
  const rows = await store.query<ProjectRow>(
    "SELECT id, org_id, name, created_at FROM projects FINAL WHERE id = {projectId:String} AND is_deleted = 0",
    { projectId },
    { tag: "getProjectById" },
  );
  return rows[0] ? toProject(ProjectRow.parse(rows[0])) : undefined;
}

/** Every project in the orgs `userId` is a member of, oldest org and project first. */
export async function listProjectsByUser(store: Store, { userId }: { userId: string }): Promise<Project[]> {
  const rows = await store.query<ProjectRow>(
    `SELECT id, org_id, name, created_at FROM projects FINAL
     WHERE is_deleted = 0
       AND org_id IN (SELECT org_id FROM memberships FINAL WHERE user_id = {userId:String} AND is_deleted = 0)
     ORDER BY org_id, created_at, id`,
    { userId },
    { tag: "listProjectsByUser" },
  );
  return rows.map((row) => toProject(ProjectRow.parse(row)));
}
