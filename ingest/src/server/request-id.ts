// Every OTLP request gets an id: the caller's X-Request-Id when it is a sane token, else a new UUID,
// echoed in the answer and carried by the log line and error report of anything that went wrong.
// (The API has the same rule in analytics-api/src/http/request-id.ts; the packages may not import each other.)
import { randomUUID } from "node:crypto";

const SANE_REQUEST_ID = /^[A-Za-z0-9._:-]{1,128}$/;

export function requestIdFrom(given: string | string[] | undefined): string {
  return typeof given === "string" && SANE_REQUEST_ID.test(given) ? given : randomUUID();
}
