// The SQL console: one read-only SELECT over the org's (or one project's) data.
import { ENDPOINTS, request } from "./endpoints.ts";
import { ApiError } from "./http.ts";
import type { SqlResult } from "./types.ts";

export type SqlScope = { projectId: string } | { orgId: string };

export const runSql = (scope: SqlScope, query: string, signal?: AbortSignal) =>
  request<SqlResult>("sql", { body: { ...scope, query, format: "json" }, signal });

/** The same query as CSV text (for a download built in the browser). */
export async function runSqlCsv(scope: SqlScope, query: string, signal?: AbortSignal): Promise<string> {
  const response = await fetch(ENDPOINTS.sql.path, {
    method: "POST",
    credentials: "same-origin",
    headers: { "content-type": "application/json", accept: "text/csv" },
    body: JSON.stringify({ ...scope, query, format: "csv" }),
    ...(signal === undefined ? {} : { signal }),
  });
  const text = await response.text();
  if (!response.ok) {
    let error: { code?: string; message?: string; field?: string } | undefined;
    try {
      error = (JSON.parse(text) as { error?: typeof error }).error;
    } catch {
      error = undefined;
    }
    throw new ApiError(
      response.status,
      error?.code ?? "http_error",
      error?.message ?? `The server answered ${response.status}`,
      error?.field,
    );
  }
  return text;
}
