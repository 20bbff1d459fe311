// model_switch (cost): for a prompt (and version) served by model A, a cheaper model B.
// - Measured, when B has served the same prompt: both have at least compareMinRuns runs, B costs less per
//   run there, and B is shown not worse than A with 95% confidence: success rate and heuristic quality rate
//   (no failing heuristic) by Newcombe's hybrid score interval of the difference (margin 5 points), mean rating by Welch's interval (margin 0.25 stars)
//   when both have at least switchMinRatings ratings. Confidence high from switchHighConfidenceRuns runs
//   each, else medium.
// - Untested, when no model qualifies that way: a cheaper model that served the prompt and is no worse as
//   a point estimate but not yet shown so (too few runs), or a model of the same provider the project uses
//   elsewhere (compareMinRuns runs, success no worse than A's by the margin as a point estimate), proposed
//   as an experiment with low confidence.
// Savings (engine.ts, with the savings calculator's machinery): A's runs on the prompt in the window
// re-priced at B's prices with A's own token counts, bucket by bucket, minus what they cost; the best B
// per (prompt, A) is kept, and only a positive saving is a finding.
import type { PromptModelFigures } from "@promptmetrics/clickhouse";
import { OPTIMIZATION_THRESHOLDS as T } from "../thresholds.ts";
import { meanDifferenceInterval, notWorse, proportionDifferenceInterval, wilsonInterval, type Interval } from "../stats.ts";
import { impactOfSavings, type Finding } from "../suggestion.ts";
import { formatUsd9, picoToNumber, scalePico, toPico } from "../usd.ts";
import { dollars, percent, promptLabel } from "./kind.ts";

export interface SwitchCandidate {
  prompt: string;
  promptVersion: string;
  provider: string;
  from: PromptModelFigures;
  toModel: string;
  /** B's figures on the same prompt when it served it (measured); undefined for an experiment. */
  measured?: { to: PromptModelFigures; success: Interval; quality: Interval; rating: Interval | null };
  /** For an experiment: B's runs and failures (on this prompt when it served it, else across the project). */
  elsewhere?: { runs: number; errors: number };
  /** For an experiment with a model that served the prompt: what was measured, not yet enough to show "not worse". */
  inconclusive?: { to: PromptModelFigures; success: Interval; quality: Interval; rating: Interval | null };
}

const successes = (f: { runs: number; errors: number }) => f.runs - f.errors;

