// The gateway's limits, checked before a call reaches the provider: requests per minute (counted in the
// store by the sign-in limiter, so every replica spends one budget and never more than the limit pass),
// tokens per minute, and spend caps per UTC day or month for the project, a key, an end user or each end user.
//
// Spend is what the rollups hold for the period (re-read when over a second old) plus the cost of this
// process's calls that the rollups do not show yet (priced at answer time, dropped once a read that
// started after their run was written has them). A call is refused once the spend has reached the cap,
// so the overshoot is at most the calls in flight when the cap was reached, plus, with several
// replicas, what the others answered within their last ~2 s (run batching 1 s, this read's age 1 s).
// Caps compare `spend >= cap` (LiteLLM's off-by-one, #28020, compared with `>`).
//
// Tokens per minute work the same way, since a call's tokens are known only after it: the input and output
// tokens of the subject's runs that started in the last 60 s (spans, re-read when over a second old), plus
// this process's answered calls' tokens not in that read yet (added when the answer ends, dropped once a
// read that began after their run was written has them, or 60 s after they were added). A call is refused
// once used >= limit, with Retry-After the seconds until the oldest counted tokens leave the window. The
// overshoot bound is the spend caps': the calls in flight when the limit was reached, plus, with several
// replicas, what the others answered within their last ~2 s.
import { getSpendSince, getTokensSince, listAllGatewayLimits, type GatewayLimit, type Store } from "@promptmetrics/clickhouse";
import { createProjectSnapshot } from "./project-snapshot.ts";
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
  /** Adds an answered call's cost and tokens (input + output; 0 for a cache hit); `written()` once its run is in the store. */
  addUsage(call: CallSubjects, usage: { pico: bigint; tokens: number }): { written(): void };
  refresh(): Promise<void>;
  close(): void;
}

const STORED_MAX_AGE_MS = 1000;
const MINUTE_MS = 60_000;

interface Pending {
  pico: bigint;
  tokens: number;
  addedAt: number;
  writtenAt: number | undefined;
}

interface StoredTokens {
  tokens: number;
  /** Start of the earliest run the read counted, in ms; null when none. */
  earliest: number | null;
  readStartedAt: number;
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
  const byProject = createProjectSnapshot(() => listAllGatewayLimits(store), opts);
  const limiters = new Map<string, RateLimiter>();
  const pending = new Map<string, Pending[]>();

  const subjectOf = (limit: GatewayLimit, call: CallSubjects): string | undefined => {
    if (limit.scope === "project") return "";
    if (limit.scope === "key") return limit.subject === call.keyId ? call.keyId : undefined;
    if (!call.userId) return undefined;
    return limit.subject === "*" || limit.subject === call.userId ? call.userId : undefined;
  };
  const spendKey = (projectId: string, scope: string, subject: string, periodStart: number) =>
    `${projectId}|${scope}|${subject}|${periodStart}`;
  const tokensKey = (projectId: string, scope: string, subject: string) => `${projectId}|${scope}|${subject}|tokens`;

  // A read that began at `readStartedAt` holds what was written before it: that is no longer pending.
  const dropRead = (key: string, readStartedAt: number) => {
    const list = pending.get(key);
    if (list)
      pending.set(
        key,
        list.filter((entry) => entry.writtenAt === undefined || entry.writtenAt >= readStartedAt),
      );
  };
  const spendReads = createStoreReads<StoredSpend>(now, dropRead);
  const tokenReads = createStoreReads<StoredTokens>(now, dropRead);

  const storedSpend = (limit: GatewayLimit, subject: string, periodStart: number): Promise<StoredSpend> =>
    spendReads(spendKey(limit.projectId, limit.scope, subject, periodStart), async (readStartedAt) => {
      const text = await getSpendSince(store, { projectId: limit.projectId, scope: limit.scope, subject, from: new Date(periodStart) });
      return { pico: toPico(text), readStartedAt, periodStart };
    });
  const storedTokens = (limit: GatewayLimit, subject: string): Promise<StoredTokens> =>
    tokenReads(tokensKey(limit.projectId, limit.scope, subject), async (readStartedAt) => {
      const used = await getTokensSince(store, {
        projectId: limit.projectId,
        scope: limit.scope,
        subject,
        from: new Date(readStartedAt - MINUTE_MS),
      });
      return { tokens: used.tokens, earliest: used.earliest?.getTime() ?? null, readStartedAt };
    });

