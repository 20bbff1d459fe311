// Impossible spans are refused one by one (reported through OTLP partial_success) while the rest of
// their batch is kept.
import type { DecodedSpan } from "../otlp/types.ts";

export type RejectReason = "invalid_id" | "invalid_time" | "time_out_of_range" | "negative_tokens";

export interface TimeWindow {
  /** Oldest accepted start time, ns since the epoch. */
  earliestNanos: bigint;
  /** Latest accepted start time (a little clock skew is fine), ns since the epoch. */
  latestNanos: bigint;
}

const TRACE_ID = /^[0-9a-f]{32}$/;
const SPAN_ID = /^[0-9a-f]{16}$/;
const ZERO_TRACE = "0".repeat(32);
const ZERO_SPAN = "0".repeat(16);
const DAY_NANOS = 86_400_000_000_000n;
const HOUR_NANOS = 3_600_000_000_000n;
// DateTime64(9) holds signed 64-bit nanoseconds (up to 2262-04-11): a later end or event time would fail
// the insert of the whole batch, other requests' spans with it.
const LATEST_STORABLE_NANOS = 2n ** 63n - 1n;

export function acceptedWindow(nowMillis: number, maxAgeDays = 365, maxSkewHours = 1): TimeWindow {
  const now = BigInt(nowMillis) * 1_000_000n;
  return { earliestNanos: now - BigInt(maxAgeDays) * DAY_NANOS, latestNanos: now + BigInt(maxSkewHours) * HOUR_NANOS };
}

export function validateSpan(span: DecodedSpan, window: TimeWindow): RejectReason | undefined {
  if (!TRACE_ID.test(span.traceId) || span.traceId === ZERO_TRACE || !SPAN_ID.test(span.spanId) || span.spanId === ZERO_SPAN)
    return "invalid_id";
  if (span.parentSpanId !== "" && !SPAN_ID.test(span.parentSpanId)) return "invalid_id";
  if (span.startTimeUnixNano <= 0n || span.endTimeUnixNano < span.startTimeUnixNano) return "invalid_time";
  if (span.endTimeUnixNano > LATEST_STORABLE_NANOS || span.events.some((event) => event.timeUnixNano > LATEST_STORABLE_NANOS))
    return "invalid_time";
  if (span.startTimeUnixNano < window.earliestNanos || span.startTimeUnixNano > window.latestNanos) return "time_out_of_range";
  for (const key in span.attributes) {
    if (key.toLowerCase().includes("token")) {
      const value = span.attributes[key];
      if ((typeof value === "number" && value < 0) || (typeof value === "string" && /^-\d/.test(value))) return "negative_tokens";
    }
  }
  return undefined;
}
