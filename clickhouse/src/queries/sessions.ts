// Sign-in sessions. The id is the SHA-256 of the cookie's secret (hashing lives with the API); expiry is
// checked by the caller against its own clock, and a renewal or sign-out writes a newer version.
import { z } from "zod";
import type { Store } from "../store.ts";
import { fromDbTime, nextVersion, toDbTime } from "./versioning.ts";

export const SessionRow = z.object({ id: z.string(), user_id: z.string(), created_at: z.string(), expires_at: z.string() });
export type SessionRow = z.infer<typeof SessionRow>;
export interface Session {
  id: string;
  userId: string;
  createdAt: Date;
  expiresAt: Date;
}

export function toSession(row: SessionRow): Session {
  return { id: row.id, userId: row.user_id, createdAt: fromDbTime(row.created_at), expiresAt: fromDbTime(row.expires_at) };
}

function sessionRow(session: Session, isDeleted: 0 | 1) {
  return {
    id: session.id,
    user_id: session.userId,
    created_at: toDbTime(session.createdAt),
    expires_at: toDbTime(session.expiresAt),
    version: nextVersion(),
    is_deleted: isDeleted,
  };
}

/** Writes a session, or a newer version of it (a renewal with a later `expiresAt`). */
export async function upsertSession(store: Store, session: Session): Promise<Session> {
  await store.insert("sessions", [sessionRow(session, 0)], { tag: "upsertSession" });
  return session;
}

/** The session with this id, expired or not (the caller compares `expiresAt` with its clock). */
export async function getSessionById(store: Store, { id }: { id: string }): Promise<Session | undefined> {
  const rows = await store.query<SessionRow>(
    "SELECT id, user_id, created_at, expires_at FROM sessions FINAL WHERE id = {id:String} AND is_deleted = 0",
    { id },
    { tag: "getSessionById" },
  );
  return rows[0] ? toSession(SessionRow.parse(rows[0])) : undefined;
}

export async function deleteSession(store: Store, { id }: { id: string }): Promise<boolean> {
  const session = await getSessionById(store, { id });
  if (!session) return false;
  await store.insert("sessions", [sessionRow(session, 1)], { tag: "deleteSession" });
  return true;
}

/** Ends every live session of a user except `keepId` (after a password change); returns how many it ended. */
export async function deleteSessionsOfUser(store: Store, { userId, keepId }: { userId: string; keepId: string }): Promise<number> {
  const rows = await store.query<SessionRow>(
    `SELECT id, user_id, created_at, expires_at FROM sessions FINAL
     WHERE user_id = {userId:String} AND id != {keepId:String} AND is_deleted = 0`,
    { userId, keepId },
    { tag: "deleteSessionsOfUser" },
  );
  const sessions = rows.map((row) => toSession(SessionRow.parse(row)));
  if (sessions.length > 0)
    await store.insert(
      "sessions",
      sessions.map((session) => sessionRow(session, 1)),
      { tag: "deleteSessionsOfUser" },
    );
  return sessions.length;
}
