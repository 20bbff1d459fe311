// The one error middleware: every error as { error: { code, message, field? } } with its status, a
// Retry-After on 429s and retryable errors, and a log line for 5xx only.
import { StoreError } from "@promptmetrics/clickhouse";
import type { ErrorRequestHandler } from "express";
import { AppError, PayloadTooLargeError, RateLimitedError, toErrorBody, UnavailableError } from "./errors.ts";
import type { UnexpectedErrorContext } from "./observability.ts";
import { requestIdOf, routeOf } from "./request-id.ts";

/** `onUnexpected`: where 5xx errors go, with the request's id and route (stderr when unset). */
export function errorHandler(
  bodyLimitBytes: number,
  onUnexpected: (error: unknown, context: UnexpectedErrorContext) => void = (error) => console.error("[api]", error),
): ErrorRequestHandler {
  return (error: unknown, req, res, _next) => {
    const appError = error instanceof AppError ? error : toAppError(error, bodyLimitBytes);
    if (appError.status >= 500)
      onUnexpected(error, { requestId: requestIdOf(res), method: req.method, route: routeOf(req, appError.status) });
    if (appError instanceof RateLimitedError) res.setHeader("Retry-After", String(appError.retryAfterSeconds));
    else if (appError.retryable) res.setHeader("Retry-After", "5");
    res.status(appError.status).json(toErrorBody(appError));
  };
}

function toAppError(error: unknown, bodyLimitBytes: number): AppError {
  const { status, type } = (error ?? {}) as { status?: unknown; type?: unknown };
  if (type === "entity.too.large") return new PayloadTooLargeError(bodyLimitBytes);
  // The store unreachable or refusing work for now (a server down, overloaded, out of disk): the
  // request may succeed later, so 503 with Retry-After. The cause's text stays in the log.
  if (error instanceof StoreError && error.retryable) {
    return new UnavailableError("The data store is unavailable right now; retry later", error);
  }
  // express's own body-parser errors carry a 4xx status and a safe message.
  if (typeof status === "number" && status >= 400 && status < 500) {
    return new AppError(status, "bad_request", error instanceof Error ? error.message : "Bad request");
  }
  return new AppError(500, "internal_error", "Internal error");
}
