// Emails and names for the member dimension (keys are user ids).
import type { Store } from "@promptmetrics/clickhouse";
import { getMemberLabels } from "@promptmetrics/clickhouse/analytics";

export interface MemberName {
  email: string | null;
  name: string | null;
}

/** The member behind each id; "" (runs whose key has no known owner) and unknown ids get nulls. */
export async function nameMembers(
  store: Store,
  projectId: string,
  userIds: readonly string[],
  signal?: AbortSignal,
): Promise<(id: string) => MemberName> {
  const labels = await getMemberLabels(store, { projectId, userIds: userIds.filter((id) => id !== ""), signal });
  const byId = new Map(labels.map((label) => [label.userId, label]));
  return (id) => {
    const label = byId.get(id);
    return { email: label?.email || null, name: label?.name || null };
  };
}
