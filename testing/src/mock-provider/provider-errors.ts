// The error bodies and headers each provider sends with a failed request, keyed by our scenario kinds.

import type { Provider } from "./types.ts";

export interface ErrorResponse {
  status: number;
  headers: Record<string, string>;
  body: unknown;
}

type ErrorKind = "rate_limit" | "server_error" | "overloaded" | "invalid_request" | "not_found" | "authentication";

const ANTHROPIC_TYPES: Record<ErrorKind, string> = {
  rate_limit: "rate_limit_error",
  server_error: "api_error",
  overloaded: "overloaded_error",
  invalid_request: "invalid_request_error",
  not_found: "not_found_error",
  authentication: "authentication_error",
};

const OPENAI_TYPES: Record<ErrorKind, { type: string; code: string | null }> = {
  rate_limit: { type: "tokens", code: "rate_limit_exceeded" },
  server_error: { type: "server_error", code: null },
  overloaded: { type: "server_error", code: null },
  invalid_request: { type: "invalid_request_error", code: null },
  not_found: { type: "invalid_request_error", code: null },
  authentication: { type: "invalid_request_error", code: "invalid_api_key" },
};

/** The JSON an error carries: `{ error: {...} }` for OpenAI, `{ type: "error", error: {...}, request_id }` for Anthropic. */
export function errorBody(
  provider: Provider,
  kind: ErrorKind,
  message: string,
  requestId: string,
  param: string | null = null,
): Record<string, unknown> {
  if (provider === "anthropic") {
    return { type: "error", error: { type: ANTHROPIC_TYPES[kind], message }, request_id: requestId };
  }
  const { type, code } = OPENAI_TYPES[kind];
  return { error: { message, type, param, code } };
}

export function rateLimitResponse(provider: Provider, requestId: string, retryAfterSeconds: number, message?: string): ErrorResponse {
  const headers: Record<string, string> = { "retry-after": String(retryAfterSeconds) };
  if (provider === "openai") {
    Object.assign(headers, {
      "x-ratelimit-limit-tokens": "30000",
      "x-ratelimit-remaining-tokens": "0",
      "x-ratelimit-reset-tokens": `${retryAfterSeconds}s`,
    });
  } else {
    Object.assign(headers, {
      "anthropic-ratelimit-input-tokens-limit": "30000",
      "anthropic-ratelimit-input-tokens-remaining": "0",
    });
  }
  const text =
    message ??
    (provider === "openai"
      ? `Rate limit reached in organization org-mock on tokens per min (TPM): Limit 30000, Used 30000. Please try again in ${retryAfterSeconds}s.`
      : "This request would exceed the rate limit for your organization of 30,000 input tokens per minute.");
  return { status: 429, headers, body: errorBody(provider, "rate_limit", text, requestId) };
}

export function serverErrorResponse(provider: Provider, requestId: string, status: number, message?: string): ErrorResponse {
  const overloaded = status === 529 || status === 503;
  const text =
    message ??
    (provider === "openai"
      ? overloaded
        ? "The engine is currently overloaded, please try again later."
        : "The server had an error while processing your request. Sorry about that!"
      : overloaded
        ? "Overloaded"
        : "Internal server error");
  return { status, headers: {}, body: errorBody(provider, overloaded ? "overloaded" : "server_error", text, requestId) };
}

export function invalidRequestResponse(provider: Provider, requestId: string, message: string, param: string | null): ErrorResponse {
  return { status: 400, headers: {}, body: errorBody(provider, "invalid_request", message, requestId, param) };
}

export function notFoundResponse(provider: Provider, requestId: string, method: string, path: string): ErrorResponse {
  const message = provider === "openai" ? `Invalid URL (${method} ${path})` : "Not Found";
  return { status: 404, headers: {}, body: errorBody(provider, "not_found", message, requestId) };
}

/** The in-band error frame of a stream that fails after its headers. */
export function streamErrorData(provider: Provider, message: string, requestId: string): Record<string, unknown> {
  return errorBody(provider, provider === "anthropic" ? "overloaded" : "server_error", message, requestId);
}

/** 401 for a key the mock treats as wrong (one containing "invalid"), as each provider words it. */
export function authenticationResponse(provider: Provider, requestId: string): ErrorResponse {
  const message = provider === "openai" ? "Incorrect API key provided." : "invalid x-api-key";
  return { status: 401, headers: {}, body: errorBody(provider, "authentication", message, requestId) };
}
