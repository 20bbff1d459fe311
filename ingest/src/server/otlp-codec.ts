// Picks the OTLP decoder and encoders for a request's encoding, so the server speaks in signals.
import { decodeLogsJson, decodeLogsProtobuf } from "../otlp/decode-logs.ts";
import { decodeTracesJson, decodeTracesProtobuf } from "../otlp/decode-traces.ts";
import { encodeExportResponse, encodeStatus, type OtlpSignal } from "../otlp/encode-response.ts";
import type { OtlpEncoding } from "../otlp/errors.ts";
import type { DecodedLogRecord, DecodedSpan } from "../otlp/types.ts";

export type Signal = OtlpSignal;
export { encodeExportResponse };

export function decodeTraces(encoding: OtlpEncoding, body: Buffer): DecodedSpan[] {
  return encoding === "protobuf" ? decodeTracesProtobuf(body) : decodeTracesJson(body);
}

export function decodeLogs(encoding: OtlpEncoding, body: Buffer): DecodedLogRecord[] {
  return encoding === "protobuf" ? decodeLogsProtobuf(body) : decodeLogsJson(body);
}

/** The google.rpc.Status body the OTLP spec puts in error responses. */
export function encodeStatusBody(encoding: OtlpEncoding, code: number, message: string): Buffer {
  return encodeStatus(encoding, code, message);
}
