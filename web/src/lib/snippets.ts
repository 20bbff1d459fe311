// The setup snippets the onboarding shows, filled in with this install's address and a key.
import { ENDPOINTS } from "../api/endpoints.ts";

export const KEY_PLACEHOLDER = "pm_ingest_…";
export const DEFAULT_OTLP_PORT = 4318;

/** The OTLP endpoint as the browser reaches this install: same host, the ingest's port. */
export function otlpEndpoint(location: { protocol: string; hostname: string }, port: number | null): string {
  const host = location.hostname.includes(":") ? `[${location.hostname}]` : location.hostname;
  return `${location.protocol === "https:" ? "https" : "http"}://${host}:${port ?? DEFAULT_OTLP_PORT}`;
}

/**
 * Where this install hands out @promptmetrics/instrumentation (the package this server was built with;
 * it is not on the npm registry yet): the address the browser is on.
 */
export function sdkTarballUrl(location: { origin: string }): string {
  return `${location.origin}${ENDPOINTS.sdkTarball.path}`;
}

/** Instrumenting a Node app with @promptmetrics/instrumentation: install (from this server), configure, run. */
export function nodeSnippet(endpoint: string, key: string | undefined, sdkUrl: string): string {
  return [
    `npm install ${sdkUrl}`,
    `export PROMPTMETRICS_API_KEY=${key ?? KEY_PLACEHOLDER} PROMPTMETRICS_ENDPOINT=${endpoint}`,
    "node --import @promptmetrics/instrumentation/register app.js",
  ].join("\n");
}

/** Any OpenTelemetry SDK's standard exporter settings. */
export function otelSnippet(endpoint: string, key: string | undefined): string {
  return [`OTEL_EXPORTER_OTLP_ENDPOINT=${endpoint}`, `OTEL_EXPORTER_OTLP_HEADERS="Authorization=Bearer ${key ?? KEY_PLACEHOLDER}"`].join(
    "\n",
  );
}
