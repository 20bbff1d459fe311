// The optimization engine's suggestions (table suggestions, migration 0014): versioned rows, the newest
// version of each (project, id) winning under FINAL. The engine writes a version when a recomputation
// changes a suggestion; apply and dismiss write one with the new status.
import type { Store } from "../store.ts";
import { fromDbTime, nextVersion, toDbTime } from "./versioning.ts";

export interface SuggestionRecord {
  projectId: string;
  id: string;
  kind: string;
  type: "cost" | "performance" | "quality";
  title: string;
  description: string;
  /** JSON text. */
  subject: string;
  /** USD, decimal text. */
  monthlySavingsUsd: string;
  confidence: "high" | "medium" | "low";
  impact: "high" | "medium" | "low";
  evidenceKind: string;
  /** JSON text. */
  evidence: string;
  status: "active" | "dismissed" | "applied";
  /** false when the last recomputation no longer found it. */
  current: boolean;
  statusChangedAt: Date | null;
  statusChangedBy: string;
  dismissReason: string;
  dismissedSavingsUsd: string;
  dismissedEvidenceKind: string;
  windowDays: number;
  computedAt: Date;
  createdAt: Date;
  updatedAt: Date;
}

interface SuggestionRow {
  project_id: string;
  id: string;
  kind: string;
  type: SuggestionRecord["type"];
  title: string;
  description: string;
  subject: string;
  monthly_savings_usd: string;
  confidence: SuggestionRecord["confidence"];
  impact: SuggestionRecord["impact"];
  evidence_kind: string;
  evidence: string;
  status: SuggestionRecord["status"];
  current: number;
  status_changed_at: string | null;
  status_changed_by: string;
  dismiss_reason: string;
  dismissed_savings_usd: string;
  dismissed_evidence_kind: string;
  window_days: number;
  computed_at: string;
  created_at: string;
  updated_at: string;
}

const COLUMNS = `project_id, id, kind, type, title, description, subject, toString(monthly_savings_usd) AS monthly_savings_usd,
  confidence, impact, evidence_kind, evidence, status, current, toString(status_changed_at) AS status_changed_at, status_changed_by,
  dismiss_reason, toString(dismissed_savings_usd) AS dismissed_savings_usd, dismissed_evidence_kind, window_days,
  toString(computed_at) AS computed_at, toString(created_at) AS created_at, toString(updated_at) AS updated_at`;

const fromRow = (row: SuggestionRow): SuggestionRecord => ({
  projectId: row.project_id,
  id: row.id,
  kind: row.kind,
  type: row.type,
  title: row.title,
  description: row.description,
  subject: row.subject,
  monthlySavingsUsd: row.monthly_savings_usd,
  confidence: row.confidence,
  impact: row.impact,
  evidenceKind: row.evidence_kind,
  evidence: row.evidence,
  status: row.status,
  current: Number(row.current) === 1,
  statusChangedAt: row.status_changed_at === null ? null : fromDbTime(row.status_changed_at),
  statusChangedBy: row.status_changed_by,
  dismissReason: row.dismiss_reason,
  dismissedSavingsUsd: row.dismissed_savings_usd,
  dismissedEvidenceKind: row.dismissed_evidence_kind,
  windowDays: Number(row.window_days),
  computedAt: fromDbTime(row.computed_at),
  createdAt: fromDbTime(row.created_at),
  updatedAt: fromDbTime(row.updated_at),
});

/** Every suggestion of a project, newest version of each. */
export async function listSuggestions(store: Store, { projectId }: { projectId: string }): Promise<SuggestionRecord[]> {
  const rows = await store.query<SuggestionRow>(
    `SELECT ${COLUMNS} FROM suggestions FINAL WHERE project_id = {projectId:String} ORDER BY id`,
    { projectId },
    { tag: "listSuggestions" },
  );
  return rows.map(fromRow);
}

/** One suggestion by id, whatever its project (the caller then checks the project is the caller's). */
export async function getSuggestionById(store: Store, { id }: { id: string }): Promise<SuggestionRecord | undefined> {
  const rows = await store.query<SuggestionRow>(
    `SELECT ${COLUMNS} FROM suggestions FINAL WHERE id = {id:String} LIMIT 1`,
    { id },
    { tag: "getSuggestionById" },
  );
  return rows[0] === undefined ? undefined : fromRow(rows[0]);
}

/** Writes new versions of suggestions (one per record). */
export async function insertSuggestionVersions(store: Store, records: readonly SuggestionRecord[]): Promise<void> {
  if (records.length === 0) return;
  await store.insert(
    "suggestions",
    records.map((r) => ({
      project_id: r.projectId,
      id: r.id,
      kind: r.kind,
      type: r.type,
      title: r.title,
      description: r.description,
      subject: r.subject,
      monthly_savings_usd: r.monthlySavingsUsd,
      confidence: r.confidence,
      impact: r.impact,
      evidence_kind: r.evidenceKind,
      evidence: r.evidence,
      status: r.status,
      current: r.current ? 1 : 0,
      status_changed_at: r.statusChangedAt === null ? null : toDbTime(r.statusChangedAt),
      status_changed_by: r.statusChangedBy,
      dismiss_reason: r.dismissReason,
      dismissed_savings_usd: r.dismissedSavingsUsd,
      dismissed_evidence_kind: r.dismissedEvidenceKind,
      window_days: r.windowDays,
      computed_at: toDbTime(r.computedAt),
      created_at: toDbTime(r.createdAt),
      updated_at: toDbTime(r.updatedAt),
      version: nextVersion(),
    })),
  );
}
