// The gateway's limits, checked before a call reaches the provider: requests per minute (counted in the
// store by the sign-in limiter, so every replica spends one budget and never more than the limit pass),
// and spend caps per UTC day or month for the project, a key, an end user or each end user.
//
// Spend is what the rollups hold for the period (re-read when over a second old) plus the cost of this
// process's calls that the rollups do not show yet (priced at answer time, dropped once a read that
// started after their run was written has them). A call is refused once the spend has reached the cap,
// so the overshoot is at most the calls in flight when the cap was reached, plus, with several
// replicas, what the others answered within their last ~2 s (run batching 1 s, this read's age 1 s).
// Caps compare `spend >= cap` (LiteLLM's off-by-one, #28020, compared with `>`).
import { getSpendSince, listAllGatewayLimits, type GatewayLimit, type Store } from "@promptmetrics/clickhouse";
import { createRateLimiter, type RateLimiter } from "../accounts/rate-limiter.ts";
import { formatUsd9, toPico } from "../optimization/usd.ts";

export interface CallSubjects {
  projectId: string;
  keyId: string;
  userId: string;
}

export type LimitVerdict = { allowed: true } | { allowed: false; retryAfterSeconds: number; message: string };

export interface LimitEnforcer {
  check(call: CallSubjects): Promise<LimitVerdict>;
  /** Adds an answered call's cost; `written()` once its run is in the store. */
  addSpend(call: CallSubjects, pico: bigint): { written(): void };
  refresh(): Promise<void>;
  close(): void;
}

const STORED_MAX_AGE_MS = 1000;

interface Pending {
  pico: bigint;
  writtenAt: number | undefined;
}

interface StoredSpend {
  pico: bigint;
  /** When the read began: runs written before it are in `pico`. */
  readStartedAt: number;
  periodStart: number;
}

