// Converts JS values into the text form ClickHouse parses for `{name:Type}` parameters, identically on
// both backends (the server client and chDB would otherwise format Dates differently).

export function toClickHouseParams(params: Readonly<Record<string, unknown>> | undefined): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  if (!params) return out;
  for (const [name, value] of Object.entries(params)) out[name] = toParamValue(value);
  return out;
}

function toParamValue(value: unknown): unknown {
  if (value instanceof Date) return formatUtcDateTime(value);
  if (Array.isArray(value)) return value.map(toParamValue);
  if (typeof value === "bigint") return value.toString();
  if (typeof value === "boolean") return value ? 1 : 0;
  return value;
}

/** `2026-11-25 10:00:00.123` in UTC: accepted by DateTime and DateTime64 parameters alike. */
export function formatUtcDateTime(date: Date): string {
  if (Number.isNaN(date.getTime())) throw new RangeError("Invalid Date given as a query parameter");
  return date.toISOString().replace("T", " ").replace("Z", "");
}
