// The one way the dashboard talks to the API: same-origin fetch with the session cookie, JSON in and
// out, and every error as an ApiError carrying the API's { error: { code, message, field } }.

export class ApiError extends Error {
  readonly status: number;
  readonly code: string;
  readonly field: string | undefined;

  constructor(status: number, code: string, message: string, field?: string) {
    super(message);
    this.name = "ApiError";
    this.status = status;
    this.code = code;
    this.field = field;
  }
}

export type QueryValue = string | number | boolean | undefined | null | readonly string[];
export type Query = Record<string, QueryValue>;

export function queryString(query: Query | undefined): string {
  if (query === undefined) return "";
  const params = new URLSearchParams();
  for (const [name, value] of Object.entries(query)) {
    if (value === undefined || value === null || value === "") continue;
    if (Array.isArray(value)) for (const item of value) params.append(name, item);
    else params.append(name, String(value));
  }
  const text = params.toString();
  return text === "" ? "" : `?${text}`;
}

export interface RequestOptions {
  method?: "GET" | "POST" | "PATCH" | "PUT" | "DELETE";
  query?: Query;
  body?: unknown;
  signal?: AbortSignal;
}

// GETs sent before the code that needs them has loaded (first-load.ts), by URL. The first apiFetch of the
// same URL within EARLY_TTL_MS takes the answer instead of asking again; a failed one is dropped as it
// fails, so a later caller asks itself (e.g. after signing in).
const EARLY_TTL_MS = 30_000;
const early = new Map<string, { answer: Promise<unknown>; expires: number }>();
let sendingEarly = false;

/**
 * Sends the GETs `calls` makes now, ahead of their callers; `calls` calls the same api functions the
 * callers will, so the URLs are the same. Its promises are never left unhandled.
 */
export function sendEarly(calls: () => readonly Promise<unknown>[]): void {
  sendingEarly = true;
  let sent: readonly Promise<unknown>[];
  try {
    sent = calls();
  } finally {
    sendingEarly = false;
  }
  for (const answer of sent) answer.catch(() => undefined);
}

/** Forgets answers sent early: they were made with a session that has just changed. */
export function dropEarlyAnswers(): void {
  early.clear();
}

export function apiFetch<T>(path: string, options: RequestOptions = {}): Promise<T> {
  const url = `${path}${queryString(options.query)}`;
  if ((options.method ?? "GET") !== "GET" || options.body !== undefined) return send<T>(url, options);
  if (sendingEarly) {
    const { signal: _signal, ...unbound } = options;
    const entry = { answer: send<T>(url, unbound), expires: Date.now() + EARLY_TTL_MS };
    early.set(url, entry);
    entry.answer.catch(() => {
      if (early.get(url) === entry) early.delete(url);
    });
    return entry.answer as Promise<T>;
  }
  const entry = early.get(url);
  if (entry) {
    early.delete(url);
    if (entry.expires > Date.now()) return untilAborted(entry.answer as Promise<T>, options.signal);
  }
  return send<T>(url, options);
}

/** `answer`, or an AbortError as soon as `signal` aborts (the request itself goes on for nobody). */
function untilAborted<T>(answer: Promise<T>, signal: AbortSignal | undefined): Promise<T> {
  if (!signal) return answer;
  const aborted = () => new DOMException("The request was aborted.", "AbortError");
  if (signal.aborted) return Promise.reject(aborted());
  return new Promise<T>((resolve, reject) => {
    const onAbort = () => reject(aborted());
    signal.addEventListener("abort", onAbort, { once: true });
    answer.then(
      (value) => {
        signal.removeEventListener("abort", onAbort);
        resolve(value);
      },
      (error: unknown) => {
        signal.removeEventListener("abort", onAbort);
        reject(error);
      },
    );
  });
}

async function send<T>(url: string, options: RequestOptions): Promise<T> {
  const method = options.method ?? "GET";
  let response: Response;
  try {
    response = await fetch(url, {
      method,
      credentials: "same-origin",
      headers:
        options.body === undefined ? { accept: "application/json" } : { accept: "application/json", "content-type": "application/json" },
      ...(options.body === undefined ? {} : { body: JSON.stringify(options.body) }),
      ...(options.signal === undefined ? {} : { signal: options.signal }),
    });
  } catch (error) {
    if ((error as Error).name === "AbortError") throw error;
    throw new ApiError(0, "network_error", "Cannot reach the PromptMetrics server. Is it running?");
  }
  if (response.status === 204) return undefined as T;
  const text = await response.text();
  let body: unknown;
  try {
    body = text === "" ? undefined : JSON.parse(text);
  } catch {
    body = undefined;
  }
  if (!response.ok) {
    const error = (body as { error?: { code?: string; message?: string; field?: string } } | undefined)?.error;
    throw new ApiError(
      response.status,
      error?.code ?? "http_error",
      error?.message ?? `The server answered ${response.status}`,
      error?.field,
    );
  }
  return body as T;
}
