// What the account routers share: the store, the clock, the access checks, the accounts lock and the
// sign-in and sign-up budgets (both kept in the store, so every API replica takes the same lock and
// counts the same).
import type { Store } from "@promptmetrics/clickhouse";
import type { AuthorizeOrg } from "../access/authorize.ts";
import type { CallerResolver } from "../access/caller.ts";
import type { AuthorizeProject } from "../project-access.ts";
import type { AccountBudgets } from "./account-budgets.ts";
import type { SerialLock } from "./serial.ts";

export interface AccountsContext {
  store: Store;
  now: () => Date;
  lock: SerialLock;
  resolveCaller: CallerResolver;
  authorizeProject: AuthorizeProject;
  authorizeOrg: AuthorizeOrg;
  /** Sign-up refused (403); joining by invitation still works. */
  disableSignup: boolean;
  /** Base of invitation links; the request's own origin (a host the allowlist accepted) when unset. */
  publicUrl: string | undefined;
  budgets: AccountBudgets;
}
