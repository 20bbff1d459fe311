// Unexpected errors to Sentry (SENTRY_DSN, the official SDK): API 5xx answers, the ingest's internal
// errors, failed scheduler jobs, uncaught exceptions and unhandled rejections. Only the error itself
// and our tags travel: no default integrations (they would add request data, breadcrumbs of console
// lines and outgoing calls), and beforeSend strips whatever request, user or extra data an event may
// still carry, so bodies, cookies, Authorization headers and prompt content never leave the process.
import * as Sentry from "@sentry/node";

export interface ErrorReporter {
  /** Sends the error with these tags (requestId, where, route, job); never throws. */
  capture(error: unknown, tags: Record<string, string>): void;
  /** Waits for queued events to be sent, up to `timeoutMs`. */
  flush(timeoutMs?: number): Promise<void>;
}

export const NO_ERROR_REPORTER: ErrorReporter = { capture: () => {}, flush: async () => {} };

let started: ErrorReporter | undefined;

/** Starts the SDK once per process (a second call returns the first reporter: Sentry's client is global). */
export function startErrorReporter(dsn: string, release?: string): ErrorReporter {
  if (started) return started;
  Sentry.init({
    dsn,
    ...(release === undefined ? {} : { release }),
    // Nothing about the request or the person, should any integration look (none that would is on).
    dataCollection: {
      userInfo: false,
      cookies: false,
      httpHeaders: false,
      httpBodies: [],
      urlQueryParams: false,
      genAI: { inputs: false, outputs: false },
      databaseQueryData: false,
      stackFrameVariables: false,
    },
    defaultIntegrations: false,
    integrations: [
      // Report, then end the process as Node would have (mode "strict" exits on an unhandled rejection too).
      Sentry.onUncaughtExceptionIntegration(),
      Sentry.onUnhandledRejectionIntegration({ mode: "strict" }),
    ],
    maxBreadcrumbs: 0,
    beforeSend: (event) => scrubEvent(event),
  });
  started = {
    capture(error, tags) {
      try {
        Sentry.captureException(error, { tags });
      } catch {
        // An error report must never become an error of its own.
      }
    },
    async flush(timeoutMs = 2000) {
      await Sentry.flush(timeoutMs);
    },
  };
  return started;
}

/** Keeps the exception, its stack, tags and release; drops anything about the request or the person. */
export function scrubEvent<E extends Sentry.ErrorEvent>(event: E): E {
  delete event.request;
  delete event.user;
  delete event.extra;
  delete event.breadcrumbs;
  if (event.contexts) event.contexts = { ...(event.contexts.trace ? { trace: event.contexts.trace } : {}) };
  for (const exception of event.exception?.values ?? []) {
    for (const frame of exception.stacktrace?.frames ?? []) delete frame.vars;
  }
  return event;
}
