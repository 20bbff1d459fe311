// Reads the zero-code start's environment: where to send spans and with which key. Pure, so the
// rules are tested without starting an SDK.

export const DEFAULT_ENDPOINT = "http://localhost:4318";

export interface RegisterSettings {
  /** OTLP traces URL; undefined lets the exporter read OTEL_EXPORTER_OTLP_(TRACES_)ENDPOINT itself. */
  tracesUrl: string | undefined;
  headers: Record<string, string>;
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

export function readRegisterSettings(env: Env, argv: readonly string[] = process.argv): RegisterSettings {
  const warnings: string[] = [];
  const disabled = env["OTEL_SDK_DISABLED"]?.trim().toLowerCase() === "true";
  let tracesUrl: string | undefined;
  const endpoint = env["PROMPTMETRICS_ENDPOINT"];
  if (present(endpoint)) {
    tracesUrl = tracesUrlFrom(endpoint.trim());
    if (tracesUrl === undefined) warnings.push(`PROMPTMETRICS_ENDPOINT is not an http(s) URL (${JSON.stringify(endpoint)}); using ${DEFAULT_ENDPOINT}`);
  }
  if (tracesUrl === undefined && !present(env["OTEL_EXPORTER_OTLP_TRACES_ENDPOINT"]) && !present(env["OTEL_EXPORTER_OTLP_ENDPOINT"])) {
    tracesUrl = `${DEFAULT_ENDPOINT}/v1/traces`;
  }
  const headers: Record<string, string> = {};
  const apiKey = env["PROMPTMETRICS_API_KEY"];
  if (present(apiKey)) headers["Authorization"] = `Bearer ${apiKey.trim()}`;
  else if (!/authorization=/i.test(env["OTEL_EXPORTER_OTLP_HEADERS"] ?? "") && !/authorization=/i.test(env["OTEL_EXPORTER_OTLP_TRACES_HEADERS"] ?? "")) {
    warnings.push("PROMPTMETRICS_API_KEY is not set; PromptMetrics will refuse the spans (401). Set it to a project's ingest key.");
  }
  const namedInAttributes = /(^|,)\s*service\.name\s*=/.test(env["OTEL_RESOURCE_ATTRIBUTES"] ?? "");
  const script = argv[1];
  const defaultServiceName =
    present(env["OTEL_SERVICE_NAME"]) || namedInAttributes
      ? undefined
      : present(env["npm_package_name"])
        ? env["npm_package_name"]
        : script !== undefined
          ? script.split(/[\\/]/).pop()?.replace(/\.[cm]?[jt]s$/, "") || undefined
          : undefined;
  return { tracesUrl, headers, defaultServiceName, disabled, warnings };
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
