// Public surface of @promptmetrics/analytics-api.
export { createApiApp, type ApiAppOptions } from "./app.ts";
export { AppError, ValidationError, UnauthorizedError, ForbiddenError, NotFoundError, PayloadTooLargeError, UnavailableError } from "./errors.ts";
