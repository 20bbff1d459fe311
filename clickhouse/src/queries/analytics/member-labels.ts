// Names for the member dimension: who a user id is, for the team members who own a project's keys.
import type { Store } from "../../store.ts";

export interface MemberLabel {
  userId: string;
  email: string;
  name: string;
}

/** Only users who own a key of the project or an API token of its org, or belong to its org, are named. */
export async function getMemberLabels(
  store: Store,
  { projectId, userIds, signal }: { projectId: string; userIds: readonly string[]; signal?: AbortSignal | undefined },
): Promise<MemberLabel[]> {
  if (userIds.length === 0) return [];
  const rows = await store.query<{ id: string; email: string; name: string }>(
    `SELECT id, email, name
     FROM users FINAL
     WHERE id IN {userIds:Array(String)} AND is_deleted = 0
       AND (
         id IN (
           SELECT user_id FROM api_keys
           WHERE project_id = {projectId:String}
              OR org_id IN (SELECT org_id FROM projects FINAL WHERE id = {projectId:String})
         )
         OR id IN (
           SELECT user_id FROM memberships FINAL
           WHERE is_deleted = 0 AND org_id IN (SELECT org_id FROM projects FINAL WHERE id = {projectId:String})
         )
       )
     ORDER BY id`,
    { projectId, userIds: [...userIds] },
    { tag: "getMemberLabels", signal },
  );
  return rows.map((row) => ({ userId: row.id, email: row.email, name: row.name }));
}
