// Settles the instrumentation options once: what the caller passed wins, then the documented
// environment variables, then the defaults.
import type { ContentInfo, PromptMetricsInstrumentationConfig } from "./types.ts";

export interface ResolvedConfig {
  captureContent: boolean;
  contentMaxLength: number;
  redactContent: ((text: string, info: ContentInfo) => string) | undefined;
  recordCost: boolean;
  requestHashes: boolean;
  openaiStreamUsage: "official" | "always" | "never";
  anthropicSdkSpans: "replace" | "keep";
}

export const DEFAULT_CONTENT_MAX_LENGTH = 32_768;

type Env = Readonly<Record<string, string | undefined>>;

function envFlag(value: string | undefined): boolean | undefined {
  if (value === undefined || value.trim() === "") return undefined;
  return ["1", "true", "yes", "on"].includes(value.trim().toLowerCase());
}

export function resolveConfig(config: PromptMetricsInstrumentationConfig, env: Env = process.env): ResolvedConfig {
  const envMax = Number(env["PROMPTMETRICS_CONTENT_MAX_LENGTH"]);
  const maxLength = config.contentMaxLength ?? (Number.isInteger(envMax) && envMax > 0 ? envMax : DEFAULT_CONTENT_MAX_LENGTH);
  return {
    captureContent:
      config.captureContent ??
      envFlag(env["PROMPTMETRICS_CAPTURE_CONTENT"]) ??
      envFlag(env["OTEL_INSTRUMENTATION_GENAI_CAPTURE_MESSAGE_CONTENT"]) ??
      false,
    contentMaxLength: Math.max(16, Math.floor(maxLength)),
    redactContent: config.redactContent,
    recordCost: config.recordCost ?? true,
    requestHashes: config.requestHashes ?? envFlag(env["PROMPTMETRICS_REQUEST_HASHES"]) ?? true,
    openaiStreamUsage: config.openaiStreamUsage ?? "official",
    anthropicSdkSpans: config.anthropicSdkSpans ?? "replace",
  };
}
