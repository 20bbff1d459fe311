// Creating an account. The first user of an install takes ownership of the org the first start
// created (cli bootstrap), or of a new one; every later sign-up gets an org of its own with a default
// project. Call these under the accounts lock: they check, then write.
import { randomUUID } from "node:crypto";
import {
  countUsers,
  getOldestOrg,
  getUserByEmail,
  insertOrg,
  insertProject,
  insertUser,
  listProjectsByOrg,
  upsertMembership,
  type Org,
  type Store,
  type User,
} from "@promptmetrics/clickhouse";
import { hashPassword } from "../access/passwords.ts";
import { ConflictError } from "../http/errors.ts";

export const DEFAULT_ORG_NAME = "Default";
export const DEFAULT_PROJECT_NAME = "Default project";

// "Email taken" is a 409 that says so. Without email verification (no mail is sent yet) any other
// answer to an open sign-up would leave the person believing they have an account they have not. The
// cost, telling whether an address has an account, is bounded by the sign-up budgets
// (account-budgets.ts); an install that must not reveal it turns sign-up off (403 before any lookup).
export async function createUser(store: Store, input: { email: string; password: string; name?: string | undefined }): Promise<User> {
  if (await getUserByEmail(store, { email: input.email })) throw new ConflictError("An account with this email already exists", "email");
  return insertUser(store, {
    id: `user_${randomUUID()}`,
    email: input.email,
    name: input.name ?? input.email.split("@")[0] ?? input.email,
    passwordHash: await hashPassword(input.password),
  });
}

/** Signs up a user on an open install: the first becomes owner of the existing (default) org. */
export async function signUp(
  store: Store,
  input: { email: string; password: string; name?: string | undefined; orgName?: string | undefined },
): Promise<{ user: User; org: Org }> {
  const isFirstUser = (await countUsers(store)) === 0;
  const user = await createUser(store, input);
  const existing = isFirstUser ? await getOldestOrg(store) : undefined;
  const org =
    existing ??
    (await insertOrg(store, { id: `org_${randomUUID()}`, name: input.orgName ?? (isFirstUser ? DEFAULT_ORG_NAME : `${user.name}'s org`) }));
  await upsertMembership(store, { orgId: org.id, userId: user.id, role: "owner" });
  if ((await listProjectsByOrg(store, { orgId: org.id })).length === 0) {
    await insertProject(store, { id: `proj_${randomUUID()}`, orgId: org.id, name: DEFAULT_PROJECT_NAME });
  }
  return { user, org };
}
