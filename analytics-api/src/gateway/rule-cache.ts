// The gateway's routing rules of every project in memory, re-read every few seconds (a rule created or
// deleted on any replica applies within that interval) and at once when this process changes one.
import { listAllRoutingRules, type RoutingRule, type Store } from "@promptmetrics/clickhouse";

export interface RuleCache {
  forProject(projectId: string): readonly RoutingRule[];
  refresh(): Promise<void>;
  close(): void;
}

const NONE: readonly RoutingRule[] = [];

export function createRuleCache(store: Store, opts: { refreshMs?: number; onError?: (error: unknown) => void } = {}): RuleCache {
  let byProject = new Map<string, RoutingRule[]>();
  const refresh = async () => {
    const next = new Map<string, RoutingRule[]>();
    for (const rule of await listAllRoutingRules(store)) {
      const list = next.get(rule.projectId);
      if (list) list.push(rule);
      else next.set(rule.projectId, [rule]);
    }
    byProject = next;
  };
  const timer = setInterval(() => refresh().catch((error: unknown) => opts.onError?.(error)), opts.refreshMs ?? 3000);
  timer.unref();
  void refresh().catch((error: unknown) => opts.onError?.(error));
  return {
    forProject: (projectId) => byProject.get(projectId) ?? NONE,
    refresh,
    close: () => clearInterval(timer),
  };
}
