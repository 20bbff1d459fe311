// What both SDK instrumentations share: the settled config, the call runtime, and wrapping a
// `create` method on a prototype (auto-instrumentation) or on one client's resource (instrument()).
import { diag } from "@opentelemetry/api";
import { InstrumentationBase } from "@opentelemetry/instrumentation";
import type { OperationAdapter } from "./adapter.ts";
import { resolveConfig, type ResolvedConfig } from "./config.ts";
import type { CreateMethod } from "./internal-types.ts";
import type { CallRuntime } from "./llm-call.ts";
import { disableWrapper, isOurWrapper, originalOf, patchCreate } from "./patch-create.ts";
import type { PromptMetricsInstrumentationConfig } from "./types.ts";
import { VERSION } from "./version.ts";

interface HasCreate {
  create?: unknown;
}

export abstract class PromptMetricsInstrumentation extends InstrumentationBase<PromptMetricsInstrumentationConfig> {
  declare private resolved: ResolvedConfig | undefined;

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

  // Built on demand, not as a class field: the base constructor may already patch a module
  // (ESM replay) before this subclass's fields exist.
  protected callRuntime(): CallRuntime {
    return { tracer: () => this.tracer, config: () => this.settledConfig() };
  }

  /**
   * Wraps `target.create` in place: a resource prototype, or one client's resource object. False
   * when absent or already ours. Deliberately not shimmer's `_wrap`: other instrumentations
   * (Traceloop's, for one) `_unwrap` any shimmer-marked method they find, which would silently
   * strip ours. Our wrapper carries only our own marks.
   */
  protected wrapCreate(target: HasCreate | undefined, adapter: OperationAdapter): boolean {
    if (target === undefined || typeof target.create !== "function" || isOurWrapper(target.create)) return false;
    const original = target.create as CreateMethod;
    try {
      Object.defineProperty(target, "create", {
        value: patchCreate(original, adapter, this.callRuntime()),
        configurable: true,
        writable: true,
        enumerable: Object.prototype.propertyIsEnumerable.call(target, "create"),
      });
      return true;
    } catch (problem) {
      diag.error("promptmetrics: could not wrap a create method", problem);
      return false;
    }
  }

  /**
   * Puts the original back when ours is still the outermost wrapper. When another library has
   * wrapped ours since, removing ours would drop theirs too: ours then stays and passes through.
   */
  protected unwrapCreate(target: HasCreate | undefined): void {
    if (target === undefined) return;
    const current = target.create;
    if (isOurWrapper(current)) {
      Object.defineProperty(target, "create", {
        value: originalOf(current),
        configurable: true,
        writable: true,
        enumerable: Object.prototype.propertyIsEnumerable.call(target, "create"),
      });
      return;
    }
    for (let fn: unknown = current; typeof fn === "function"; fn = (fn as { __original?: unknown }).__original) {
      if (isOurWrapper(fn)) disableWrapper(fn);
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
