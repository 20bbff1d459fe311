// Errors of the account routes that the shared AppError family does not have yet.
import { AppError, UnavailableError } from "../errors.ts";

export class ConflictError extends AppError {
  constructor(message: string, field?: string) {
    super(409, "conflict", message, field === undefined ? {} : { field });
  }
}

/** 429; the error middleware sends `retryAfterSeconds` as the Retry-After header. */
export class RateLimitedError extends AppError {
  readonly retryAfterSeconds: number;
  constructor(message: string, retryAfterSeconds: number) {
    super(429, "rate_limited", message);
    this.retryAfterSeconds = retryAfterSeconds;
  }
}

/**
 * 503: the store-wide accounts lock stayed taken for longer than we wait (another replica is slow or
 * the store is struggling). Retryable, so the error middleware adds a Retry-After.
 */
export class LockBusyError extends UnavailableError {
  readonly lockName: string;
  readonly waitedMs: number;
  constructor(lockName: string, waitedMs: number) {
    super("Another account change is in progress; try again in a few seconds");
    this.lockName = lockName;
    this.waitedMs = waitedMs;
  }
}
