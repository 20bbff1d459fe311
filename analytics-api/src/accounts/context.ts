// What the account routers share: every router's deps, plus the accounts lock and the sign-in and
// sign-up budgets (both kept in the store, so every API replica takes the same lock and counts the same).
import type { SessionPolicy } from "../access/session-policy.ts";
import type { TokenLifetime } from "../access/token-lifetime.ts";
import type { ApiRouterDeps } from "../router-deps.ts";
import type { AccountBudgets } from "./account-budgets.ts";
import type { SerialLock } from "./serial.ts";

export interface AccountsContext extends ApiRouterDeps {
  lock: SerialLock;
  /** Sign-up refused (403); joining by invitation still works. */
  disableSignup: boolean;
  /** Base of invitation links; the request's own origin (a host the allowlist accepted) when unset. */
  publicUrl: string | undefined;
  budgets: AccountBudgets;
  sessionPolicy: SessionPolicy;
  tokenLifetime: TokenLifetime;
}
