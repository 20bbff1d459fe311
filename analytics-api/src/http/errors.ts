// The one error family of the HTTP services. Each error carries its HTTP status, a stable code, and
// optionally the request field it is about; the error middleware turns it into { error: {...} } JSON.

export class AppError extends Error {
  readonly status: number;
  readonly code: string;
  readonly field: string | undefined;
  readonly retryable: boolean;

  constructor(status: number, code: string, message: string, opts: { field?: string; retryable?: boolean; cause?: unknown } = {}) {
    super(message, { cause: opts.cause });
    this.name = new.target.name;
    this.status = status;
    this.code = code;
    this.field = opts.field;
    this.retryable = opts.retryable ?? false;
  }
}

export class ValidationError extends AppError {
  constructor(message: string, field?: string) {
    super(400, "validation_error", message, field === undefined ? {} : { field });
  }
}

export class UnauthorizedError extends AppError {
  constructor(message = "Authentication required") {
    super(401, "unauthorized", message);
  }
}

export class ForbiddenError extends AppError {
  constructor(message = "You do not have permission to do this") {
    super(403, "forbidden", message);
  }
}

export class NotFoundError extends AppError {
  constructor(message = "Not found") {
    super(404, "not_found", message);
  }
}

export class ConflictError extends AppError {
  constructor(message: string, field?: string) {
    super(409, "conflict", message, field === undefined ? {} : { field });
  }
}

export class PayloadTooLargeError extends AppError {
  constructor(limitBytes: number) {
    super(413, "payload_too_large", `Request body is larger than ${limitBytes} bytes`);
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

export class UnavailableError extends AppError {
  constructor(message: string, cause?: unknown) {
    super(503, "unavailable", message, { retryable: true, cause });
  }
}

export interface ErrorBody {
  error: { code: string; message: string; field?: string };
}

export function toErrorBody(error: AppError): ErrorBody {
  return { error: { code: error.code, message: error.message, ...(error.field === undefined ? {} : { field: error.field }) } };
}
