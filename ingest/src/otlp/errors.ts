// The one error the OTLP codec throws for a malformed request body. `path` names the offending field
// the way OTLP/JSON spells it (resourceSpans[0].scopeSpans[1].spans[3].spanId) whichever encoding arrived.

export type OtlpEncoding = "protobuf" | "json";

export class OtlpDecodeError extends Error {
  readonly encoding: OtlpEncoding;
  /** Where in the request the problem is; empty when it concerns the body as a whole. */
  path: string;
  /** What is wrong, without the path. */
  readonly reason: string;

  constructor(encoding: OtlpEncoding, reason: string, options?: { path?: string; cause?: unknown }) {
    const path = options?.path ?? "";
    super(path === "" ? reason : `${path}: ${reason}`, options?.cause === undefined ? undefined : { cause: options.cause });
    this.name = "OtlpDecodeError";
    this.encoding = encoding;
    this.path = path;
    this.reason = reason;
  }

  /** Adds an outer path segment ("spans[3]", "status") while the error unwinds through the decoders. */
  prependPath(segment: string): this {
    this.path = this.path === "" ? segment : this.path.startsWith("[") ? segment + this.path : `${segment}.${this.path}`;
    this.message = `${this.path}: ${this.reason}`;
    return this;
  }
}

/**
 * Rethrows `err` with `segment` prepended when it is ours; anything else (a bug, not bad input) passes
 * through untouched so the top level can wrap it once.
 */
export function rethrowAt(err: unknown, segment: string): never {
  if (err instanceof OtlpDecodeError) throw err.prependPath(segment);
  throw err;
}

/** The top-level guard: whatever escaped the decoders becomes an OtlpDecodeError, so callers answer 400. */
export function asDecodeError(err: unknown, encoding: OtlpEncoding): OtlpDecodeError {
  if (err instanceof OtlpDecodeError) return err;
  const detail = err instanceof Error ? err.message : String(err);
  return new OtlpDecodeError(encoding, `undecodable body (${detail})`, { cause: err });
}
