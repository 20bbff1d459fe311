// Nanosecond timestamps to the `YYYY-MM-DD hh:mm:ss.nnnnnnnnn` UTC text that DateTime64(9) columns take.

const NANOS_PER_MILLI = 1_000_000n;

export function formatNanos(unixNanos: bigint): string {
  const millis = unixNanos / NANOS_PER_MILLI;
  const iso = new Date(Number(millis)).toISOString(); // 2026-11-25T10:00:00.123Z
  const subMilli = (unixNanos % NANOS_PER_MILLI).toString().padStart(6, "0");
  return `${iso.slice(0, 10)} ${iso.slice(11, 23)}${subMilli}`;
}
