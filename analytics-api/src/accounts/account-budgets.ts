// The budgets of the two account routes anyone may call, counted in the store (rate-limiter.ts) so that
// every API replica spends the same ones. A sign-in spends three: attempts per client address and email
// (a successful sign-in resets it), failures per account from any address, and failures of the whole
// install. The last two bound guessing by someone with many addresses: many addresses against one
// account, or one password sprayed over many accounts. A sign-up spends attempts per client address and
// install-wide, bounding account creation and probing for emails that have an account.
import { RateLimitedError } from "../http/errors.ts";
import { createRateLimiter, type RateClaim, type RateLimiter } from "./rate-limiter.ts";
import type { Store } from "@promptmetrics/clickhouse";

export interface RateLimit {
  max: number;
  windowMs: number;
}

export interface AccountBudgetLimits {
  /** Sign-in attempts per client address and email. */
  signInPerClient: RateLimit;
  /** Failed sign-ins per email, from any address. */
  signInFailuresPerAccount: RateLimit;
  /** Failed sign-ins of the whole install. */
  signInFailuresOverall: RateLimit;
  /** Sign-up attempts per client address. */
  signUpPerClient: RateLimit;
  /** Sign-up attempts of the whole install. */
  signUpOverall: RateLimit;
}

const MINUTE = 60_000;
const HOUR = 60 * MINUTE;

/**
 * Far above what people signing in and up make, low enough to bound an attack. Past a budget of the
 * whole install everyone waits, the right password too: that is the price of bounding a spray from
 * unlimited addresses, and it lasts only while someone keeps failing.
 */
export const DEFAULT_ACCOUNT_BUDGET_LIMITS: AccountBudgetLimits = {
  signInPerClient: { max: 10, windowMs: 15 * MINUTE },
  signInFailuresPerAccount: { max: 50, windowMs: HOUR },
  signInFailuresOverall: { max: 500, windowMs: HOUR },
  signUpPerClient: { max: 10, windowMs: HOUR },
  signUpOverall: { max: 100, windowMs: HOUR },
};

export interface SignInTicket {
  /** The password was right: the attempts stop counting as failures. A wrong one needs no call. */
  succeeded(): Promise<void>;
}

export interface AccountBudgets {
  /** Spends a sign-in attempt of every budget, before the password is checked; throws RateLimitedError (spending none) when one is used up. */
  startSignIn(client: string, email: string): Promise<SignInTicket>;
  /** Spends a sign-up attempt; throws RateLimitedError (spending none) when a budget is used up. */
  startSignUp(client: string): Promise<void>;
}

/** Keys differ in shape ("ip|email", "failures|email", ...), so the budgets never count each other's rows. */
export function createAccountBudgets({
  store,
  limits,
  now,
}: {
  store: Store;
  limits: AccountBudgetLimits;
  now?: (() => Date) | undefined;
}): AccountBudgets {
  const limiter = (limit: RateLimit) => createRateLimiter({ store, ...limit, ...(now === undefined ? {} : { now }) });
  const signInPerClient = limiter(limits.signInPerClient);
  const signInFailuresPerAccount = limiter(limits.signInFailuresPerAccount);
  const signInFailuresOverall = limiter(limits.signInFailuresOverall);
  const signUpPerClient = limiter(limits.signUpPerClient);
  const signUpOverall = limiter(limits.signUpOverall);

  return {
    async startSignIn(client, email) {
      const clientKey = `${client}|${email}`;
      const [, account, overall] = await claimAll([
        { limiter: signInPerClient, key: clientKey, refusal: "Too many sign-in attempts; try again later" },
        {
          limiter: signInFailuresPerAccount,
          key: `failures|${email}`,
          refusal: "Too many failed sign-ins to this account; try again later",
        },
        { limiter: signInFailuresOverall, key: "failures", refusal: "Too many failed sign-ins on this server; try again later" },
      ]);
      return {
        async succeeded() {
          await Promise.all([signInPerClient.reset(clientKey), account!(), overall!()]);
        },
      };
    },
    async startSignUp(client) {
      await claimAll([
        { limiter: signUpPerClient, key: `signup|${client}`, refusal: "Too many sign-ups from your address; try again later" },
        { limiter: signUpOverall, key: "signup", refusal: "Too many sign-ups on this server; try again later" },
      ]);
    },
  };
}

/** Claims from every limiter; when one refuses, withdraws the others' claims and throws. Returns the withdrawals. */
async function claimAll(
  claims: ReadonlyArray<{ limiter: RateLimiter; key: string; refusal: string }>,
): Promise<Array<() => Promise<void>>> {
  const results: RateClaim[] = await Promise.all(claims.map(({ limiter, key }) => limiter.claim(key)));
  const refused = results.findIndex((result) => !result.allowed);
  if (refused < 0) return results.map((result) => (result.allowed ? result.withdraw : async () => {}));
  await Promise.all(results.map((result) => (result.allowed ? result.withdraw() : undefined)));
  const retryAfterSeconds = Math.max(...results.map((result) => (result.allowed ? 0 : result.retryAfterSeconds)));
  throw new RateLimitedError(claims[refused]!.refusal, retryAfterSeconds);
}
