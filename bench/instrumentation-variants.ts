// The contenders of the instrumentation benchmark, each enabled the way its README says, before `openai` is
// required: no instrumentation, ours, Traceloop's and OpenInference's, with and without message content.
import fs from "node:fs";
import { createRequire } from "node:module";
import path from "node:path";
import type { TracerProvider } from "@opentelemetry/api";

const require = createRequire(import.meta.url);

export interface Variant {
  name: string;
  /** The library as the tables name it; a library's variants differ only in their settings. */
  library: "uninstrumented" | "ours" | "traceloop" | "openinference";
  /** The package measured (empty for the baseline). */
  packageName: string;
  /** Whether prompts and completions are recorded on the span. */
  content: "on" | "off" | "—";
  /** Whether `content` is the library's own default. */
  isDefault: boolean;
  /** Enables the instrumentation against `provider`; `openai` must not be loaded yet. */
  enable(provider: TracerProvider): Promise<void>;
}

const OURS = "@promptmetrics/instrumentation";
const TRACELOOP = "@traceloop/instrumentation-openai";
const OPENINFERENCE = "@arizeai/openinference-instrumentation-openai";

type OursModule = typeof import("../instrumentation/src/index.ts");

/** Ours from its sources (Node strips the types), or from the published bundle with BENCH_OURS_FROM=dist. */
async function loadOurs(): Promise<OursModule> {
  if (process.env["BENCH_OURS_FROM"] === "dist") return (await import(OURS)) as unknown as OursModule;
  return import("../instrumentation/src/index.ts");
}

async function enableOurs(provider: TracerProvider, captureContent: boolean): Promise<void> {
  const { OpenAIInstrumentation } = await loadOurs();
  new OpenAIInstrumentation({ captureContent }).setTracerProvider(provider);
}

interface TraceloopModule {
  OpenAIInstrumentation: new (config?: { traceContent?: boolean }) => { setTracerProvider(provider: TracerProvider): void };
}

function enableTraceloop(provider: TracerProvider, traceContent: boolean): void {
  const { OpenAIInstrumentation } = require(TRACELOOP) as TraceloopModule;
  new OpenAIInstrumentation({ traceContent }).setTracerProvider(provider);
}

interface OpenInferenceModule {
  OpenAIInstrumentation: new (options?: { traceConfig?: { hideInputs?: boolean; hideOutputs?: boolean } }) => {
    setTracerProvider(provider: TracerProvider): void;
  };
}

function enableOpenInference(provider: TracerProvider, hideContent: boolean): void {
  const { OpenAIInstrumentation } = require(OPENINFERENCE) as OpenInferenceModule;
  new OpenAIInstrumentation({ traceConfig: { hideInputs: hideContent, hideOutputs: hideContent } }).setTracerProvider(provider);
}

export const BASELINE = "baseline";

/** The installed version of a package, found from its entry point (some export maps hide package.json). */
export function installedVersion(packageName: string): string {
  // Ours resolves to dist/, which may not be built: its package.json is found from the sources instead.
  if (packageName === OURS) packageName = "../instrumentation/package.json";
  let dir = path.dirname(require.resolve(packageName));
  for (;;) {
    const file = path.join(dir, "package.json");
    if (fs.existsSync(file)) {
      const manifest = JSON.parse(fs.readFileSync(file, "utf8")) as { name?: string; version?: string };
      if (manifest.name !== undefined && manifest.version !== undefined) return manifest.version;
    }
    if (path.dirname(dir) === dir) return "unknown";
    dir = path.dirname(dir);
  }
}

// Like for like: each library with message content off and on. Traceloop and OpenInference record content
// unless told not to (`traceContent: false`; `hideInputs`/`hideOutputs`), we do not unless asked (`captureContent`).
export const VARIANTS: readonly Variant[] = [
  { name: BASELINE, library: "uninstrumented", packageName: "", content: "—", isDefault: true, enable: async () => {} },
  { name: "ours", library: "ours", packageName: OURS, content: "off", isDefault: true, enable: (provider) => enableOurs(provider, false) },
  {
    name: "ours-content",
    library: "ours",
    packageName: OURS,
    content: "on",
    isDefault: false,
    enable: (provider) => enableOurs(provider, true),
  },
  {
    name: "traceloop-no-content",
    library: "traceloop",
    packageName: TRACELOOP,
    content: "off",
    isDefault: false,
    enable: async (provider) => enableTraceloop(provider, false),
  },
  {
    name: "traceloop",
    library: "traceloop",
    packageName: TRACELOOP,
    content: "on",
    isDefault: true,
    enable: async (provider) => enableTraceloop(provider, true),
  },
  {
    name: "openinference-hidden",
    library: "openinference",
    packageName: OPENINFERENCE,
    content: "off",
    isDefault: false,
    enable: async (provider) => enableOpenInference(provider, true),
  },
  {
    name: "openinference",
    library: "openinference",
    packageName: OPENINFERENCE,
    content: "on",
    isDefault: true,
    enable: async (provider) => enableOpenInference(provider, false),
  },
];

export function findVariant(name: string): Variant {
  const variant = VARIANTS.find((candidate) => candidate.name === name);
  if (!variant) throw new Error(`No variant named "${name}". Known: ${VARIANTS.map((v) => v.name).join(", ")}`);
  return variant;
}
