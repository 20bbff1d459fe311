// GET /metrics on the API's port, guarded as the ingest's is: absent (404, as any unknown path) unless
// PROMPTMETRICS_METRICS_TOKEN is set, then only with that bearer token. The figures name no tenant, but
// route and job counts still tell an outsider how the install is used.
import { createHash, timingSafeEqual } from "node:crypto";
import type { RequestHandler } from "express";
import type { ApiMetrics } from "./api-metrics.ts";
import { UnauthorizedError } from "./errors.ts";

export function metricsRoute(metrics: ApiMetrics, token: string): RequestHandler {
  const tokenHash = sha256(token);
  return (req, res, next) => {
    if (req.path !== "/metrics" || (req.method !== "GET" && req.method !== "HEAD")) return next();
    const given = /^Bearer\s+(\S+)\s*$/i.exec(req.headers.authorization ?? "")?.[1];
    // Both sides hashed to the same length, so the comparison takes the same time whatever was sent.
    if (given === undefined || !timingSafeEqual(sha256(given), tokenHash)) {
      res.setHeader("WWW-Authenticate", "Bearer");
      throw new UnauthorizedError("GET /metrics needs Authorization: Bearer <PROMPTMETRICS_METRICS_TOKEN>");
    }
    res.setHeader("Cache-Control", "no-store");
    res.type("text/plain; version=0.0.4; charset=utf-8").send(metrics.render());
  };
}

function sha256(text: string): Buffer {
  return createHash("sha256").update(text, "utf8").digest();
}
