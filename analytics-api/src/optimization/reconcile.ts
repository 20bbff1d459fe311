// How a recomputation's findings become stored suggestion versions. A finding with a stored suggestion
// updates it (same id); a new one is added as active; a stored one no longer found is kept but marked
// not current. A dismissed suggestion stays dismissed unless its savings have at least doubled since
// the dismissal or its evidence changed kind (an untested switch now measured, say); an applied one
// stays applied. Only suggestions whose content changed get a new version, so an hourly run over the
// same figures writes nothing.
import type { SuggestionRecord } from "@promptmetrics/clickhouse";
import { subjectKey, suggestionId, type Finding } from "./suggestion.ts";

export const REOPEN_FACTOR = 2;

export interface ReconcileInput {
  projectId: string;
  stored: readonly SuggestionRecord[];
  findings: readonly Finding[];
  now: Date;
  windowDays: number;
}

/** The versions to write. */
export function reconcileSuggestions({ projectId, stored, findings, now, windowDays }: ReconcileInput): SuggestionRecord[] {
  const byId = new Map(stored.map((record) => [record.id, record]));
  const seen = new Set<string>();
  const writes: SuggestionRecord[] = [];

  for (const finding of findings) {
    const id = suggestionId(projectId, finding.kind, finding.subject);
    if (seen.has(id)) continue; // one finding per subject; the kinds never repeat one
    seen.add(id);
    const previous = byId.get(id);
    const next: SuggestionRecord = {
      projectId,
      id,
      kind: finding.kind,
      type: finding.type,
      title: finding.title,
      description: finding.description,
      subject: subjectKey(finding.subject),
      monthlySavingsUsd: finding.monthlySavingsUsd,
      confidence: finding.confidence,
      impact: finding.impact,
      evidenceKind: finding.evidenceKind,
      evidence: JSON.stringify(finding.evidence),
      status: previous?.status ?? "active",
      current: true,
      statusChangedAt: previous?.statusChangedAt ?? null,
      statusChangedBy: previous?.statusChangedBy ?? "",
      dismissReason: previous?.dismissReason ?? "",
      dismissedSavingsUsd: previous?.dismissedSavingsUsd ?? "0",
      dismissedEvidenceKind: previous?.dismissedEvidenceKind ?? "",
      windowDays,
      computedAt: now,
      createdAt: previous?.createdAt ?? now,
      updatedAt: now,
    };
    if (previous?.status === "dismissed" && shouldReopen(previous, finding)) {
      next.status = "active";
      next.statusChangedAt = now;
      next.statusChangedBy = "engine";
    }
    if (!previous || changed(previous, next)) writes.push(next);
  }

  for (const record of stored) {
    if (seen.has(record.id) || !record.current) continue;
    writes.push({ ...record, current: false, computedAt: now, updatedAt: now });
  }
  return writes;
}

/** A dismissed suggestion comes back when its savings at least doubled or its evidence changed kind. */
export function shouldReopen(dismissed: SuggestionRecord, finding: Finding): boolean {
  if (finding.evidenceKind !== dismissed.dismissedEvidenceKind) return true;
  const before = Number(dismissed.dismissedSavingsUsd);
  const now = Number(finding.monthlySavingsUsd);
  return now > 0 && now >= REOPEN_FACTOR * before;
}

/** Whether anything a user sees differs (times of the computation aside). */
function changed(previous: SuggestionRecord, next: SuggestionRecord): boolean {
  const fields: Array<keyof SuggestionRecord> = [
    "kind",
    "type",
    "title",
    "description",
    "subject",
    "confidence",
    "impact",
    "evidenceKind",
    "evidence",
    "status",
    "current",
    "windowDays",
  ];
  if (fields.some((field) => previous[field] !== next[field])) return true;
  return Number(previous.monthlySavingsUsd) !== Number(next.monthlySavingsUsd);
}
