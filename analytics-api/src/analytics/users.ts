// GET /users: usage by end user (the user id on the run) and by team member (who owns the ingest key
// or API token that sent it).
import type { Store } from "@promptmetrics/clickhouse";
import type { Figures } from "./figures.ts";
import { buildMeta, type Meta } from "./meta.ts";
import { nameMembers, type MemberName } from "./member-names.ts";
import type { Plan } from "./normalise.ts";
import { readFigures } from "./read-figures.ts";

export interface UsersResponse {
  meta: Meta;
  /** Largest cost first; userId "" collects runs without a user id. */
  byUser: ({ userId: string } & Figures)[];
  /** Largest cost first; memberId "" collects runs whose key has no known owner. */
  byMember: ({ memberId: string } & MemberName & Figures)[];
}

export async function answerUsers(store: Store, plan: Plan, { limit }: { limit: number }, signal?: AbortSignal): Promise<UsersResponse> {
  const byUser = await readFigures(store, plan, { dimensions: ["user"], limit, signal });
  const byMember = await readFigures(store, plan, { dimensions: ["member"], limit, signal });
  const names = await nameMembers(
    store,
    plan.projectId,
    byMember.rows.map((row) => row.keys[0]!),
    signal,
  );
  return {
    meta: buildMeta(plan, [byUser.source, byMember.source]),
    byUser: byUser.rows.map((row) => ({ userId: row.keys[0]!, ...row.figures })),
    byMember: byMember.rows.map((row) => ({ memberId: row.keys[0]!, ...names(row.keys[0]!), ...row.figures })),
  };
}
