// The JSON answers of the data rights routes.

export interface EndUserDeletionView {
  projectId: string;
  endUserId: string;
  /** The user's LLM runs deleted, each with every revision and its content. */
  runs: number;
  /** Spans deleted: the runs and the other spans of their traces. */
  spans: number;
  /** Feedback rows (ratings, comments) on those runs deleted. */
  feedback: number;
  /** How many rollup hours were recomputed without the user's runs. */
  hoursRebuilt: number;
  /** Those hours, as ISO instants (UTC). */
  hours: string[];
}

export interface ProjectRetentionView {
  projectId: string;
  /** The project's own retention in days; null: the install's default. */
  retentionDays: number | null;
  /** PROMPTMETRICS_RETENTION_DAYS as the store applies it (spans only); null: kept for ever. */
  installRetentionDays: number | null;
  /** What applies to the project's runs: its own days, else the install's, else null (kept for ever). */
  effectiveRetentionDays: number | null;
  /** null while the project has never set one. */
  updatedAt: string | null;
  updatedBy: string;
}
