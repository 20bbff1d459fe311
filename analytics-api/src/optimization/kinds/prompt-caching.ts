// prompt_caching (cost): runs that share a stable prefix (system, tools, leading messages; the content-free
// prefix hash) at least as long as the model's minimum cacheable length, sent again while a cache would
// still hold it (within 5 minutes of the previous send), but with few cache reads.
// Savings over the window = reuse runs × prefix tokens × (input − cache-read price) − the cache writes it
// needs (Anthropic: every other send writes the prefix at the write premium; OpenAI caches automatically
// and charges no write) − what was already read from cache × (input − cache-read price), scaled to 30 days.
// Prices are the project's for the model today. For OpenAI the advice is to put the static part first.
import type { PrefixFigures } from "@promptmetrics/clickhouse";
import type { Pricer } from "@promptmetrics/pricing";
import { OPTIMIZATION_THRESHOLDS as T } from "../thresholds.ts";
import { impactOfSavings, type Finding } from "../suggestion.ts";
import { formatUsd9, monthly, picoToNumber, scalePico, toPico } from "../usd.ts";
import { dollars, percent, promptLabel } from "./kind.ts";

/** A cache lasts this long after its last use (Anthropic's default, about OpenAI's too). */
export const CACHE_REUSE_SECONDS = 300;

/**
 * The shortest prefix a model caches, as the providers document it (Anthropic's prompt-caching page as
 * quoted in anthropic-sdk-python#1194, read 2026-12-04; OpenAI: 1,024). Models not listed get the
 * longest known minimum, so no suggestion is made for a prefix they might not cache.
 */
export function minCacheableTokens(provider: string, model: string): number {
  if (provider === "openai") return 1024;
  if (/claude-(3-)?haiku-3|claude-3-5-haiku|claude-3-haiku/.test(model)) return 2048;
  if (/claude-(sonnet-4-6|sonnet-4-5|opus-4-1|opus-4(-2025|$)|sonnet-4(-2025|$)|3-7-sonnet|sonnet-3-7)/.test(model)) return 1024;
  return 4096;
}

/** The smallest minimum of all: the evidence query's floor. */
export const MIN_CACHEABLE_FLOOR = 1024;

/** One prompt, version and model's shared prefixes, with what caching them would save over the window. */
export interface PrefixCachingGroup {
  prompt: string;
  promptVersion: string;
  provider: string;
  model: string;
  prefixes: number;
  runs: number;
  reuseRuns: number;
  longestPrefixTokens: number;
  /** Prefix tokens resent while a cache would hold them, and what of them was read from cache. */
  reuseTokens: bigint;
  readTokens: bigint;
  /** Prefix tokens a cache would have to write (every send not within the reuse time). */
  writeTokens: bigint;
  rates: { input: bigint; read: bigint; write: bigint };
  /** The missed reads at (input − read) less the write premium, over the window; may be 0 or less. */
  windowSavingsPico: bigint;
}

/**
 * The prefixes grouped by prompt, version and model, those at least the model's cacheable minimum and
 * priced for the model; the savings calculator's caching what-if and the kind below share it.
 */
export function prefixCachingGroups(prefixes: readonly PrefixFigures[], pricer: Pricer, at: Date): PrefixCachingGroup[] {
  const grouped = new Map<string, PrefixFigures[]>();
  for (const p of prefixes) {
    if (p.prefixTokens < minCacheableTokens(p.provider, p.model)) continue;
    const key = `${p.prompt}\n${p.promptVersion}\n${p.provider}\n${p.model}`;
    grouped.set(key, [...(grouped.get(key) ?? []), p]);
  }
  const groups: PrefixCachingGroup[] = [];
  for (const group of grouped.values()) {
    const first = group[0]!;
    const rates = cacheRates(pricer, first.provider, first.model, at);
    if (!rates || rates.input <= rates.read) continue;
    let reuseTokens = 0n;
    let readTokens = 0n;
    let writeTokens = 0n;
    let runs = 0;
    let reuseRuns = 0;
    for (const p of group) {
      reuseTokens += BigInt(p.reuseRuns) * BigInt(p.prefixTokens);
      readTokens += BigInt(p.cacheReadTokens);
      writeTokens += BigInt(p.runs - p.reuseRuns) * BigInt(p.prefixTokens);
      runs += p.runs;
      reuseRuns += p.reuseRuns;
    }
    const missedTokens = reuseTokens > readTokens ? reuseTokens - readTokens : 0n;
    const saved = missedTokens * (rates.input - rates.read) - (rates.write > rates.input ? writeTokens * (rates.write - rates.input) : 0n);
    groups.push({
      prompt: first.prompt,
      promptVersion: first.promptVersion,
      provider: first.provider,
      model: first.model,
      prefixes: group.length,
      runs,
      reuseRuns,
      longestPrefixTokens: group.reduce((longest, p) => Math.max(longest, p.prefixTokens), 0),
      reuseTokens,
      readTokens,
      writeTokens,
      rates,
      windowSavingsPico: scalePico(saved, 1n, 1_000_000n),
    });
  }
  return groups;
}

