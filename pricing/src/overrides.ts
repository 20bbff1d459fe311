// Checks per-project price overrides and custom models before the pricer uses them, naming the bad field.

import type { PriceSet } from "./catalogue.ts";
import { checkPriceSet, isRecord, parseIsoDate, rejectUnknownKeys } from "./catalogue.ts";
import { PricingError } from "./errors.ts";
import { normalizeName } from "./names.ts";

/** USD per 1M tokens. Strings are exact; numbers are accepted when they print as plain decimals (0.075, not 1e-7). */
export type PriceValue = string | number;

export interface OverridePrices {
  input: PriceValue;
  cachedInput?: PriceValue;
  cacheWrite5m?: PriceValue;
  cacheWrite1h?: PriceValue;
  cacheWrite30m?: PriceValue;
  cacheWrite12h?: PriceValue;
  output: PriceValue;
}

export interface PriceOverride {
  /** A catalogue id or any name the catalogue matches (overrides that model), or a new exact name (a custom model). */
  model: string;
  /** ISO date (YYYY-MM-DD, UTC) from which the override applies; without it, it applies to every call. */
  from?: string;
  prices: OverridePrices;
}

export interface ValidOverride {
  model: string;
  fromMs: number;
  prices: PriceSet;
}

export function validateOverrides(raw: unknown): ValidOverride[] {
  if (raw === undefined) return [];
  if (!Array.isArray(raw)) throw new PricingError("invalid_override", "overrides must be a list", { field: "overrides" });
  const seen = new Set<string>();
  return raw.map((item: unknown, i) => {
    const path = `overrides[${i}]`;
    const fail = (field: string, message: string): never => {
      const model = isRecord(item) && typeof item["model"] === "string" ? item["model"] : undefined;
      throw new PricingError("invalid_override", `${field} ${message}`, model === undefined ? { field } : { field, model });
    };
    if (!isRecord(item)) return fail(path, "must be an object");
    rejectUnknownKeys(item, ["model", "from", "prices"], path, fail);
    const model = item["model"];
    if (typeof model !== "string" || model.trim() === "") return fail(`${path}.model`, "must be a non-empty string");

    let fromMs = Number.NEGATIVE_INFINITY;
    if (item["from"] !== undefined) {
      const parsed = parseIsoDate(item["from"]);
      if (parsed === undefined) return fail(`${path}.from`, "must be a real date written YYYY-MM-DD");
      fromMs = parsed;
    }
    const key = `${normalizeName(model)}@${fromMs}`;
    if (seen.has(key)) return fail(`${path}.from`, `repeats an earlier override of "${model}" with the same start`);
    seen.add(key);

    const pricesRaw = item["prices"];
    if (!isRecord(pricesRaw)) return fail(`${path}.prices`, "must be an object");
    const asText: Record<string, unknown> = {};
    for (const [field, value] of Object.entries(pricesRaw)) {
      if (typeof value === "number") {
        if (!Number.isFinite(value)) return fail(`${path}.prices.${field}`, "must be a finite number");
        asText[field] = String(value);
      } else {
        asText[field] = value;
      }
    }
    return { model: model.trim(), fromMs, prices: checkPriceSet(asText, `${path}.prices`, fail) };
  });
}
