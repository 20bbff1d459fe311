// Reads request parameters into gen_ai.request.* attributes, skipping values of the wrong type.
import type { Attributes } from "@opentelemetry/api";
import { isObject, type JsonObject } from "./internal-types.ts";

export function setNumber(attributes: Attributes, key: string, value: unknown): void {
  if (typeof value === "number" && Number.isFinite(value)) attributes[key] = value;
}

export function setString(attributes: Attributes, key: string, value: unknown): void {
  if (typeof value === "string" && value !== "") attributes[key] = value;
}

export function setStringList(attributes: Attributes, key: string, value: unknown): void {
  if (typeof value === "string" && value !== "") attributes[key] = [value];
  else if (Array.isArray(value)) {
    const strings = value.filter((item): item is string => typeof item === "string");
    if (strings.length > 0) attributes[key] = strings;
  }
}

export function readModel(body: JsonObject): string {
  return typeof body["model"] === "string" ? body["model"] : "";
}

/** A non-negative integer count, or 0. */
export function count(value: unknown): number {
  return typeof value === "number" && Number.isFinite(value) && value > 0 ? Math.floor(value) : 0;
}

export function field(value: unknown, key: string): unknown {
  return isObject(value) ? value[key] : undefined;
}
