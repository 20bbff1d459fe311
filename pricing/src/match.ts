// Resolves the model names real traffic carries (provider prefixes, dated snapshots, Bedrock and
// Vertex ids, fine-tunes, Azure deployment names) to one catalogue entry, or undefined for unknown.

import type { Catalogue, CatalogueEntry } from "./catalogue.ts";
import { namesOf } from "./catalogue.ts";
import { PricingError } from "./errors.ts";
import { azureOpenAIName, canonicalClaudeName, normalizeName, RELEASE_SUFFIX } from "./names.ts";

export interface MatcherOptions {
  /** Azure deployment name → model name or catalogue id, consulted before any other rule. */
  azureDeployments?: Record<string, string>;
  /** Most distinct raw names remembered; runs once per ingested span, so repeats must be cheap. */
  cacheSize?: number;
}

export interface Matcher<T> {
  /**
   * The entry a model name belongs to, or undefined when no rule identifies it. `provider` is
   * accepted for symmetry with spans; the name alone decides, because an Azure deployment is
   * found by its name whether or not the span says "azure".
   */
  match(model: string, provider?: string): T | undefined;
}

const DEFAULT_CACHE_SIZE = 10_000;

// Bedrock ids: optional cross-region profile ("us.", "eu.", "apac.", "global.", "us-gov."), the vendor,
// then the model; the tail carries a version ("-v1:0") and sometimes a context variant (":200k").
const BEDROCK_ID = /^(?:[a-z]{2,6}(?:-[a-z]{2,6})?\.)?(?:anthropic|openai)\.(.+)$/;
const BEDROCK_VERSION = /-v\d+$/;

/**
 * Builds a matcher over exact names. Rules only ever rewrite the incoming name into a more canonical
 * one and then look it up exactly; there is deliberately no prefix or fuzzy fallback, because
 * "o3-pro" or "gpt-4-32k" would then be priced as o3 or gpt-4. The longest name always wins by
 * construction: "gpt-4o-mini-2024-07-18" becomes "gpt-4o-mini", never "gpt-4o".
 */
export function createMatcher<T extends { id: string }>(names: Iterable<readonly [string, T]>, options: MatcherOptions = {}): Matcher<T> {
  const index = new Map<string, T>();
  for (const [name, value] of names) index.set(normalizeName(name), value);

  const byRules = (name: string): T | undefined => {
    const direct = index.get(name);
    if (direct !== undefined) return direct;

    // Provider prefixes ("openai/", "bedrock/", "vertex_ai/"), OpenRouter-style vendor paths and
    // Vertex resource paths all end in the model name; no catalogue name contains a slash.
    let bare = name.slice(name.lastIndexOf("/") + 1);
    if (bare.startsWith("ft:")) return fineTuned(bare);

    const bedrock = BEDROCK_ID.exec(bare);
    if (bedrock?.[1] !== undefined) bare = bedrock[1].replace(/:.*$/, "").replace(BEDROCK_VERSION, "");
    // Vertex pins the version after "@": claude-sonnet-4-5@20250929.
    const at = bare.indexOf("@");
    if (at >= 0) bare = bare.slice(0, at);
    // Routers write claude-3.5-sonnet, claude-sonnet-4.5 or Helicone's claude-4.5-sonnet; Bedrock ids
    // also come without "anthropic." (claude-sonnet-4-5-20250929-v1:0); Claude Code adds [1m].
    bare = azureOpenAIName(canonicalClaudeName(bare));

    return index.get(bare) ?? index.get(bare.replace(RELEASE_SUFFIX, ""));
  };

  // "ft:<base>:<org>:<name>:<id>": priced by the fine-tune entry of the base model. When the base is
  // known but has no fine-tune price we return nothing: base prices would undercount (ft costs ~2×).
  const fineTuned = (name: string): T | undefined => {
    const base = name.slice(3).split(":")[0] ?? "";
    const exact = index.get(`ft:${base}`);
    if (exact !== undefined) return exact;
    const resolvedBase = base === "" ? undefined : byRules(base);
    return resolvedBase === undefined ? undefined : index.get(`ft:${normalizeName(resolvedBase.id)}`);
  };

  const deployments = new Map<string, string>();
  for (const [deployment, target] of Object.entries(options.azureDeployments ?? {})) {
    const key = normalizeName(deployment);
    const value = normalizeName(target);
    const field = `azureDeployments.${deployment}`;
    if (key === "" || value === "") throw new PricingError("invalid_config", `${field}: deployment and model must be non-empty`, { field });
    if (byRules(value) === undefined) {
      throw new PricingError("invalid_config", `${field}: model "${target}" is not in the catalogue or the custom models`, {
        field,
        model: target,
      });
    }
    const previous = deployments.get(key);
    if (previous !== undefined && previous !== value) {
      throw new PricingError("invalid_config", `${field}: deployment is listed twice (names are case-insensitive)`, { field });
    }
    deployments.set(key, value);
  }

  const resolve = (raw: string): T | undefined => {
    const name = normalizeName(raw);
    if (name === "") return undefined;
    // Deployment names are arbitrary ("prod-chat"), so they must be translated before any rule runs.
    const deployed = deployments.get(name) ?? (name.startsWith("azure/") ? deployments.get(name.slice(6)) : undefined);
    return byRules(deployed ?? name);
  };

  const cacheSize = options.cacheSize ?? DEFAULT_CACHE_SIZE;
  const cache = new Map<string, T | null>();
  return {
    match(model: string): T | undefined {
      const hit = cache.get(model);
      if (hit !== undefined) return hit ?? undefined;
      const found = resolve(model);
      if (cache.size >= cacheSize) {
        // Maps iterate in insertion order, so the first key is the oldest: evict it.
        const oldest = cache.keys().next();
        if (!oldest.done) cache.delete(oldest.value);
      }
      cache.set(model, found ?? null);
      return found;
    },
  };
}

/** A matcher over the catalogue alone, keyed by every id, snapshot and alias. */
export function createCatalogueMatcher(catalogue: Catalogue, options: MatcherOptions = {}): Matcher<CatalogueEntry> {
  const names: [string, CatalogueEntry][] = [];
  for (const entry of catalogue.models) for (const name of namesOf(entry)) names.push([name, entry]);
  return createMatcher(names, options);
}
