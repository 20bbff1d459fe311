// Attribute readers that accept what exporters really send: int64 counts as decimal strings,
// string arrays JSON-encoded into one string, booleans as "true". Absent and empty read as undefined.
import type { AttrValue, Attributes } from "../otlp/types.ts";

export function readString(attrs: Attributes, key: string): string | undefined {
  const value = attrs[key];
  if (typeof value === "string") return value === "" ? undefined : value;
  if (typeof value === "number" || typeof value === "boolean") return String(value);
  return undefined;
}

export function firstString(attrs: Attributes, keys: readonly string[]): string | undefined {
  for (const key of keys) {
    const value = readString(attrs, key);
    if (value !== undefined) return value;
  }
  return undefined;
}

export function toNumber(value: AttrValue | undefined): number | undefined {
  if (typeof value === "number") return Number.isFinite(value) ? value : undefined;
  if (typeof value === "string" && value.trim() !== "") {
    const parsed = Number(value);
    return Number.isFinite(parsed) ? parsed : undefined;
  }
  return undefined;
}

export function readNumber(attrs: Attributes, key: string): number | undefined {
  return toNumber(attrs[key]);
}

export function firstNumber(attrs: Attributes, keys: readonly string[]): number | undefined {
  for (const key of keys) {
    const value = toNumber(attrs[key]);
    if (value !== undefined) return value;
  }
  return undefined;
}

export function readBool(attrs: Attributes, key: string): boolean {
  const value = attrs[key];
  return value === true || value === "true" || value === 1;
}

/** A string list from an array, a JSON-encoded array, or a comma-separated string. */
export function readStringList(attrs: Attributes, key: string): string[] {
  return toStringList(attrs[key]);
}

export function toStringList(value: AttrValue | undefined): string[] {
  if (Array.isArray(value)) return compactStrings(value);
  if (typeof value !== "string") return [];
  const trimmed = value.trim();
  if (trimmed === "") return [];
  if (trimmed.startsWith("[")) {
    try {
      const parsed: unknown = JSON.parse(trimmed);
      if (Array.isArray(parsed)) return compactStrings(parsed);
    } catch {
      // Not JSON after all: fall through to the comma list.
    }
  }
  return compactStrings(trimmed.split(","));
}

function compactStrings(values: readonly unknown[]): string[] {
  const out: string[] = [];
  for (const item of values) {
    if (typeof item === "string") {
      const trimmed = item.trim();
      if (trimmed !== "") out.push(trimmed);
    } else if (typeof item === "number" || typeof item === "boolean") {
      out.push(String(item));
    }
  }
  return out;
}

/** Parses JSON found in an attribute; undefined when it is not JSON. Call only when content is present. */
export function parseJson(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return undefined;
  }
}

export function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}
