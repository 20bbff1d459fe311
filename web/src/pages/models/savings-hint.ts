// The models page's "savings hint": the cheapest model (per request) whose success rate is within a
// couple of points of the best one. Only models with enough runs and a known price take part, so a
// model with 3 lucky runs or no price (cost 0) is never "the cheapest".
import type { ModelRow } from "../../api/types.ts";

export interface SavingsHintOptions {
  /** How far below the best success rate still counts as "as good" (0.02 = 2 percentage points). @default 0.02 */
  tolerance?: number;
  /** Runs a model needs in the range to take part. @default 50 */
  minRequests?: number;
}

export type SavingsHint =
  /** `cheaper` costs less per request than `best` with a success rate at most `tolerance` lower. */
  | { kind: "cheaper"; cheaper: ModelRow; best: ModelRow; successGap: number; costRatio: number }
  /** The most successful model is also the cheapest of them all. */
  | { kind: "best-is-cheapest"; best: ModelRow; runnerUp: ModelRow };

const EPSILON = 1e-9;

export const modelKey = (row: Pick<ModelRow, "provider" | "model">) => `${row.provider}/${row.model}`;

type Priced = ModelRow & { successRate: number; costPer1kRequests: number };

function eligible(row: ModelRow, minRequests: number): row is Priced {
  return row.requests >= minRequests && row.successRate !== null && row.costPer1kRequests !== null && row.costUsd > 0;
}

export function pickSavingsHint(
  models: readonly ModelRow[],
  { tolerance = 0.02, minRequests = 50 }: SavingsHintOptions = {},
): SavingsHint | null {
  const candidates = models.filter((row): row is Priced => eligible(row, minRequests));
  if (candidates.length < 2) return null;
  const cheaperFirst = (a: Priced, b: Priced) => a.costPer1kRequests - b.costPer1kRequests;
  // The best success rate; among equals, the cheaper one.
  const best = [...candidates].sort((a, b) => b.successRate - a.successRate || cheaperFirst(a, b))[0]!;
  const asGood = candidates.filter((row) => row.successRate >= best.successRate - tolerance - EPSILON).sort(cheaperFirst);
  const cheaper = asGood[0]!;
  if (cheaper !== best && cheaper.costPer1kRequests < best.costPer1kRequests) {
    return {
      kind: "cheaper",
      cheaper,
      best,
      successGap: best.successRate - cheaper.successRate,
      costRatio: best.costPer1kRequests / cheaper.costPer1kRequests,
    };
  }
  const byCost = [...candidates].sort(cheaperFirst);
  if (byCost[0] === best) return { kind: "best-is-cheapest", best, runnerUp: byCost[1]! };
  return null;
}
