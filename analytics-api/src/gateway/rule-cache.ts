// The gateway's routing rules of every project in memory, re-read every few seconds (a rule created or
// deleted on any replica applies within that interval) and at once when this process changes one.
import { listAllRoutingRules, type RoutingRule, type Store } from "@promptmetrics/clickhouse";
import { createProjectSnapshot, type ProjectSnapshot } from "./project-snapshot.ts";

export type RuleCache = ProjectSnapshot<RoutingRule>;

export function createRuleCache(store: Store, opts: { refreshMs?: number; onError?: (error: unknown) => void } = {}): RuleCache {
  return createProjectSnapshot(() => listAllRoutingRules(store), opts);
}
