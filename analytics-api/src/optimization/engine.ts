// The optimization engine: recomputes a project's suggestions from its last `windowDays` of runs. Reads
// the evidence (one query), runs every kind (pure functions, kinds/), reconciles the findings with the
// stored suggestions (reconcile.ts) and writes the versions that changed. Runs under the project's store
// lock, so an on-demand refresh and the hourly job on another replica never interleave their writes.
import {
  getOptimizationSettings,
  insertSuggestionVersions,
  listDuplicateFigures,
  listPrefixFigures,
  listPromptModelFigures,
  listSuggestions,
  sumPromptModelUsage,
  type OptimizationSettingsRecord,
  type PromptModelFigures,
  type Store,
} from "@promptmetrics/clickhouse";
import type { Pricer } from "@promptmetrics/pricing";
import { createStoreLock } from "../locks/store-lock.ts";
import { batchApiFindings } from "./kinds/batch-api.ts";
import { errorWasteFindings } from "./kinds/error-waste.ts";
import type { KindInput, SuggestionKindFunction } from "./kinds/kind.ts";
import { duplicateRequestFindings } from "./kinds/duplicate-requests.ts";
import { CACHE_REUSE_SECONDS, MIN_CACHEABLE_FLOOR, promptCachingFindings } from "./kinds/prompt-caching.ts";
import { modelSwitchCandidates, modelSwitchFindings, type PricedSwitch, type SwitchCandidate } from "./kinds/model-switch.ts";
import { slowModelFindings } from "./kinds/slow-model.ts";
import { computeSavings } from "./savings.ts";
import type { SavingsRequest } from "./savings-schemas.ts";
import { truncationFindings } from "./kinds/truncation.ts";
import { unknownPriceFindings } from "./kinds/unknown-price.ts";
import { reconcileSuggestions } from "./reconcile.ts";
import type { Finding } from "./suggestion.ts";
import { OPTIMIZATION_THRESHOLDS } from "./thresholds.ts";
import { monthly, picoToNumber, toPico } from "./usd.ts";

/** Every kind the engine runs, in the order their findings are listed before sorting by savings. */
export const SUGGESTION_KIND_FUNCTIONS: readonly SuggestionKindFunction[] = [
  unknownPriceFindings,
  batchApiFindings,
  errorWasteFindings,
  truncationFindings,
  slowModelFindings,
];

const DAY_MS = 86_400_000;

export interface RefreshOptions {
  store: Store;
  projectId: string;
  pricer: Pricer;
  now: Date;
  /** @default the project's setting, else 30 */
  windowDays?: number;
}

export interface RefreshReport {
  projectId: string;
  findings: number;
  written: number;
  tookMs: number;
}

/** Recomputes one project's suggestions now. */
export async function refreshProjectSuggestions({ store, projectId, pricer, now, windowDays }: RefreshOptions): Promise<RefreshReport> {
  const started = performance.now();
  const settings = await projectOptimizationSettings(store, projectId);
  const window = windowDays ?? settings.windowDays;
  const findings = await findSuggestions({ store, projectId, pricer, now, windowDays: window, settings });
  const lock = createStoreLock({ store, name: `optimization:${projectId}`, giveUpAfterMs: 30_000 });
  const written = await lock(async () => {
    const stored = await listSuggestions(store, { projectId });
    const writes = reconcileSuggestions({ projectId, stored, findings, now, windowDays: window });
    await insertSuggestionVersions(store, writes);
    return writes.length;
  });
  return { projectId, findings: findings.length, written, tookMs: performance.now() - started };
}

export interface ProjectOptimizationSettings {
  windowDays: number;
  offlineTags: string[];
  offlineServices: string[];
}

/** The project's settings, or the defaults (30 days, nothing marked offline). */
export async function projectOptimizationSettings(store: Store, projectId: string): Promise<ProjectOptimizationSettings> {
  return settingsOrDefaults(await getOptimizationSettings(store, { projectId }));
}

/** Stored settings (or none) with the engine's defaults for what is not set. */
export function settingsOrDefaults(stored: OptimizationSettingsRecord | undefined): ProjectOptimizationSettings {
  return {
    windowDays: stored?.windowDays ?? OPTIMIZATION_THRESHOLDS.windowDays,
    offlineTags: stored?.offlineTags ?? [],
    offlineServices: stored?.offlineServices ?? [],
  };
}

/** The findings of every kind for a project's window, without storing anything. */
export async function findSuggestions({
  store,
  projectId,
  pricer,
  now,
  windowDays,
  settings,
}: Required<Omit<RefreshOptions, "windowDays">> & { windowDays: number; settings: ProjectOptimizationSettings }): Promise<Finding[]> {
  const from = new Date(now.getTime() - windowDays * DAY_MS);
  const [figures, duplicates, prefixes] = await Promise.all([
    listPromptModelFigures(store, {
      projectId,
      from,
      to: now,
      offlineTags: settings.offlineTags,
      offlineServices: settings.offlineServices,
    }),
    listDuplicateFigures(store, { projectId, from, to: now }),
    listPrefixFigures(store, { projectId, from, to: now, minTokens: MIN_CACHEABLE_FLOOR, reuseSeconds: CACHE_REUSE_SECONDS }),
  ]);
  const windowCost = figures.reduce((sum, f) => sum + toPico(f.costUsd), 0n);
  const input: KindInput = { figures, windowDays, monthlyCostUsd: picoToNumber(monthly(windowCost, windowDays)), pricer, at: now };
  const switches = await priceSwitches({ store, projectId, pricer, from, to: now, figures });
  return withSubjectQuality(
    [
      ...SUGGESTION_KIND_FUNCTIONS.flatMap((kind) => kind(input)),
      ...modelSwitchFindings(switches, windowDays, input.monthlyCostUsd),
      ...duplicateRequestFindings(duplicates, windowDays, input.monthlyCostUsd),
      ...promptCachingFindings(prefixes, { pricer, at: now, windowDays, monthlyCostUsd: input.monthlyCostUsd }),
    ],
    figures,
  );
}

