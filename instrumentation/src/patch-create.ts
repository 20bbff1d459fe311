// The wrapper around an SDK `create` method. It returns the SDK's own APIPromise, hooks the
// promise's response parsing to see the result, and never lets a failure of ours reach the caller:
// whatever goes wrong on our side, the original method runs as if we were not there.
import { context, diag } from "@opentelemetry/api";
import type { OperationAdapter } from "./adapter.ts";
import { isObject, type CreateMethod, type SdkApiPromise, type SdkResource } from "./internal-types.ts";
import { isInsideCall, LlmCall, type CallRuntime } from "./llm-call.ts";
import { isSdkStream, observeStream } from "./observe-stream.ts";

/** Marks our wrappers (Symbol.for: shared by every copy of this package in the process). */
export const WRAPPED_MARK = Symbol.for("promptmetrics.instrumentation.wrapped");
const ORIGINAL = Symbol.for("promptmetrics.instrumentation.original");
const DISABLED = Symbol.for("promptmetrics.instrumentation.disabled");

type Marked = Record<symbol, unknown>;

export function isOurWrapper(fn: unknown): boolean {
  return typeof fn === "function" && (fn as unknown as Marked)[WRAPPED_MARK] === true;
}

export function originalOf(wrapper: unknown): unknown {
  return (wrapper as Marked)[ORIGINAL];
}

/** Makes a wrapper that cannot be removed (another wrapper sits on it) pass every call through. */
export function disableWrapper(wrapper: unknown): void {
  (wrapper as Marked)[DISABLED] = true;
}

export function patchCreate(original: CreateMethod, adapter: OperationAdapter, runtime: CallRuntime): CreateMethod {
  const patched = function patchedCreate(this: unknown, ...args: unknown[]): unknown {
    const body = args[0];
    if (!isObject(body) || isInsideCall() || (patched as unknown as Marked)[DISABLED] === true) return original.apply(this, args);
    let call: LlmCall;
    try {
      const resource = this as SdkResource | undefined;
      call = new LlmCall(runtime, adapter, body, (resource?._client ?? resource?.client)?.baseURL);
    } catch (problem) {
      diag.error("promptmetrics: could not start a span; the call goes on untraced", problem);
      return original.apply(this, args);
    }
    const callArgs = call.body === body ? args : [call.body, ...args.slice(1)];
    let result: unknown;
    try {
      result = context.with(call.context, () => original.apply(this, callArgs));
    } catch (error) {
      call.fail(error);
      throw error;
    }
    try {
      observeApiPromise(result, call);
    } catch (problem) {
      diag.error("promptmetrics: could not follow a call's result", problem);
    }
    return result;
  };
  Object.defineProperty(patched, WRAPPED_MARK, { value: true });
  Object.defineProperty(patched, ORIGINAL, { value: original });
  Object.defineProperty(patched, DISABLED, { value: false, writable: true });
  return patched;
}

function observeApiPromise(result: unknown, call: LlmCall): void {
  const promise = result as SdkApiPromise | null;
  if (
    promise === null ||
    typeof promise !== "object" ||
    typeof promise.parseResponse !== "function" ||
    !(promise.responsePromise instanceof Promise)
  ) {
    // Not a Stainless APIPromise: observe it as a thenable, without changing what the caller gets.
    const thenable = result as PromiseLike<unknown> | null;
    if (thenable !== null && typeof thenable?.then === "function")
      thenable.then(
        (data) => onParsed(data, call),
        (error: unknown) => call.fail(error),
      );
    else call.endWithoutBody();
    return;
  }
  // Every path to the parsed body (then, withResponse, _thenUnwrap helpers such as .parse())
  // calls the promise's own parseResponse, so that is where the result is seen, before the caller.
  const parseResponse = promise.parseResponse;
  promise.parseResponse = function observedParseResponse(this: unknown, ...args: unknown[]) {
    let parsed: unknown;
    try {
      parsed = parseResponse.apply(this, args);
    } catch (error) {
      call.fail(error);
      throw error;
    }
    return Promise.resolve(parsed).then(
      (data) => {
        onParsed(data, call);
        return data;
      },
      (error: unknown) => {
        call.fail(error);
        throw error;
      },
    );
  };
  // openai 7.x gives each promise its own _thenUnwrap over a parse function captured when the promise
  // was made, so its helpers (.parse(), responses.stream()) bypass parseResponse: see the data there too.
  const thenUnwrap = promise._thenUnwrap;
  if (typeof thenUnwrap === "function" && Object.prototype.hasOwnProperty.call(promise, "_thenUnwrap")) {
    promise._thenUnwrap = function observedThenUnwrap(this: unknown, transform: (data: unknown, props: unknown) => unknown) {
      return thenUnwrap.call(this, (data: unknown, props: unknown) => {
        onParsed(data, call);
        return transform(data, props);
      });
    };
  }
  // Failed requests (HTTP errors after retries, connection errors) reject the response promise.
  promise.responsePromise.then(undefined, (error: unknown) => call.fail(error));
  const asResponse = promise.asResponse;
  if (typeof asResponse === "function") {
    promise.asResponse = function observedAsResponse(this: SdkApiPromise) {
      const response = asResponse.apply(this);
      // A caller that reads the raw Response may never parse it: end the span with what we know.
      response.then(
        () => {
          if (this.parsedPromise == null) call.endWithoutBody();
        },
        () => undefined,
      );
      return response;
    };
  }
}

function onParsed(data: unknown, call: LlmCall): void {
  if (call.hasResult) return;
  try {
    if (call.isStream && isSdkStream(data)) observeStream(data, call);
    call.onResult(data);
  } catch (problem) {
    diag.error("promptmetrics: could not record a call's result", problem);
  }
}
