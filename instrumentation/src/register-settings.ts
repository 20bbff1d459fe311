// Reads the zero-code start's environment: where to send spans and with which key. Pure, so the
// rules are tested without starting an SDK.

export const DEFAULT_ENDPOINT = "http://localhost:4318";

export interface RegisterSettings {
  /** The OTLP/HTTP traces URL. */
  tracesUrl: string;
  headers: Record<string, string>;
  /** One export attempt's limit (OTEL_EXPORTER_OTLP_[TRACES_]TIMEOUT). */
  timeoutMs: number;
  /** OTEL_EXPORTER_OTLP_[TRACES_]COMPRESSION=gzip */
  gzip: boolean;
  /** service.name when neither OTEL_SERVICE_NAME nor OTEL_RESOURCE_ATTRIBUTES names one. */
  defaultServiceName: string | undefined;
  disabled: boolean;
  /** Problems to tell the user about once, on stderr. */
  warnings: string[];
}

type Env = Readonly<Record<string, string | undefined>>;

function present(value: string | undefined): value is string {
  return value !== undefined && value.trim() !== "";
}

export const DEFAULT_TIMEOUT_MS = 10_000;

/**
 * Endpoint precedence: PROMPTMETRICS_ENDPOINT (base URL, /v1/traces added), then
 * OTEL_EXPORTER_OTLP_TRACES_ENDPOINT (used as it is), then OTEL_EXPORTER_OTLP_ENDPOINT (base URL),
 * then http://localhost:4318. Headers: OTEL_EXPORTER_OTLP_HEADERS, then the _TRACES_ ones, then the
 * PROMPTMETRICS_API_KEY bearer token over both.
 */
export function readRegisterSettings(env: Env, argv: readonly string[] = process.argv): RegisterSettings {
  const warnings: string[] = [];
  const disabled = env["OTEL_SDK_DISABLED"]?.trim().toLowerCase() === "true";
  const candidates: Array<[name: string, url: string | undefined]> = [
    ["PROMPTMETRICS_ENDPOINT", present(env["PROMPTMETRICS_ENDPOINT"]) ? tracesUrlFrom(env["PROMPTMETRICS_ENDPOINT"].trim()) : undefined],
    [
      "OTEL_EXPORTER_OTLP_TRACES_ENDPOINT",
      present(env["OTEL_EXPORTER_OTLP_TRACES_ENDPOINT"]) ? httpUrl(env["OTEL_EXPORTER_OTLP_TRACES_ENDPOINT"].trim()) : undefined,
    ],
    [
      "OTEL_EXPORTER_OTLP_ENDPOINT",
      present(env["OTEL_EXPORTER_OTLP_ENDPOINT"]) ? tracesUrlFrom(env["OTEL_EXPORTER_OTLP_ENDPOINT"].trim()) : undefined,
    ],
  ];
  let tracesUrl: string | undefined;
  for (const [name, url] of candidates) {
    if (!present(env[name])) continue;
    if (url === undefined) {
      warnings.push(`${name} is not an http(s) URL (${JSON.stringify(env[name])}); ignored`);
      continue;
    }
    tracesUrl = url;
    break;
  }
  const headers: Record<string, string> = {
    ...parseHeaders(env["OTEL_EXPORTER_OTLP_HEADERS"]),
    ...parseHeaders(env["OTEL_EXPORTER_OTLP_TRACES_HEADERS"]),
  };
  const apiKey = env["PROMPTMETRICS_API_KEY"];
  if (present(apiKey)) {
    for (const name of Object.keys(headers)) if (name.toLowerCase() === "authorization") delete headers[name];
    headers["Authorization"] = `Bearer ${apiKey.trim()}`;
  } else if (!Object.keys(headers).some((name) => name.toLowerCase() === "authorization")) {
    warnings.push("PROMPTMETRICS_API_KEY is not set; PromptMetrics will refuse the spans (401). Set it to a project's ingest key.");
  }
  const timeout = Number(env["OTEL_EXPORTER_OTLP_TRACES_TIMEOUT"] ?? env["OTEL_EXPORTER_OTLP_TIMEOUT"]);
  const compression = (env["OTEL_EXPORTER_OTLP_TRACES_COMPRESSION"] ?? env["OTEL_EXPORTER_OTLP_COMPRESSION"] ?? "").trim().toLowerCase();
  const namedInAttributes = /(^|,)\s*service\.name\s*=/.test(env["OTEL_RESOURCE_ATTRIBUTES"] ?? "");
  const script = argv[1];
  const defaultServiceName =
    present(env["OTEL_SERVICE_NAME"]) || namedInAttributes
      ? undefined
      : present(env["npm_package_name"])
        ? env["npm_package_name"]
        : script !== undefined
          ? script
              .split(/[\\/]/)
              .pop()
              ?.replace(/\.[cm]?[jt]s$/, "") || undefined
          : undefined;
  return {
    tracesUrl: tracesUrl ?? `${DEFAULT_ENDPOINT}/v1/traces`,
    headers,
    timeoutMs: Number.isFinite(timeout) && timeout > 0 ? timeout : DEFAULT_TIMEOUT_MS,
    gzip: compression === "gzip",
    defaultServiceName,
    disabled,
    warnings,
  };
}

/** OTEL_EXPORTER_OTLP_HEADERS: comma-separated key=value, values percent-encoded (W3C baggage style). */
export function parseHeaders(text: string | undefined): Record<string, string> {
  const headers: Record<string, string> = {};
  for (const pair of (text ?? "").split(",")) {
    const at = pair.indexOf("=");
    if (at <= 0) continue;
    const name = pair.slice(0, at).trim();
    let value = pair.slice(at + 1).trim();
    try {
      value = decodeURIComponent(value);
    } catch {
      // keep the raw value
    }
    if (name !== "") headers[name] = value;
  }
  return headers;
}

function httpUrl(text: string): string | undefined {
  try {
    const url = new URL(text);
    return url.protocol === "http:" || url.protocol === "https:" ? url.href : undefined;
  } catch {
    return undefined;
  }
}

/** `http://host:4318` or `.../v1/traces` → the traces URL; undefined when not an http(s) URL. */
export function tracesUrlFrom(endpoint: string): string | undefined {
  let url: URL;
  try {
    url = new URL(endpoint);
  } catch {
    return undefined;
  }
  if (url.protocol !== "http:" && url.protocol !== "https:") return undefined;
  const base = url.href.replace(/\/+$/, "");
  return base.endsWith("/v1/traces") ? base : `${base}/v1/traces`;
}
