// What the OpenAPI document says about one route. The schemas are the very zod objects the routers
// validate with, so the document cannot drift from what the API accepts.
import type { z } from "zod";

export type HttpMethod = "get" | "post" | "patch" | "put" | "delete";

export interface RouteDoc {
  method: HttpMethod;
  /** Express-style path: /api/orgs/:orgId/members. */
  path: string;
  tag: string;
  summary: string;
  description?: string;
  /**
   * Whether a session cookie or an API token is needed; "metricsToken": neither, only the bearer token
   * PROMPTMETRICS_METRICS_TOKEN (GET /metrics).
   */
  auth: boolean | "metricsToken";
  /** Path parameter descriptions, by name. */
  pathParams?: Readonly<Record<string, string>>;
  query?: z.ZodObject;
  body?: z.ZodType;
  /** The JSON answer of the success status, when it has one. */
  response?: z.ZodType;
  /** Status → description. The success status comes first. */
  responses: Readonly<Record<number, string>>;
  /** Non-JSON success content types, e.g. text/csv, text/plain. */
  produces?: readonly string[];
  /** OpenAPI extensions on the operation, e.g. POST /api/sql's x-queryable-tables. */
  extensions?: Readonly<Record<`x-${string}`, unknown>>;
}
