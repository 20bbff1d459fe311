// Turns one encoded template request into many distinct ones without re-encoding: finds where the trace
// ids, span ids, parent span ids and timestamps sit in the protobuf bytes, and patches them in place
// (fixed-size fields, so lengths never change). Every batch then carries fresh ids, as the ingest's
// dedup would otherwise drop it as a retry, with the parent/child links of the template intact.
import { forEachField, WIRE_FIXED64, WIRE_LENGTH } from "./protobuf-fields.ts";

interface IdSlot {
  offset: number;
  /** Index into the template's distinct ids of that size. */
  id: number;
}

export interface TemplateLayout {
  traceIdSlots: IdSlot[];
  spanIdSlots: IdSlot[];
  timeOffsets: number[];
  distinctTraceIds: number;
  distinctSpanIds: number;
  spans: number;
}

// ExportTraceServiceRequest.resource_spans = 1 → ResourceSpans.scope_spans = 2 → ScopeSpans.spans = 2 →
// Span: trace_id = 1, span_id = 2, parent_span_id = 4 (bytes), start/end_time_unix_nano = 7/8 (fixed64).
export function mapTemplate(body: Uint8Array): TemplateLayout {
  const layout: TemplateLayout = { traceIdSlots: [], spanIdSlots: [], timeOffsets: [], distinctTraceIds: 0, distinctSpanIds: 0, spans: 0 };
  const traceIds = new Map<string, number>();
  const spanIds = new Map<string, number>();
  const idOf = (ids: Map<string, number>, start: number, end: number) => {
    const key = Buffer.from(body.buffer, body.byteOffset + start, end - start).toString("hex");
    let id = ids.get(key);
    if (id === undefined) ids.set(key, (id = ids.size));
    return id;
  };
  forEachField(body, 0, body.length, (field, wire, start, end) => {
    if (field !== 1 || wire !== WIRE_LENGTH) return;
    forEachField(body, start, end, (field, wire, start, end) => {
      if (field !== 2 || wire !== WIRE_LENGTH) return;
      forEachField(body, start, end, (field, wire, start, end) => {
        if (field !== 2 || wire !== WIRE_LENGTH) return;
        layout.spans++;
        forEachField(body, start, end, (field, wire, start, end) => {
          if (field === 1 && wire === WIRE_LENGTH && end - start === 16)
            layout.traceIdSlots.push({ offset: start, id: idOf(traceIds, start, end) });
          if ((field === 2 || field === 4) && wire === WIRE_LENGTH && end - start === 8)
            layout.spanIdSlots.push({ offset: start, id: idOf(spanIds, start, end) });
          if ((field === 7 || field === 8) && wire === WIRE_FIXED64) layout.timeOffsets.push(start);
        });
      });
    });
  });
  layout.distinctTraceIds = traceIds.size;
  layout.distinctSpanIds = spanIds.size;
  return layout;
}

/** Hands out ids that never repeat in a run and look random (a bijective mix of a counter). */
export class IdSource {
  private spanCounter = 0;
  private traceCounter = 0;
  private readonly random: () => number;

  constructor(random: () => number) {
    this.random = random;
  }

  /** 8 bytes: a mixed 32-bit counter (distinct) then 4 random bytes. */
  writeSpanId(target: Uint8Array, offset: number): void {
    writeUint32(target, offset, mix32(++this.spanCounter));
    writeUint32(target, offset + 4, (this.random() * 2 ** 32) >>> 0);
  }

  /** 16 bytes: a mixed 32-bit counter (distinct) then 12 random bytes. */
  writeTraceId(target: Uint8Array, offset: number): void {
    writeUint32(target, offset, mix32(++this.traceCounter));
    for (let i = 4; i < 16; i += 4) writeUint32(target, offset + i, (this.random() * 2 ** 32) >>> 0);
  }
}

/**
 * A copy of the template with fresh ids (the same old id gets the same new one throughout the batch, so
 * children still point at their parents) and every timestamp moved by `shiftNs`.
 */
export function rewriteBatch(template: Uint8Array, layout: TemplateLayout, ids: IdSource, shiftNs: bigint): Buffer {
  const out = Buffer.from(template);
  const traceIds = new Uint8Array(layout.distinctTraceIds * 16);
  for (let i = 0; i < layout.distinctTraceIds; i++) ids.writeTraceId(traceIds, i * 16);
  const spanIds = new Uint8Array(layout.distinctSpanIds * 8);
  for (let i = 0; i < layout.distinctSpanIds; i++) ids.writeSpanId(spanIds, i * 8);
  for (const slot of layout.traceIdSlots) out.set(traceIds.subarray(slot.id * 16, slot.id * 16 + 16), slot.offset);
  for (const slot of layout.spanIdSlots) out.set(spanIds.subarray(slot.id * 8, slot.id * 8 + 8), slot.offset);
  for (const offset of layout.timeOffsets) out.writeBigUInt64LE(out.readBigUInt64LE(offset) + shiftNs, offset);
  return out;
}

/** murmur3's finaliser: a bijection on 32-bit integers, so distinct counters give distinct ids. */
function mix32(value: number): number {
  let h = value >>> 0;
  h = Math.imul(h ^ (h >>> 16), 0x85ebca6b);
  h = Math.imul(h ^ (h >>> 13), 0xc2b2ae35);
  return (h ^ (h >>> 16)) >>> 0;
}

function writeUint32(target: Uint8Array, offset: number, value: number): void {
  target[offset] = value >>> 24;
  target[offset + 1] = (value >>> 16) & 0xff;
  target[offset + 2] = (value >>> 8) & 0xff;
  target[offset + 3] = value & 0xff;
}
