// A stored suggestion as the API answers it: JSON fields parsed, money with 9 decimals, times as ISO text.
import type { SuggestionRecord } from "@promptmetrics/clickhouse";
import type { RealizedSavings } from "./realized.ts";
import { formatUsd9, toPico } from "./usd.ts";

export interface SuggestionView {
  id: string;
  projectId: string;
  type: SuggestionRecord["type"];
  kind: string;
  title: string;
  description: string;
  monthlySavingsUsd: string;
  confidence: SuggestionRecord["confidence"];
  impact: SuggestionRecord["impact"];
  evidenceKind: string;
  evidence: Record<string, unknown>;
  status: SuggestionRecord["status"];
  subject: Record<string, string>;
  /** false when the last recomputation no longer found it (kept for applied and dismissed ones). */
  current: boolean;
  statusChangedAt: string | null;
  statusChangedBy: string;
  dismissReason: string;
  windowDays: number;
  computedAt: string;
  createdAt: string;
  updatedAt: string;
  /** Applied ones: the subject's cost per run before and since, and what that saves a month; null otherwise. */
  realized: RealizedSavings | null;
}

export function suggestionView(record: SuggestionRecord, realized: RealizedSavings | null = null): SuggestionView {
  return {
    id: record.id,
    projectId: record.projectId,
    type: record.type,
    kind: record.kind,
    title: record.title,
    description: record.description,
    monthlySavingsUsd: formatUsd9(toPico(record.monthlySavingsUsd)),
    confidence: record.confidence,
    impact: record.impact,
    evidenceKind: record.evidenceKind,
    evidence: JSON.parse(record.evidence) as Record<string, unknown>,
    status: record.status,
    subject: JSON.parse(record.subject) as Record<string, string>,
    current: record.current,
    statusChangedAt: record.statusChangedAt?.toISOString() ?? null,
    statusChangedBy: record.statusChangedBy,
    dismissReason: record.dismissReason,
    windowDays: record.windowDays,
    computedAt: record.computedAt.toISOString(),
    createdAt: record.createdAt.toISOString(),
    updatedAt: record.updatedAt.toISOString(),
    realized,
  };
}
