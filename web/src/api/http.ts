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
// fails, so a later caller asks itself (e.g. after signing in). The map lives on the window because the
// inline copy of first-load.ts in index.html (vite.config.ts) runs its own copy of this module: the two
// share only fetch()'s own promises, and each reads its answers with its own ApiError.
const EARLY_TTL_MS = 30_000;
interface EarlyAnswer {
  response: Promise<Response>;
  expires: number;
}
const early: Map<string, EarlyAnswer> = ((globalThis as { __pmEarlyAnswers?: Map<string, EarlyAnswer> }).__pmEarlyAnswers ??= new Map());
let sendingEarly = false;

/**
 * Sends the GETs `calls` makes now, ahead of their callers; `calls` calls the same api functions the
 * callers will, so the URLs are the same. The promises `calls` gets back resolve to nothing: the answers
 * are kept for the callers.
 */
export function sendEarly(calls: () => readonly Promise<unknown>[]): void {
  sendingEarly = true;
  try {
    calls();
  } finally {
    sendingEarly = false;
  }
}

/** Forgets answers sent early: they were made with a session that has just changed. */
export function dropEarlyAnswers(): void {
  early.clear();
}

export function apiFetch<T>(path: string, options: RequestOptions = {}): Promise<T> {
  const url = `${path}${queryString(options.query)}`;
  if ((options.method ?? "GET") !== "GET" || options.body !== undefined) return read<T>(send(url, options));
  if (sendingEarly) {
    const { signal: _signal, ...unbound } = options;
    const entry: EarlyAnswer = { response: send(url, unbound), expires: Date.now() + EARLY_TTL_MS };
    early.set(url, entry);
    const drop = () => {
      if (early.get(url) === entry) early.delete(url);
    };
    return entry.response.then(
      (response) => {
        if (!response.ok) drop();
        return undefined as T;
      },
      () => {
        drop();
        return undefined as T;
      },
    );
  }
  const entry = early.get(url);
  if (entry) {
    early.delete(url);
    if (entry.expires > Date.now()) return read<T>(untilAborted(entry.response, options.signal));
  }
  return read<T>(send(url, options));
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

function send(url: string, options: RequestOptions): Promise<Response> {
  return fetch(url, {
    method: options.method ?? "GET",
    credentials: "same-origin",
    headers:
      options.body === undefined ? { accept: "application/json" } : { accept: "application/json", "content-type": "application/json" },
    ...(options.body === undefined ? {} : { body: JSON.stringify(options.body) }),
    ...(options.signal === undefined ? {} : { signal: options.signal }),
  });
}

async function read<T>(sent: Promise<Response>): Promise<T> {
  let response: Response;
  try {
    response = await sent;
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