/** The pairs worth pricing: measured ones where they exist for a (prompt, A), else experiments. */
export function modelSwitchCandidates(figures: readonly PromptModelFigures[], isPriced: (model: string) => boolean): SwitchCandidate[] {
  const byPrompt = new Map<string, PromptModelFigures[]>();
  for (const f of figures) {
    if (f.prompt === "" || f.runs < T.compareMinRuns) continue;
    const key = `${f.prompt}\n${f.promptVersion}`;
    byPrompt.set(key, [...(byPrompt.get(key) ?? []), f]);
  }
  // Each model's traffic across the project, for experiments.
  const byModel = new Map<string, { provider: string; runs: number; errors: number }>();
  for (const f of figures) {
    const entry = byModel.get(f.model) ?? { provider: f.provider, runs: 0, errors: 0 };
    entry.runs += f.runs;
    entry.errors += f.errors;
    byModel.set(f.model, entry);
  }

  const candidates: SwitchCandidate[] = [];
  for (const group of byPrompt.values()) {
    for (const a of group) {
      if (a.unpricedRuns === a.runs || toPico(a.costUsd) === 0n) continue;
      const aCostPerRun = toPico(a.costUsd) / BigInt(a.runs);
      const measured: SwitchCandidate[] = [];
      const inconclusive: SwitchCandidate[] = [];
      for (const b of group) {
        if (b === a || b.unpricedRuns === b.runs || toPico(b.costUsd) / BigInt(b.runs) >= aCostPerRun) continue;
        // No worse as a point estimate, or it is not a candidate at all.
        if (b.errors / b.runs > a.errors / a.runs + T.switchSuccessMargin) continue;
        if (b.qualityOkRuns / b.runs < a.qualityOkRuns / a.runs - T.switchSuccessMargin) continue;
        const rated = a.ratedRuns >= T.switchMinRatings && b.ratedRuns >= T.switchMinRatings;
        // Too few ratings to test, but enough to see B rated clearly lower: not a candidate either.
        const someRatings = a.ratedRuns >= T.switchMinPointRatings && b.ratedRuns >= T.switchMinPointRatings;
        if (someRatings && (b.meanRating ?? 0) < (a.meanRating ?? 0) - T.switchRatingMargin) continue;
        const success = proportionDifferenceInterval(successes(a), a.runs, successes(b), b.runs);
        const quality = proportionDifferenceInterval(a.qualityOkRuns, a.runs, b.qualityOkRuns, b.runs);
        const rating = rated
          ? (meanDifferenceInterval(
              { n: a.ratedRuns, mean: a.meanRating ?? 0, sd: a.ratingSd ?? 0 },
              { n: b.ratedRuns, mean: b.meanRating ?? 0, sd: b.ratingSd ?? 0 },
            ) ?? null)
          : null;
        const shown =
          notWorse(success, T.switchSuccessMargin) &&
          notWorse(quality, T.switchSuccessMargin) &&
          (!rated || notWorse(rating ?? undefined, T.switchRatingMargin));
        const candidate = { prompt: a.prompt, promptVersion: a.promptVersion, provider: a.provider, from: a, toModel: b.model };
        if (shown) measured.push({ ...candidate, measured: { to: b, success, quality, rating } });
        else
          inconclusive.push({
            ...candidate,
            elsewhere: { runs: b.runs, errors: b.errors },
            inconclusive: { to: b, success, quality, rating },
          });
      }
      if (measured.length > 0) {
        candidates.push(...measured);
        continue;
      }
      candidates.push(...inconclusive);
      const served = new Set(group.map((f) => f.model));
      for (const [model, elsewhere] of byModel) {
        if (served.has(model) || elsewhere.provider !== a.provider || elsewhere.runs < T.compareMinRuns || !isPriced(model)) continue;
        if (elsewhere.errors / elsewhere.runs > a.errors / a.runs + T.switchSuccessMargin) continue;
        candidates.push({ prompt: a.prompt, promptVersion: a.promptVersion, provider: a.provider, from: a, toModel: model, elsewhere });
      }
    }
  }
  return candidates;
}

export interface PricedSwitch {
  candidate: SwitchCandidate;
  /** What A's runs on the prompt would have saved at B's prices over the window (pico-dollars). */
  windowSavingsPico: bigint;
  /** What they cost, and would have cost at B. */
  currentCostUsd: string;
  projectedCostUsd: string;
  matchedRuns: number;
}

/** The best positive switch per (prompt, version, A), as findings. */
export function modelSwitchFindings(priced: readonly PricedSwitch[], windowDays: number, monthlyCostUsd: number): Finding[] {
  const best = new Map<string, PricedSwitch>();
  for (const entry of priced) {
    if (entry.windowSavingsPico <= 0n) continue;
    const { candidate } = entry;
    const key = `${candidate.prompt}\n${candidate.promptVersion}\n${candidate.from.model}`;
    const current = best.get(key);
    const better =
      !current ||
      (current.candidate.measured === undefined && candidate.measured !== undefined) ||
      ((current.candidate.measured === undefined) === (candidate.measured === undefined) &&
        entry.windowSavingsPico > current.windowSavingsPico);
    if (better) best.set(key, entry);
  }
  // Experiments are advice to measure, not to act: only the largest few, and only those worth 1% of the
  // project's monthly cost, so they do not bury the measured findings.
  const chosen = [...best.values()];
  const measured = chosen.filter((entry) => entry.candidate.measured !== undefined);
  const monthlyCostPico = BigInt(Math.round(monthlyCostUsd * 1e12));
  const experiments = chosen
    .filter((entry) => entry.candidate.measured === undefined)
    .filter(
      (entry) => scalePico(entry.windowSavingsPico, 30n, BigInt(windowDays)) * 100n >= monthlyCostPico * BigInt(T.experimentMinPercent),
    )
    .sort((a, b) => (b.windowSavingsPico > a.windowSavingsPico ? 1 : b.windowSavingsPico < a.windowSavingsPico ? -1 : 0))
    .slice(0, T.maxExperiments);
  return [...measured, ...experiments].map((entry) => switchFinding(entry, windowDays, monthlyCostUsd));
}

