// Realized savings of an applied suggestion: its subject's traffic before the apply (the suggestion's
// window, ending at the apply) against the traffic since, per run. Saved = (cost per run before − cost
// per run since) × runs since, scaled to 30 days of the time since; success and mean rating beside it so
// a saving that cost quality shows. A model switch or a faster model is judged on the prompt's traffic
// (its runs move between models); every other kind on its subject as named (prompt, version, model).
import { getSubjectFigures, type Store, type SubjectFigures, type SuggestionRecord } from "@promptmetrics/clickhouse";
import { formatUsd9, scalePico, toPico } from "./usd.ts";

const DAY_MS = 86_400_000;

export interface RealizedSide {
  from: string;
  to: string;
  runs: number;
  errors: number;
  costUsd: string;
  /** null with no runs. */
  costPerRunUsd: string | null;
  successRate: number | null;
  meanRating: number | null;
}

export interface RealizedSavings {
  before: RealizedSide;
  since: RealizedSide;
  /** null until the subject has runs on both sides. */
  monthlySavingsUsd: string | null;
}

export async function realizedSavings(store: Store, record: SuggestionRecord, now: Date): Promise<RealizedSavings | null> {
  if (record.status !== "applied" || record.statusChangedAt === null) return null;
  const appliedAt = record.statusChangedAt;
  const subject = JSON.parse(record.subject) as Record<string, string>;
  const byPrompt = record.kind === "model_switch" || record.kind === "slow_model";
  const filter = {
    projectId: record.projectId,
    prompt: subject["prompt"],
    promptVersion: subject["promptVersion"],
    ...(byPrompt ? {} : { model: subject["model"], provider: subject["provider"] }),
  };
  const beforeFrom = new Date(appliedAt.getTime() - record.windowDays * DAY_MS);
  const [before, since] = await Promise.all([
    getSubjectFigures(store, { ...filter, from: beforeFrom, to: appliedAt }),
    getSubjectFigures(store, { ...filter, from: appliedAt, to: now }),
  ]);
  const sinceMs = now.getTime() - appliedAt.getTime();
  let monthlySavingsUsd: string | null = null;
  if (before.runs > 0 && since.runs > 0 && sinceMs > 0) {
    // (before / nBefore − since / nSince) × nSince = (before × nSince − since × nBefore) / nBefore, then × 30 days / sinceMs.
    const saved = toPico(before.costUsd) * BigInt(since.runs) - toPico(since.costUsd) * BigInt(before.runs);
    monthlySavingsUsd = formatUsd9(scalePico(saved, 30n * BigInt(DAY_MS), BigInt(before.runs) * BigInt(sinceMs)));
  }
  return { before: side(before, beforeFrom, appliedAt), since: side(since, appliedAt, now), monthlySavingsUsd };
}

function side(figures: SubjectFigures, from: Date, to: Date): RealizedSide {
  return {
    from: from.toISOString(),
    to: to.toISOString(),
    runs: figures.runs,
    errors: figures.errors,
    costUsd: formatUsd9(toPico(figures.costUsd)),
    costPerRunUsd: figures.runs === 0 ? null : formatUsd9(scalePico(toPico(figures.costUsd), 1n, BigInt(figures.runs))),
    successRate: figures.runs === 0 ? null : (figures.runs - figures.errors) / figures.runs,
    meanRating: figures.meanRating,
  };
}
