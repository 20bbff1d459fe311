// Every request gets an id: the caller's X-Request-Id when it is a sane token (a proxy or client that
// already tagged the request), else a new UUID. It is echoed in the answer and carried by the log line
// and the error report of anything that went wrong, so a user's "request abc failed" can be found.
import { randomUUID } from "node:crypto";
import type { Request, RequestHandler, Response } from "express";

export const REQUEST_ID_HEADER = "X-Request-Id";
/** Short and without spaces, quotes or control characters: safe in a header, a log line and a metric-free tag. */
const SANE_REQUEST_ID = /^[A-Za-z0-9._:-]{1,128}$/;

export function requestIdFrom(given: string | string[] | undefined): string {
  return typeof given === "string" && SANE_REQUEST_ID.test(given) ? given : randomUUID();
}

export function requestIds(): RequestHandler {
  return (req, res, next) => {
    const id = requestIdFrom(req.headers["x-request-id"]);
    res.locals.requestId = id;
    res.setHeader(REQUEST_ID_HEADER, id);
    next();
  };
}

/** The id requestIds() gave this request (a fresh one when that middleware did not run). */
export function requestIdOf(res: Response): string {
  const id = res.locals.requestId;
  return typeof id === "string" ? id : (res.locals.requestId = randomUUID());
}

/**
 * The route template that answered (/api/projects/:projectId/runs), never the raw path: ids in paths
 * would make one metric series or span name per project. Without a route: "unmatched" for a 404,
 * "other" for what middleware answered (the dashboard's files, refused hosts, body errors).
 */
export function routeOf(req: Request, status: number): string {
  const route = (req as Request & { route?: { path?: unknown } }).route;
  if (route && typeof route.path === "string") return `${req.baseUrl}${route.path}`;
  return status === 404 ? "unmatched" : "other";
}