/**
 * Every suggestion's evidence carries how its subject's traffic fares: runs, success rate and heuristic
 * quality rate (runs with no failing heuristic) over the window, for the prompt, version, provider and
 * model it names (a model switch compares its two sides already).
 */
function withSubjectQuality(findings: Finding[], figures: readonly PromptModelFigures[]): Finding[] {
  return findings.map((finding) => {
    if (finding.kind === "model_switch" || finding.kind === "slow_model") return finding;
    const { prompt, promptVersion, provider, model } = finding.subject;
    let runs = 0;
    let errors = 0;
    let qualityOk = 0;
    for (const f of figures) {
      if (prompt !== undefined && f.prompt !== prompt) continue;
      if (promptVersion !== undefined && f.promptVersion !== promptVersion) continue;
      if (provider !== undefined && f.provider !== provider) continue;
      if (model !== undefined && f.model !== model) continue;
      runs += f.runs;
      errors += f.errors;
      qualityOk += f.qualityOkRuns;
    }
    const subjectTraffic = {
      runs,
      successRate: runs === 0 ? null : (runs - errors) / runs,
      qualityRate: runs === 0 ? null : qualityOk / runs,
    };
    return { ...finding, evidence: { ...finding.evidence, subjectTraffic } };
  });
}

/**
 * Prices the model-switch candidates. Every candidate is first estimated from A's average tokens at B's
 * price today; the best per (prompt, A) (a measured one before an experiment) and at most
 * MAX_PRICED_SWITCHES of those overall are then priced exactly: one store query sums the token buckets
 * of those A traffics (as the savings calculator does), and each re-prices its A's buckets at its B.
 */
async function priceSwitches({
  store,
  projectId,
  pricer,
  from,
  to,
  figures,
}: {
  store: Store;
  projectId: string;
  pricer: Pricer;
  from: Date;
  to: Date;
  figures: readonly PromptModelFigures[];
}): Promise<PricedSwitch[]> {
  const chosen = chooseSwitches(
    modelSwitchCandidates(figures, (model) => pricer.match(model) !== undefined),
    pricer,
    to,
  );
  if (chosen.length === 0) return [];
  const keys = chosen.map((c) => ({ prompt: c.prompt, promptVersion: c.promptVersion, model: c.from.model }));
  const thresholds = [...new Set(chosen.flatMap((c) => pricer.longContextThresholds(c.toModel)))];
  const groups = await sumPromptModelUsage(store, { projectId, from, to, keys, thresholds });
  return chosen.map((candidate, index): PricedSwitch => {
    const request = {
      projectId,
      from,
      to,
      moves: [{ fromModel: candidate.from.model, toModel: candidate.toModel, share: 1, prompt: candidate.prompt }],
    } as SavingsRequest;
    const answer = computeSavings({
      request,
      pricer,
      toModelIds: [pricer.match(candidate.toModel)?.modelId ?? candidate.toModel],
      groups: groups.filter((group) => group.move === index).map((group) => ({ ...group, move: 0, matchedMoves: [0] })),
      projectCosts: [],
    });
    const [moved] = answer.moves;
    return {
      candidate,
      windowSavingsPico: toPico(moved?.savingsUsd ?? "0"),
      currentCostUsd: moved?.currentCostUsd ?? "0",
      projectedCostUsd: moved?.projectedCostUsd ?? "0",
      matchedRuns: moved?.matchedRuns ?? 0,
    };
  });
}

/** At most this many switches are priced exactly per recomputation (the largest estimated savings). */
export const MAX_PRICED_SWITCHES = 100;

/** One candidate per (prompt, version, A), the largest estimated saving, measured before untested. */
function chooseSwitches(candidates: readonly SwitchCandidate[], pricer: Pricer, at: Date): SwitchCandidate[] {
  const best = new Map<string, { candidate: SwitchCandidate; estimate: number }>();
  for (const candidate of candidates) {
    const estimate = estimateSavings(candidate, pricer, at);
    if (estimate <= 0) continue;
    const key = `${candidate.prompt}\n${candidate.promptVersion}\n${candidate.from.model}`;
    const current = best.get(key);
    const measured = candidate.measured !== undefined;
    const currentMeasured = current?.candidate.measured !== undefined;
    if (!current || (measured && !currentMeasured) || (measured === currentMeasured && estimate > current.estimate))
      best.set(key, { candidate, estimate });
  }
  return [...best.values()]
    .sort((a, b) => b.estimate - a.estimate)
    .slice(0, MAX_PRICED_SWITCHES)
    .map((entry) => entry.candidate);
}

/** A's cost minus its runs at B's price for A's average request (USD, a float: for ranking only). */
function estimateSavings(candidate: SwitchCandidate, pricer: Pricer, at: Date): number {
  const a = candidate.from;
  const runs = a.runs - a.unpricedRuns;
  if (runs <= 0) return 0;
  const per = (tokens: number) => Math.round(tokens / a.runs);
  const priced = pricer.price({
    model: candidate.toModel,
    provider: candidate.provider,
    at,
    usage: {
      inputTokens: per(a.tokens.input),
      cacheReadTokens: per(a.tokens.cacheRead),
      cacheWriteTokens: per(a.tokens.cacheWrite),
      outputTokens: per(a.tokens.output),
      reasoningTokens: per(a.tokens.reasoning),
    },
  });
  if (priced.status !== "priced") return 0;
  return picoToNumber(toPico(a.costUsd)) - priced.totalUsdNumber * runs;
}
