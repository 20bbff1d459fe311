// @anthropic-ai/sdk versions from late 2026 trace their own calls (scope com.anthropic.sdk.typescript)
// through the global tracer provider, and their stream helpers start that span before calling
// create(), where we could step in. With both on, each call would be two LLM spans. The client
// keeps its tracer in `_tracer`, assigned in the BaseAnthropic constructor and read before every
// call span; an accessor on the base prototype answers "no tracer" while we record the calls, and
// the client's own tracer again when our instrumentation is disabled.
const INSTALLED = Symbol.for("promptmetrics.anthropic.sdk-spans-accessor");

export function replaceSdkSpans(anthropicClass: Record<string, unknown> | undefined, replacing: () => boolean): void {
  if (anthropicClass === undefined) return;
  const ownPrototype = (anthropicClass as { prototype?: object }).prototype;
  if (ownPrototype === undefined) return;
  // BaseAnthropic.prototype when there is one, so Bedrock / Vertex clients built on it are covered.
  const parent = Object.getPrototypeOf(ownPrototype) as object | null;
  const target = parent !== null && parent !== Object.prototype ? parent : ownPrototype;
  const marked = target as Record<symbol, unknown>;
  if (marked[INSTALLED] !== undefined || Object.getOwnPropertyDescriptor(target, "_tracer") !== undefined) return;
  const tracers = new WeakMap<object, unknown>();
  Object.defineProperty(target, "_tracer", {
    configurable: true,
    get(this: object) {
      return replacing() ? undefined : tracers.get(this);
    },
    set(this: object, value: unknown) {
      tracers.set(this, value);
    },
  });
  Object.defineProperty(target, INSTALLED, { value: true });
}

/** For one client given to instrument(): its own call spans off, for good. */
export function turnOffClientSpans(client: unknown): void {
  if (typeof client !== "object" || client === null || !("_tracer" in client)) return;
  try {
    Object.defineProperty(client, "_tracer", { value: undefined, writable: true, configurable: true });
  } catch {
    // A frozen client keeps its spans; ingest still counts the call once when both arrive together.
  }
}
