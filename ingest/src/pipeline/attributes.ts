// OTLP attribute values to the Map(String, String) columns: strings as they are, other scalars as text,
// arrays and maps as JSON; values over the size limit are cut with a visible marker.
import type { AttrValue, Attributes } from "../otlp/types.ts";

export function stringifyAttribute(value: AttrValue): string {
  if (typeof value === "string") return value;
  if (value === null) return "";
  if (typeof value === "number" || typeof value === "boolean") return String(value);
  return JSON.stringify(value);
}

export function truncateText(text: string, maxBytes: number): { text: string; truncated: boolean } {
  // Cheap check first: a string's UTF-8 size is at most 3 bytes per UTF-16 unit.
  if (text.length * 3 <= maxBytes || Buffer.byteLength(text, "utf8") <= maxBytes) return { text, truncated: false };
  const bytes = Buffer.from(text, "utf8");
  let end = maxBytes;
  while (end > 0 && (bytes[end]! & 0xc0) === 0x80) end--; // do not cut a UTF-8 sequence in half
  return { text: `${bytes.subarray(0, end).toString("utf8")}…[truncated ${bytes.length - end} bytes]`, truncated: true };
}

export function toStringMap(attributes: Attributes, maxBytes: number): { map: Record<string, string>; truncated: number } {
  const map: Record<string, string> = {};
  let truncated = 0;
  for (const key in attributes) {
    const result = truncateText(stringifyAttribute(attributes[key]!), maxBytes);
    if (result.truncated) truncated++;
    map[key] = result.text;
  }
  return { map, truncated };
}
