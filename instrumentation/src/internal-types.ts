// Local stand-ins for the SDK shapes we touch. The SDKs move their types between versions, so we
// describe only the fields we read, all optional, and check them at run time.

/** The part of an openai / @anthropic-ai/sdk client a resource method can see through `_client`. */
export interface SdkClient {
  baseURL?: unknown;
}

/** A resource object (chat.completions, messages, ...): its methods reach the client through `_client` (`client` before openai 4.3x). */
export interface SdkResource {
  _client?: SdkClient;
  client?: SdkClient;
}

/** Stainless's APIPromise: a Promise subclass that parses the response lazily. */
export interface SdkApiPromise {
  responsePromise?: Promise<unknown>;
  parseResponse?: (...args: unknown[]) => unknown;
  parsedPromise?: unknown;
  asResponse?: () => Promise<unknown>;
  _thenUnwrap?: (transform: (data: unknown, props: unknown) => unknown) => unknown;
}

/** Stainless's Stream: async iterable whose `iterator` method every reader (tee, toReadableStream) uses. */
export interface SdkStream {
  iterator?: (...args: unknown[]) => AsyncIterator<unknown>;
  controller?: unknown;
}

export type CreateMethod = (this: unknown, ...args: unknown[]) => unknown;

export type JsonObject = Record<string, unknown>;

export function isObject(value: unknown): value is JsonObject {
  return typeof value === "object" && value !== null;
}

export function asString(value: unknown): string | undefined {
  return typeof value === "string" ? value : undefined;
}

export function asNumber(value: unknown): number | undefined {
  return typeof value === "number" && Number.isFinite(value) ? value : undefined;
}
