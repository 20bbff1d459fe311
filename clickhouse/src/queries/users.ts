// People who sign in. Emails are stored lower-cased so that lookups ignore case.
import { z } from "zod";
import type { Store } from "../store.ts";
import { fromDbTime, nextVersion, toDbTime } from "./versioning.ts";

export const UserRow = z.object({ id: z.string(), email: z.string(), name: z.string(), password_hash: z.string(), created_at: z.string() });
export type UserRow = z.infer<typeof UserRow>;
export interface User {
  id: string;
  email: string;
  name: string;
  passwordHash: string;
  createdAt: Date;
}

export function toUser(row: UserRow): User {
  return { id: row.id, email: row.email, name: row.name, passwordHash: row.password_hash, createdAt: fromDbTime(row.created_at) };
}

export async function insertUser(store: Store, user: { id: string; email: string; name: string; passwordHash: string }): Promise<User> {
  const now = new Date();
  const email = user.email.trim().toLowerCase();
  await store.insert("users", [
    {
      id: user.id,
      email,
      name: user.name,
      password_hash: user.passwordHash,
      created_at: toDbTime(now),
      updated_at: toDbTime(now),
      version: nextVersion(),
      is_deleted: 0,
    },
  ]);
  return { ...user, email, createdAt: now };
}

export async function getUserByEmail(store: Store, { email }: { email: string }): Promise<User | undefined> {
  const rows = await store.query<UserRow>(
    "SELECT id, email, name, password_hash, created_at FROM users FINAL WHERE email = {email:String} AND is_deleted = 0 LIMIT 1",
    { email: email.trim().toLowerCase() },
    { tag: "getUserByEmail" },
  );
  return rows[0] ? toUser(UserRow.parse(rows[0])) : undefined;
}

export async function getUserById(store: Store, { id }: { id: string }): Promise<User | undefined> {
  const rows = await store.query<UserRow>(
    "SELECT id, email, name, password_hash, created_at FROM users FINAL WHERE id = {id:String} AND is_deleted = 0",
    { id },
    { tag: "getUserById" },
  );
  return rows[0] ? toUser(UserRow.parse(rows[0])) : undefined;
}

export async function countUsers(store: Store): Promise<number> {
  const [row] = await store.query<{ n: number }>("SELECT count() AS n FROM users FINAL WHERE is_deleted = 0", undefined, {
    tag: "countUsers",
  });
  return row?.n ?? 0;
}

/** Replaces a user's password hash by writing a newer version of the user's row. */
export async function updateUserPassword(store: Store, { id, passwordHash }: { id: string; passwordHash: string }): Promise<boolean> {
  const rows = await store.query<Record<string, unknown>>(
    "SELECT * FROM users FINAL WHERE id = {id:String} AND is_deleted = 0",
    { id },
    {
      tag: "updateUserPassword",
    },
  );
  const row = rows[0];
  if (!row) return false;
  await store.insert("users", [{ ...row, password_hash: passwordHash, updated_at: toDbTime(new Date()), version: nextVersion() }], {
    tag: "updateUserPassword",
  });
  return true;
}
