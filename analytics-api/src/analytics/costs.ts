// GET /costs: spend broken down by one dimension, largest first, with each group's share of the total.
import type { Store } from "@promptmetrics/clickhouse";
import type { Dimension } from "@promptmetrics/clickhouse/analytics";
import { ratio } from "./figures.ts";
import { buildMeta, type Meta } from "./meta.ts";
import { nameMembers, type MemberName } from "./member-names.ts";
import type { Plan } from "./normalise.ts";
import { readFigures, readTotals } from "./read-figures.ts";

export interface CostGroup extends Partial<MemberName> {
  /** The group's value; "" for runs without one (no user, no prompt, no tag, a key without a known owner). For `member`, the owner's user id. */
  key: string;
  costUsd: number;
  /** costUsd / totalCostUsd, 0..1; null when the total is 0. */
  share: number | null;
  requests: number;
  inputTokens: number;
  outputTokens: number;
}

export interface CostsResponse {
  meta: Meta;
  groupBy: Dimension;
  totalCostUsd: number;
  totalRequests: number;
  groups: CostGroup[];
  /** Whether more groups exist than `limit`. */
  truncated: boolean;
  /**
   * Cost of the groups left out by `limit` (0 when none). Null for tags: a run with several tags
   * counts under each, so groups overlap and their shares can add up to more than 1.
   */
  otherCostUsd: number | null;
}

export async function answerCosts(
  store: Store,
  plan: Plan,
  { groupBy, limit }: { groupBy: Dimension; limit: number },
  signal?: AbortSignal,
): Promise<CostsResponse> {
  const figures = { withFeedback: false, percentiles: false, signal };
  const totals = await readTotals(store, plan, figures);
  const read = await readFigures(store, plan, { ...figures, dimensions: [groupBy], limit: limit + 1 });
  const rows = read.rows.slice(0, limit);
  const names =
    groupBy === "member"
      ? await nameMembers(
          store,
          plan.projectId,
          rows.map((row) => row.keys[0]!),
          signal,
        )
      : undefined;
  const total = totals.figures.costUsd;
  const groups = rows.map(({ keys, figures }) => ({
    key: keys[0]!,
    ...(names ? names(keys[0]!) : {}),
    costUsd: figures.costUsd,
    share: ratio(figures.costUsd, total),
    requests: figures.requests,
    inputTokens: figures.inputTokens,
    outputTokens: figures.outputTokens,
  }));
  const truncated = read.rows.length > limit;
  const listed = groups.reduce((sum, group) => sum + group.costUsd, 0);
  return {
    meta: buildMeta(plan, [totals.source, read.source]),
    groupBy,
    totalCostUsd: total,
    totalRequests: totals.figures.requests,
    groups,
    truncated,
    otherCostUsd: groupBy === "tag" ? null : truncated ? Math.max(0, total - listed) : 0,
  };
}
