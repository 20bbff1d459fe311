// Reads the one number the benchmark needs from a 200 answer: ExportTraceServiceResponse.partial_success
// (field 1) .rejected_spans (field 1, int64). An empty body is a full success.
import { forEachField, WIRE_LENGTH, WIRE_VARINT } from "./protobuf-fields.ts";

export function rejectedSpansOf(body: Uint8Array): number {
  let rejected = 0;
  forEachField(body, 0, body.length, (field, wire, start, end) => {
    if (field !== 1 || wire !== WIRE_LENGTH) return;
    forEachField(body, start, end, (inner, innerWire, value) => {
      if (inner === 1 && innerWire === WIRE_VARINT) rejected = value;
    });
  });
  return rejected;
}