export function createLimitEnforcer(
  store: Store,
  opts: { refreshMs?: number; now?: () => number; onError?: (error: unknown) => void } = {},
): LimitEnforcer {
  const now = opts.now ?? Date.now;
  let byProject = new Map<string, GatewayLimit[]>();
  const limiters = new Map<string, RateLimiter>();
  const stored = new Map<string, StoredSpend>();
  const reading = new Map<string, Promise<StoredSpend>>();
  const pending = new Map<string, Pending[]>();

  const refresh = async () => {
    const next = new Map<string, GatewayLimit[]>();
    for (const limit of await listAllGatewayLimits(store)) next.set(limit.projectId, [...(next.get(limit.projectId) ?? []), limit]);
    byProject = next;
  };
  const timer = setInterval(() => refresh().catch((error: unknown) => opts.onError?.(error)), opts.refreshMs ?? 3000);
  timer.unref();
  void refresh().catch((error: unknown) => opts.onError?.(error));

  const subjectOf = (limit: GatewayLimit, call: CallSubjects): string | undefined => {
    if (limit.scope === "project") return "";
    if (limit.scope === "key") return limit.subject === call.keyId ? call.keyId : undefined;
    if (!call.userId) return undefined;
    return limit.subject === "*" || limit.subject === call.userId ? call.userId : undefined;
  };
  const spendKey = (projectId: string, scope: string, subject: string, periodStart: number) =>
    `${projectId}|${scope}|${subject}|${periodStart}`;

  const storedSpend = async (limit: GatewayLimit, subject: string, periodStart: number): Promise<StoredSpend> => {
    const key = spendKey(limit.projectId, limit.scope, subject, periodStart);
    const known = stored.get(key);
    if (known && now() - known.readStartedAt < STORED_MAX_AGE_MS) return known;
    let read = reading.get(key);
    if (!read) {
      const readStartedAt = now();
      read = getSpendSince(store, { projectId: limit.projectId, scope: limit.scope, subject, from: new Date(periodStart) })
        .then((text) => {
          const fresh = { pico: toPico(text), readStartedAt, periodStart };
          stored.set(key, fresh);
          // Spend the read holds is no longer pending.
          const list = pending.get(key);
          if (list)
            pending.set(
              key,
              list.filter((entry) => entry.writtenAt === undefined || entry.writtenAt >= readStartedAt),
            );
          return fresh;
        })
        .finally(() => reading.delete(key));
      reading.set(key, read);
    }
    return read;
  };

  return {
    async check(call) {
      const limits = byProject.get(call.projectId);
      if (!limits) return { allowed: true };
      const at = now();
      for (const limit of limits) {
        if (limit.metric === "requests_per_minute") continue;
        const subject = subjectOf(limit, call);
        if (subject === undefined) continue;
        const { start, end, word } = period(limit.metric, at);
        const spent =
          (await storedSpend(limit, subject, start)).pico +
          pendingPico(pending.get(spendKey(limit.projectId, limit.scope, subject, start)));
        const cap = toPico(limit.maxValue);
        if (spent >= cap)
          return {
            allowed: false,
            retryAfterSeconds: Math.max(1, Math.ceil((end - at) / 1000)),
            message: `Spend cap reached: ${describe(limit, subject)} spent $${formatUsd9(spent)} of its $${limit.maxValue} ${word} cap (resets ${new Date(end).toISOString()})`,
          };
      }
      for (const limit of limits) {
        if (limit.metric !== "requests_per_minute") continue;
        const subject = subjectOf(limit, call);
        if (subject === undefined) continue;
        let limiter = limiters.get(limit.id);
        if (!limiter) {
          limiter = createRateLimiter({ store, max: Number(limit.maxValue), windowMs: 60_000 });
          limiters.set(limit.id, limiter);
        }
        const verdict = await limiter.hit(`gateway|${limit.id}|${subject}`);
        if (!verdict.allowed)
          return {
            allowed: false,
            retryAfterSeconds: verdict.retryAfterSeconds,
            message: `Rate limit reached: ${describe(limit, subject)} may make ${limit.maxValue} requests a minute; retry in ${verdict.retryAfterSeconds} s`,
          };
      }
      return { allowed: true };
    },

    addSpend(call, pico) {
      const limits = byProject.get(call.projectId);
      const entry: Pending = { pico, writtenAt: undefined };
      if (limits && pico > 0n) {
        const at = now();
        for (const limit of limits) {
          if (limit.metric === "requests_per_minute") continue;
          const subject = subjectOf(limit, call);
          if (subject === undefined) continue;
          const key = spendKey(limit.projectId, limit.scope, subject, period(limit.metric, at).start);
          const list = pending.get(key);
          if (list) {
            // Two caps on one subject and period share a key: the call counts once in it.
            if (!list.includes(entry)) list.push(entry);
          } else pending.set(key, [entry]);
        }
      }
      return { written: () => (entry.writtenAt = now()) };
    },

    refresh,
    close: () => clearInterval(timer),
  };
}

function pendingPico(list: Pending[] | undefined): bigint {
  let sum = 0n;
  for (const entry of list ?? []) sum += entry.pico;
  return sum;
}

/** The UTC day or month `at` falls in. */
export function period(metric: GatewayLimit["metric"], at: number): { start: number; end: number; word: string } {
  const d = new Date(at);
  if (metric === "spend_per_month") {
    return {
      start: Date.UTC(d.getUTCFullYear(), d.getUTCMonth(), 1),
      end: Date.UTC(d.getUTCFullYear(), d.getUTCMonth() + 1, 1),
      word: "monthly",
    };
  }
  const start = Date.UTC(d.getUTCFullYear(), d.getUTCMonth(), d.getUTCDate());
  return { start, end: start + 86_400_000, word: "daily" };
}

function describe(limit: GatewayLimit, subject: string): string {
  if (limit.scope === "project") return "this project";
  if (limit.scope === "key") return "this key";
  return `end user ${JSON.stringify(subject.slice(0, 100))}`;
}
