// This package's version, the instrumentation scope version of every span (checked against package.json by a test).
export const VERSION = "0.1.0";

/** The SDK versions each instrumentation patches; tests run against both ends of each range (compat/). */
export const SUPPORTED_VERSIONS = {
  openai: ">=4.0.0 <8",
  "@anthropic-ai/sdk": ">=0.20.0 <2",
} as const;