  /** This process's answered calls of the last minute that the store did not show yet. */
  const pendingTokens = (key: string, at: number): { tokens: number; earliest: number | null } => {
    const list = (pending.get(key) ?? []).filter((entry) => entry.addedAt > at - MINUTE_MS);
    if (list.length > 0) pending.set(key, list);
    else pending.delete(key);
    let tokens = 0;
    for (const entry of list) tokens += entry.tokens;
    return { tokens, earliest: list[0]?.addedAt ?? null };
  };

  return {
    async check(call) {
      const limits = byProject.forProject(call.projectId);
      if (limits.length === 0) return { allowed: true };
      const at = now();
      for (const limit of limits) {
        if (!isSpendCap(limit)) continue;
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
        if (limit.metric !== "tokens_per_minute") continue;
        const subject = subjectOf(limit, call);
        if (subject === undefined) continue;
        const fromStore = await storedTokens(limit, subject);
        const fromProcess = pendingTokens(tokensKey(limit.projectId, limit.scope, subject), at);
        const used = fromStore.tokens + fromProcess.tokens;
        if (used >= Number(limit.maxValue)) {
          const oldest = Math.min(fromStore.earliest ?? at, fromProcess.earliest ?? at);
          const retryAfterSeconds = Math.max(1, Math.ceil((oldest + MINUTE_MS - at) / 1000));
          return {
            allowed: false,
            retryAfterSeconds,
            message: `Tokens-per-minute limit reached: ${describe(limit, subject)} used ${used} of its ${limit.maxValue} tokens a minute; retry in ${retryAfterSeconds} s`,
          };
        }
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

    addUsage(call, { pico, tokens }) {
      const limits = byProject.forProject(call.projectId);
      const at = now();
      const entry: Pending = { pico, tokens, addedAt: at, writtenAt: undefined };
      for (const limit of limits) {
        const counts = isSpendCap(limit) ? pico > 0n : limit.metric === "tokens_per_minute" && tokens > 0;
        if (!counts) continue;
        const subject = subjectOf(limit, call);
        if (subject === undefined) continue;
        const key = isSpendCap(limit)
          ? spendKey(limit.projectId, limit.scope, subject, period(limit.metric, at).start)
          : tokensKey(limit.projectId, limit.scope, subject);
        const list = pending.get(key);
        if (list) {
          // Two limits on one subject (and period) share a key: the call counts once in it.
          if (!list.includes(entry)) list.push(entry);
        } else pending.set(key, [entry]);
      }
      return { written: () => (entry.writtenAt = now()) };
    },

    refresh: byProject.refresh,
    close: byProject.close,
  };
}

/**
 * Store reads by key: one in flight per key at a time (concurrent checks share it), the answer reused while
 * under STORED_MAX_AGE_MS old; `landed` runs with each answer's key and read start.
 */
function createStoreReads<T extends { readStartedAt: number }>(
  now: () => number,
  landed: (key: string, readStartedAt: number) => void,
): (key: string, read: (readStartedAt: number) => Promise<T>) => Promise<T> {
  const known = new Map<string, T>();
  const inFlight = new Map<string, Promise<T>>();
  return (key, read) => {
    const fresh = known.get(key);
    if (fresh && now() - fresh.readStartedAt < STORED_MAX_AGE_MS) return Promise.resolve(fresh);
    let running = inFlight.get(key);
    if (!running) {
      const readStartedAt = now();
      running = read(readStartedAt)
        .then((answer) => {
          known.set(key, answer);
          landed(key, readStartedAt);
          return answer;
        })
        .finally(() => inFlight.delete(key));
      inFlight.set(key, running);
    }
    return running;
  };
}

function isSpendCap(limit: GatewayLimit): boolean {
  return limit.metric === "spend_per_day" || limit.metric === "spend_per_month";
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
