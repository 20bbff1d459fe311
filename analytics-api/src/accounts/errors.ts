// Errors of the account routes that the shared AppError family does not have yet.
import { AppError } from "../errors.ts";

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
