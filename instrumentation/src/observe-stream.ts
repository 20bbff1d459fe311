// Follows an SDK Stream without replacing it: the caller keeps the SDK's own object (tee,
// toReadableStream, controller), and only its `iterator` method, which every way of reading the
// stream goes through, is wrapped.
import { diag } from "@opentelemetry/api";
import type { SdkStream } from "./internal-types.ts";
import type { LlmCall } from "./llm-call.ts";

class ObservedIterator implements AsyncIterator<unknown>, AsyncIterable<unknown> {
  private readonly inner: AsyncIterator<unknown>;
  private readonly call: LlmCall;
  private readonly stream: SdkStream;

  constructor(inner: AsyncIterator<unknown>, call: LlmCall, stream: SdkStream) {
    this.inner = inner;
    this.call = call;
    this.stream = stream;
  }

  next(...args: [] | [unknown]): Promise<IteratorResult<unknown>> {
    return this.inner.next(...args).then(
      (result) => {
        if (result.done === true) {
          // An abort through stream.controller ends some SDK versions' iteration quietly.
          safely(() => (wasAborted(this.stream) ? this.call.streamCancelled() : this.call.streamEnded()));
          return result;
        }
        let deliver = true;
        safely(() => {
          deliver = this.call.onChunk(result.value);
        });
        return deliver ? result : this.next();
      },
      (error: unknown) => {
        safely(() => this.call.fail(error));
        throw error;
      },
    );
  }

  return(value?: unknown): Promise<IteratorResult<unknown>> {
    safely(() => this.call.streamCancelled());
    return this.inner.return !== undefined ? this.inner.return(value) : Promise.resolve({ done: true, value });
  }

  throw(error?: unknown): Promise<IteratorResult<unknown>> {
    safely(() => this.call.fail(error));
    return this.inner.throw !== undefined ? this.inner.throw(error) : Promise.reject(error);
  }

  [Symbol.asyncIterator](): AsyncIterator<unknown> {
    return this;
  }
}

function wasAborted(stream: SdkStream): boolean {
  const signal = (stream.controller as { signal?: { aborted?: unknown } } | undefined)?.signal;
  return signal?.aborted === true;
}

function safely(step: () => void): void {
  try {
    step();
  } catch (problem) {
    diag.error("promptmetrics: stream observation failed", problem);
  }
}

/** True when `data` looks like an SDK Stream we know how to follow. */
export function isSdkStream(data: unknown): data is SdkStream {
  if (typeof data !== "object" || data === null) return false;
  const stream = data as SdkStream & { [Symbol.asyncIterator]?: unknown };
  return typeof stream.iterator === "function" || typeof stream[Symbol.asyncIterator] === "function";
}

export function observeStream(stream: SdkStream, call: LlmCall): void {
  const iterator = stream.iterator;
  if (typeof iterator === "function") {
    stream.iterator = function observedIterator(this: unknown, ...args: unknown[]) {
      return new ObservedIterator(iterator.apply(this, args), call, stream);
    };
    return;
  }
  // openai 4.0–4.2x: the Stream is its own async generator, with no `iterator` method to wrap.
  const iterable = stream as { [Symbol.asyncIterator]: (...args: unknown[]) => AsyncIterator<unknown> };
  const asyncIterator = iterable[Symbol.asyncIterator];
  Object.defineProperty(stream, Symbol.asyncIterator, {
    value: function observedAsyncIterator(this: unknown, ...args: unknown[]) {
      return new ObservedIterator(asyncIterator.apply(this, args), call, stream);
    },
    configurable: true,
    writable: true,
  });
}