function switchFinding(
  { candidate, windowSavingsPico, currentCostUsd, projectedCostUsd, matchedRuns }: PricedSwitch,
  windowDays: number,
  monthlyCostUsd: number,
): Finding {
  const { from: a, toModel, measured, elsewhere } = candidate;
  const savings = scalePico(windowSavingsPico, 30n, BigInt(windowDays));
  const usd = picoToNumber(savings);
  const label = promptLabel(candidate.prompt, candidate.promptVersion);
  const side = (f: PromptModelFigures) => ({
    model: f.model,
    runs: f.runs,
    successRate: successes(f) / f.runs,
    successInterval: wilsonInterval(successes(f), f.runs),
    qualityRate: f.qualityOkRuns / f.runs,
    qualityInterval: wilsonInterval(f.qualityOkRuns, f.runs),
    ratedRuns: f.ratedRuns,
    meanRating: f.meanRating,
    costPerRunUsd: formatUsd9(scalePico(toPico(f.costUsd), 1n, BigInt(f.runs))),
    p95LatencyMs: f.p95LatencyMs,
  });
  const common = {
    subject: { prompt: candidate.prompt, promptVersion: candidate.promptVersion, provider: candidate.provider, model: a.model, toModel },
    monthlySavingsUsd: formatUsd9(savings),
    impact: impactOfSavings(usd, monthlyCostUsd),
  };
  const repriced = { matchedRuns, currentCostUsd, projectedCostUsd, windowDays };
  if (measured) {
    const b = measured.to;
    const high = a.runs >= T.switchHighConfidenceRuns && b.runs >= T.switchHighConfidenceRuns;
    return {
      kind: "model_switch",
      type: "cost",
      ...common,
      title: `Switch ${label} from ${a.model} to ${toModel}`,
      description:
        `${toModel} already serves ${label}: ${b.runs} runs, ${percent(successes(b), b.runs)} successful against ${percent(successes(a), a.runs)} ` +
        `on ${a.model}${b.meanRating !== null && a.meanRating !== null ? `, rated ${b.meanRating.toFixed(2)} against ${a.meanRating.toFixed(2)}` : ""}. ` +
        `${a.model}'s ${matchedRuns} runs would have cost ${dollars(usd)} a month less at ${toModel}'s prices.`,
      confidence: high ? "high" : "medium",
      evidenceKind: "measured",
      evidence: {
        from: side(a),
        to: side(b),
        tests: {
          method:
            "95% intervals of (to − from): Newcombe's hybrid score interval for the success rate and the heuristic quality rate, Welch's for the mean rating",
          success: { difference: measured.success, margin: T.switchSuccessMargin, notWorse: true },
          quality: { difference: measured.quality, margin: T.switchSuccessMargin, notWorse: true },
          rating:
            measured.rating === null
              ? { tested: false, reason: `fewer than ${T.switchMinRatings} ratings on a side` }
              : { difference: measured.rating, margin: T.switchRatingMargin, notWorse: true },
        },
        repriced,
      },
    };
  }
  const servedHere = candidate.inconclusive !== undefined;
  return {
    kind: "model_switch",
    type: "cost",
    ...common,
    title: `Try ${toModel} instead of ${a.model} on ${label} (experiment)`,
    description:
      (servedHere
        ? `${toModel} served ${label} ${elsewhere?.runs ?? 0} times, too few to show it is no worse than ${a.model}. `
        : `${toModel} has not served ${label}, but the project uses it elsewhere (${elsewhere?.runs ?? 0} runs). `) +
      `${a.model}'s ${matchedRuns} runs would have cost ${dollars(usd)} a month less at its prices. Send a share of this ` +
      `prompt to ${toModel} and compare success and ratings here before switching.`,
    confidence: "low",
    evidenceKind: "untested",
    evidence: {
      from: side(a),
      to: servedHere
        ? side(candidate.inconclusive!.to)
        : { model: toModel, runsElsewhere: elsewhere?.runs ?? 0, errorsElsewhere: elsewhere?.errors ?? 0 },
      ...(servedHere
        ? {
            tests: {
              success: { difference: candidate.inconclusive!.success, margin: T.switchSuccessMargin, notWorse: false },
              rating: candidate.inconclusive!.rating,
            },
          }
        : {}),
      repriced,
    },
  };
}
