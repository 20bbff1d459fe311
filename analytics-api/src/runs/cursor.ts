// The opaque page cursor of the run list: the last run's sort key and identity, with the sort it
// belongs to, as base64url JSON. A cursor from another sort, or one that does not decode, is a 400.
import type { RunKeyset, RunSort, SortOrder } from "@promptmetrics/clickhouse/runs";
import { ValidationError } from "../http/errors.ts";

interface CursorPayload {
  /** "<sort>:<order>", so a cursor cannot be replayed under another order. */
  s: string;
  k: string;
  t: string;
  i: string;
}

/** The text form each sort key takes (values are bound as typed parameters; this only refuses junk early). */
const KEY_FORMS: Readonly<Record<RunSort, RegExp>> = {
  startTime: /^\d{4}-\d{2}-\d{2} \d{2}:\d{2}:\d{2}(\.\d{1,9})?$/,
  cost: /^-?\d{1,6}(\.\d{1,12})?$/,
  latency: /^\d{1,20}$/,
  tokens: /^\d{1,20}$/,
};
const ID = /^[0-9A-Za-z]{1,64}$/;

export function encodeCursor(sort: RunSort, order: SortOrder, keyset: RunKeyset): string {
  const payload: CursorPayload = { s: `${sort}:${order}`, k: keyset.key, t: keyset.traceId, i: keyset.spanId };
  return Buffer.from(JSON.stringify(payload)).toString("base64url");
}

export function decodeCursor(cursor: string, sort: RunSort, order: SortOrder): RunKeyset {
  const invalid = (why: string) => new ValidationError(`cursor ${why}; pass the nextCursor of the previous page unchanged`, "cursor");
  if (!/^[A-Za-z0-9_-]{1,2000}$/.test(cursor)) throw invalid("is not a cursor");
  let payload: unknown;
  try {
    payload = JSON.parse(Buffer.from(cursor, "base64url").toString("utf8"));
  } catch {
    throw invalid("is not a cursor");
  }
  const { s, k, t, i } = (payload ?? {}) as Partial<CursorPayload>;
  if (typeof s !== "string" || typeof k !== "string" || typeof t !== "string" || typeof i !== "string") throw invalid("is not a cursor");
  if (s !== `${sort}:${order}`) throw invalid(`belongs to another sort (${s})`);
  if (!KEY_FORMS[sort].test(k) || !ID.test(t) || !ID.test(i)) throw invalid("is not a cursor");
  return { key: k, traceId: t, spanId: i };
}
