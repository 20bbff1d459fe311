// Builds the bodies OTLP/HTTP responses must carry, in the encoding the request came in: Export*ServiceResponse
// (optionally with partial_success) for 200s, and a google.rpc.Status for every 4xx and 5xx.
import { Buffer } from "node:buffer";
import type { OtlpEncoding } from "./errors.ts";

export type OtlpSignal = "traces" | "logs" | "metrics";

/** The response Content-Type the spec requires for each encoding (the same as the request's). */
export const OTLP_CONTENT_TYPES: Readonly<Record<OtlpEncoding, string>> = {
  protobuf: "application/x-protobuf",
  json: "application/json",
};

// Export{Trace,Logs,Metrics}PartialSuccess all carry the count as int64 field 1 and error_message as field 2;
// only the count's name differs.
const REJECTED_JSON_NAME: Readonly<Record<OtlpSignal, string>> = {
  traces: "rejectedSpans",
  logs: "rejectedLogRecords",
  metrics: "rejectedDataPoints",
};

const MAX_INT64 = 2n ** 63n - 1n;
const EMPTY = Buffer.alloc(0);

function varint(value: bigint): number[] {
  // Negative int32/int64 values are sign-extended to 64 bits, so they always take 10 bytes.
  let v = BigInt.asUintN(64, value);
  const out: number[] = [];
  while (v > 0x7fn) {
    out.push(Number(v & 0x7fn) | 0x80);
    v >>= 7n;
  }
  out.push(Number(v));
  return out;
}

function lengthDelimited(fieldNumber: number, payload: Uint8Array): Buffer {
  return Buffer.concat([Buffer.from([(fieldNumber << 3) | 2, ...varint(BigInt(payload.length))]), payload]);
}

/**
 * The body of a 200 answer to an export. With nothing rejected and no message the request was a full success and
 * `partial_success` stays unset, as the spec requires; a message with 0 rejected is a warning the spec allows.
 * `rejected` is the number of spans, log records or data points refused.
 */
export function encodeExportResponse(encoding: OtlpEncoding, signal: OtlpSignal, rejected: number | bigint = 0, errorMessage = ""): Buffer {
  const count = BigInt(rejected);
  if (count < 0n || count > MAX_INT64) throw new RangeError(`rejected count out of int64 range: ${rejected}`);
  const fullSuccess = count === 0n && errorMessage === "";
  if (encoding === "json") {
    if (fullSuccess) return Buffer.from("{}");
    // The protobuf JSON mapping writes int64 as a decimal string.
    const partialSuccess = { [REJECTED_JSON_NAME[signal]]: count.toString(), errorMessage };
    return Buffer.from(JSON.stringify({ partialSuccess }));
  }
  if (fullSuccess) return EMPTY;
  const fields: Buffer[] = [];
  if (count !== 0n) fields.push(Buffer.from([(1 << 3) | 0, ...varint(count)]));
  if (errorMessage !== "") fields.push(lengthDelimited(2, Buffer.from(errorMessage, "utf8")));
  return lengthDelimited(1, Buffer.concat(fields));
}

/**
 * A google.rpc.Status body (code = 1 int32, message = 2 string; no details) for 4xx/5xx answers. OTLP clients
 * do not act on `code`, but a gRPC code matching the HTTP status (3 INVALID_ARGUMENT for 400, ...) helps debugging.
 */
export function encodeStatus(encoding: OtlpEncoding, code: number, message: string): Buffer {
  if (!Number.isInteger(code) || code < -(2 ** 31) || code >= 2 ** 31) throw new RangeError(`status code out of int32 range: ${code}`);
  if (encoding === "json") return Buffer.from(JSON.stringify({ code, message }));
  const fields: Buffer[] = [];
  if (code !== 0) fields.push(Buffer.from([(1 << 3) | 0, ...varint(BigInt(code))]));
  if (message !== "") fields.push(lengthDelimited(2, Buffer.from(message, "utf8")));
  return Buffer.concat(fields);
}
