// Exact-repeat cache of the gateway: a call asked with `x-promptmetrics-cache` (or by its routing rule)
// whose project, API path and request body (keys sorted, so the order of fields does not matter) equal an
// earlier successful call's is answered from memory, streamed answers replayed as the same event stream. In-process and bounded: up
// to MAX_ENTRY_BYTES an answer, least recently used dropped past the total; each replica has its own.
import { createHash } from "node:crypto";
import type { CallFacts } from "./call-facts.ts";

export const MAX_ENTRY_BYTES = 1024 * 1024;
export const DEFAULT_TTL_S = 3600;
const MAX_TTL_S = 86_400;

export interface CachedAnswer {
  contentType: string;
  body: Buffer;
  facts: CallFacts;
  expiresAt: number;
}

export class ResponseCache {
  private readonly entries = new Map<string, CachedAnswer>();
  private bytes = 0;
  private readonly maxBytes: number;

  constructor(maxBytes: number) {
    this.maxBytes = maxBytes;
  }

  get(key: string, now: number): CachedAnswer | undefined {
    const entry = this.entries.get(key);
    if (!entry) return undefined;
    this.entries.delete(key);
    if (entry.expiresAt <= now) {
      this.bytes -= entry.body.length;
      return undefined;
    }
    this.entries.set(key, entry); // most recently used last
    return entry;
  }

  set(key: string, entry: CachedAnswer): void {
    if (entry.body.length > MAX_ENTRY_BYTES || entry.body.length > this.maxBytes) return;
    const old = this.entries.get(key);
    if (old) {
      this.bytes -= old.body.length;
      this.entries.delete(key);
    }
    this.entries.set(key, entry);
    this.bytes += entry.body.length;
    for (const [oldest, dropped] of this.entries) {
      if (this.bytes <= this.maxBytes) break;
      this.entries.delete(oldest);
      this.bytes -= dropped.body.length;
    }
  }

  get size(): number {
    return this.entries.size;
  }
}

/**
 * `x-promptmetrics-cache`: "true" (an hour) or seconds up to a day; 0 for "false" or "0" (not cached,
 * whatever a routing rule says); undefined when absent or invalid (a rule may then turn the cache on).
 */
export function cacheTtlFrom(header: string): number | undefined {
  const value = header.trim().toLowerCase();
  if (value === "true" || value === "1") return DEFAULT_TTL_S;
  if (value === "false") return 0;
  if (!/^\d{1,6}$/.test(value)) return undefined;
  const seconds = Number(value);
  return Math.min(seconds, MAX_TTL_S);
}

export function cacheKey(projectId: string, dialect: string, path: string, body: unknown): string {
  return createHash("sha256")
    .update(`${projectId}\u0000${dialect}\u0000${path}\u0000${canonicalJson(body)}`)
    .digest("hex");
}

/** JSON with every object's keys sorted. */
export function canonicalJson(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(canonicalJson).join(",")}]`;
  if (value && typeof value === "object") {
    const entries = Object.keys(value as Record<string, unknown>)
      .sort()
      .map((key) => `${JSON.stringify(key)}:${canonicalJson((value as Record<string, unknown>)[key])}`);
    return `{${entries.join(",")}}`;
  }
  return JSON.stringify(value) ?? "null";
}
