// The API's express application. Routes arrive with the analytics API; today it serves its health
// check and answers everything else with a JSON 404, and every error as { error: { code, message } }.
import express, { type ErrorRequestHandler, type Express } from "express";
import type { Store } from "@promptmetrics/clickhouse";
import { AppError, NotFoundError, UnavailableError, toErrorBody } from "./errors.ts";

export interface ApiAppOptions {
  store: Store;
}

export function createApiApp({ store }: ApiAppOptions): Express {
  const app = express();
  app.disable("x-powered-by");
  app.set("trust proxy", "loopback");

  app.get("/healthz", async (_req, res) => {
    try {
      await store.ping();
      res.json({ status: "ok", role: "api", store: store.kind });
    } catch (error) {
      throw new UnavailableError("The store does not answer", error);
    }
  });

  app.use((req) => {
    throw new NotFoundError(`No route for ${req.method} ${req.path}`);
  });
  app.use(errorHandler);
  return app;
}

const errorHandler: ErrorRequestHandler = (error: unknown, _req, res, _next) => {
  const appError = error instanceof AppError ? error : toAppError(error);
  if (appError.status >= 500) console.error("[api]", error);
  if (appError.retryable) res.setHeader("Retry-After", "5");
  res.status(appError.status).json(toErrorBody(appError));
};

function toAppError(error: unknown): AppError {
  const status = (error as { status?: unknown } | null)?.status;
  // express's own body-parser errors carry a 4xx status and a safe message.
  if (typeof status === "number" && status >= 400 && status < 500) {
    return new AppError(status, "bad_request", error instanceof Error ? error.message : "Bad request");
  }
  return new AppError(500, "internal_error", "Internal error");
}