export function promptCachingFindings(
  prefixes: readonly PrefixFigures[],
  { pricer, at, windowDays, monthlyCostUsd }: { pricer: Pricer; at: Date; windowDays: number; monthlyCostUsd: number },
): Finding[] {
  const findings: Finding[] = [];
  for (const group of prefixCachingGroups(prefixes, pricer, at)) {
    if (group.reuseRuns < T.cachingMinReuseRuns) continue;
    // Few reads: what was read is under half of what could have been.
    if (group.readTokens * 2n >= group.reuseTokens || group.windowSavingsPico <= 0n) continue;
    const savings = monthly(group.windowSavingsPico, windowDays);
    const usd = picoToNumber(savings);
    const label = promptLabel(group.prompt, group.promptVersion);
    const anthropic = group.provider === "anthropic";
    findings.push({
      kind: "prompt_caching",
      type: "cost",
      subject: { prompt: group.prompt, promptVersion: group.promptVersion, provider: group.provider, model: group.model },
      title: `Cache the shared prefix of ${label} on ${group.model}`,
      description:
        `${group.reuseRuns} of ${group.runs} runs in the last ${windowDays} days resent a prefix of ${group.longestPrefixTokens} ` +
        `tokens within 5 minutes of the last send, but only ${percent(Number(group.readTokens), Number(group.reuseTokens))} of it was read from cache. ` +
        (anthropic
          ? `Mark the end of the static part with cache_control: `
          : `OpenAI caches automatically only a prefix that is identical from the first token: put the system prompt, tools and fixed examples first and what changes per request last: `) +
        `${dollars(usd)} a month${anthropic ? " after the cache writes" : ""}.`,
      monthlySavingsUsd: formatUsd9(savings),
      confidence: "medium",
      impact: impactOfSavings(usd, monthlyCostUsd),
      evidenceKind: "projected",
      evidence: {
        prefixes: group.prefixes,
        runs: group.runs,
        reuseRuns: group.reuseRuns,
        prefixTokensResent: Number(group.reuseTokens),
        cacheReadTokens: Number(group.readTokens),
        cacheWriteTokensNeeded: anthropic ? Number(group.writeTokens) : 0,
        perMTok: {
          input: formatUsd9(group.rates.input),
          cacheRead: formatUsd9(group.rates.read),
          cacheWrite: formatUsd9(group.rates.write),
        },
        minCacheableTokens: minCacheableTokens(group.provider, group.model),
        reuseWithinSeconds: CACHE_REUSE_SECONDS,
        windowDays,
      },
    });
  }
  return findings;
}

/**
 * Pico-dollars per 1M tokens of plain input, cache reads and (5-minute) cache writes, for the model today,
 * probed with 1,000 tokens: below every long-context threshold (a 1M-token probe would price the long tier).
 */
function cacheRates(pricer: Pricer, provider: string, model: string, at: Date) {
  const PROBE = 1000;
  const price = (usage: { inputTokens: number; cacheReadTokens?: number; cacheWriteTokens?: number }) => {
    const result = pricer.price({ provider, model, at, usage: { outputTokens: 0, ...usage } });
    return result.status === "priced" ? toPico(result.totalUsd) * BigInt(1_000_000 / PROBE) : undefined;
  };
  const input = price({ inputTokens: PROBE });
  const read = price({ inputTokens: PROBE, cacheReadTokens: PROBE });
  const write = price({ inputTokens: PROBE, cacheWriteTokens: PROBE });
  if (input === undefined || read === undefined || write === undefined) return undefined;
  return { input, read, write };
}
