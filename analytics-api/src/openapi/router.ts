// GET /api/openapi.json (the OpenAPI 3.1 document) and GET /api/docs (the same, as a page). Public:
// the API's shape is no secret, and the docs must open before anyone can sign in.
import { Router } from "express";
import { pageContentSecurityPolicy } from "../http/security-headers.ts";
import { buildOpenApiDocument } from "./build-document.ts";
import { renderDocsPage } from "./docs-page.ts";
import type { RouteDoc } from "./route-doc.ts";
import { API_ROUTES } from "./routes.ts";

export const API_DESCRIPTION =
  "The PromptMetrics analytics API: accounts, orgs and projects, ingest keys, analytics over LLM runs, runs with ratings and feedback, exports and ad-hoc SQL. Authenticate with the session cookie from /api/auth/login or with `Authorization: Bearer <API token>`. Errors are `{ error: { code, message, field? } }`.";

export function createOpenApiRouter(routes: readonly RouteDoc[] = API_ROUTES, version = "0.1.0"): Router {
  const document = buildOpenApiDocument(routes, { title: "PromptMetrics API", version, description: API_DESCRIPTION });
  const page = renderDocsPage(document);
  // The page loads nothing; only its own <style> block is allowed, by hash.
  const pagePolicy = pageContentSecurityPolicy(page, { load: "none" });
  const router = Router();
  router.get("/api/openapi.json", (_req, res) => {
    res.json(document);
  });
  router.get("/api/docs", (_req, res) => {
    res.setHeader("Content-Security-Policy", pagePolicy);
    res.type("html").send(page);
  });
  return router;
}
