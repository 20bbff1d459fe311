// What both SDK instrumentations share: the settled config, the call runtime, and wrapping a
// `create` method on a prototype (auto-instrumentation) or on one client's resource (instrument()).
import { diag } from "@opentelemetry/api";
import { InstrumentationBase } from "@opentelemetry/instrumentation";
import type { OperationAdapter } from "./adapter.ts";
import { resolveConfig, type ResolvedConfig } from "./config.ts";
import type { CreateMethod } from "./internal-types.ts";
import type { CallRuntime } from "./llm-call.ts";
import { isOurWrapper, patchCreate } from "./patch-create.ts";
import type { PromptMetricsInstrumentationConfig } from "./types.ts";
import { VERSION } from "./version.ts";

interface HasCreate {
  create?: unknown;
}

export abstract class PromptMetricsInstrumentation extends InstrumentationBase<PromptMetricsInstrumentationConfig> {
  private resolved: ResolvedConfig | undefined;

  constructor(scopeName: string, config: PromptMetricsInstrumentationConfig = {}) {
    super(scopeName, VERSION, config);
  }

  override setConfig(config: PromptMetricsInstrumentationConfig = {}): void {
    super.setConfig(config);
    this.resolved = undefined;
  }

  /** The options with environment variables and defaults applied. */
  settledConfig(): ResolvedConfig {
    this.resolved ??= resolveConfig(this.getConfig());
    return this.resolved;
  }

  protected readonly runtime: CallRuntime = {
    tracer: () => this.tracer,
    config: () => this.settledConfig(),
  };

  /** Wraps `target.create` in place (a resource prototype). False when absent or already ours. */
  protected wrapPrototypeCreate(target: HasCreate | undefined, adapter: OperationAdapter): boolean {
    if (target === undefined || typeof target.create !== "function" || isOurWrapper(target.create)) return false;
    this._wrap(target as { create: CreateMethod }, "create", (original) => patchCreate(original, adapter, this.runtime));
    return true;
  }

  protected unwrapPrototypeCreate(target: HasCreate | undefined): void {
    if (target !== undefined && typeof target.create === "function") this._unwrap(target as { create: CreateMethod }, "create");
  }

  /** Wraps one client's resource method as an own property, leaving the prototype alone. */
  protected wrapInstanceCreate(resource: HasCreate | undefined, adapter: OperationAdapter): boolean {
    if (resource === undefined || typeof resource.create !== "function" || isOurWrapper(resource.create)) return false;
    const original = resource.create as CreateMethod;
    try {
      Object.defineProperty(resource, "create", {
        value: patchCreate(original, adapter, this.runtime),
        configurable: true,
        writable: true,
        enumerable: false,
      });
      return true;
    } catch (problem) {
      diag.error("promptmetrics: could not instrument a client", problem);
      return false;
    }
  }
}

/** The class a module exports under `name`, or as its default export. */
export function exportedClass(moduleExports: unknown, name: string): Record<string, unknown> | undefined {
  if (moduleExports === null || (typeof moduleExports !== "object" && typeof moduleExports !== "function")) return undefined;
  const record = moduleExports as Record<string, unknown>;
  const candidate = record[name] ?? record["default"];
  return typeof candidate === "function" ? (candidate as unknown as Record<string, unknown>) : undefined;
}

/** `cls.A.B.prototype` when every step exists. */
export function staticPrototype(cls: Record<string, unknown> | undefined, ...path: string[]): HasCreate | undefined {
  let current: unknown = cls;
  for (const step of path) {
    if (current === null || (typeof current !== "object" && typeof current !== "function")) return undefined;
    current = (current as Record<string, unknown>)[step];
  }
  if (typeof current !== "function") return undefined;
  const prototype = (current as { prototype?: unknown }).prototype;
  return typeof prototype === "object" && prototype !== null ? (prototype as HasCreate) : undefined;
}
