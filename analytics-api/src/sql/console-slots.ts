// How many SQL console queries run at once: at most `perOrg` for one org and `total` for the whole
// process. Each console query runs on an engine session of its own, so without a bound one org could
// start enough heavy queries to take every core; with it, an org's second concurrent query is told to
// wait (429) and a full process sheds load (503), both with Retry-After, instead of queueing everyone.
// In process on purpose: each API replica bounds its own engine work.
import { RateLimitedError, UnavailableError } from "../http/errors.ts";

export interface ConsoleSlotLimits {
  /** Queries one org may have running at once. */
  perOrg: number;
  /** Queries the process runs at once, all orgs together. */
  total: number;
}

export const DEFAULT_CONSOLE_SLOT_LIMITS: ConsoleSlotLimits = { perOrg: 1, total: 4 };

/** Seconds a refused caller is told to wait: about what a typical console query takes. */
const RETRY_AFTER_SECONDS = 2;

export interface ConsoleSlots {
  /** Takes a slot for `orgId` or throws (429 for the org's own limit, 503 for the process's); call the result to give it back. */
  take(orgId: string): () => void;
}

export function createConsoleSlots(limits: ConsoleSlotLimits = DEFAULT_CONSOLE_SLOT_LIMITS): ConsoleSlots {
  const running = new Map<string, number>();
  let total = 0;
  return {
    take(orgId) {
      const mine = running.get(orgId) ?? 0;
      if (mine >= limits.perOrg) {
        throw new RateLimitedError(
          `This org already has ${mine} SQL ${mine === 1 ? "query" : "queries"} running; wait for it to finish`,
          RETRY_AFTER_SECONDS,
        );
      }
      if (total >= limits.total) throw new UnavailableError("The SQL console is busy; try again in a few seconds");
      running.set(orgId, mine + 1);
      total++;
      let given = false;
      return () => {
        if (given) return;
        given = true;
        total--;
        const left = (running.get(orgId) ?? 1) - 1;
        if (left === 0) running.delete(orgId);
        else running.set(orgId, left);
      };
    },
  };
}
