// Public surface of @promptmetrics/clickhouse: the Store, its configuration, migrations and query functions.
export type { Store, QueryParams, QueryOptions, ReadQueryOptions, TextQueryOptions, TextFormat } from "./store.ts";
export { openStore, type StoreConfig } from "./open-store.ts";
export { HOLDER_FILE } from "./embedded-store.ts";
export { BACKUP_STAGING_DIR } from "./embedded-store.ts";
export {
  backupEmbeddedStore,
  restoreEmbeddedStore,
  verifyEmbeddedBackup,
  EMBEDDED_DATABASE,
  type EmbeddedBackupOptions,
} from "./backup/embedded-backup.ts";
export {
  runBackup,
  runRestore,
  readBackupContents,
  newestKnownMigration,
  type BackupDestination,
  type BackupContents,
} from "./backup/backup-store.ts";
export { readManifest, MANIFEST_FILE, type BackupManifest } from "./backup/manifest.ts";
export { BackupError, type BackupErrorCode } from "./backup/backup-error.ts";
export { createDatabaseIfMissing } from "./server-store.ts";
export { storeEnvSchema, storeConfigFromEnv, type StoreEnv } from "./env.ts";
export {
  StoreError,
  StoreAbortedError,
  StoreLockedError,
  StoreQueryError,
  StoreUnavailableError,
  DataDirNotWritableError,
  MigrationError,
} from "./errors.ts";
export { migrate, loadMigrations, DEFAULT_MIGRATIONS_DIR, type Migration, type MigrationReport } from "./migrations.ts";
export type { MigrateOptions } from "./migrations.ts";
export { renderClusterStatement, renderClusterMigrations } from "./cluster/render-cluster-ddl.ts";
export { TABLE_PLACEMENTS, type TablePlacement } from "./cluster/table-placement.ts";
export { quoteClusterName } from "./cluster/cluster-name.ts";
export { formatMigrationScript } from "./cluster/migration-script.ts";
export { createClusterDatabaseIfMissing } from "./cluster/cluster-database.ts";
export { ClusterNameError, ClusterNeedsServerError, ClusterRenderError } from "./cluster/cluster-errors.ts";
export { applySpanRetention, getSpanRetentionDays, type RetentionChange } from "./retention.ts";
export {
  getProjectRetention,
  listProjectRetentions,
  upsertProjectRetention,
  deleteProjectRowsBefore,
  type ProjectRetentionRecord,
  type ExpiredDeletion,
} from "./queries/project-retention.ts";
export {
  listEndUserSpansPage,
  listEndUserFeedback,
  deleteEndUserData,
  type EndUserKey,
  type EndUserSpan,
  type EndUserSpanCursor,
  type EndUserFeedback,
  type EndUserDeletion,
} from "./queries/end-users.ts";
export { repriceRuns, type RepriceOptions, type RepriceReport } from "./reprice-runs.ts";
export { assertSchemaCurrent, pendingMigrations, SchemaBehindError } from "./schema-status.ts";
export { insertOrg, getOrgByName, getOrgById, getOldestOrg, countOrgs, type Org } from "./queries/orgs.ts";
export {
  insertProject,
  getProjectByName,
  getProjectById,
  listProjectsByOrg,
  listProjectsByUser,
  listAllProjects,
  type Project,
} from "./queries/projects.ts";
export { insertUser, getUserByEmail, getUserById, countUsers, updateUserPassword, type User } from "./queries/users.ts";
export {
  upsertMembership,
  getMembership,
  listOrgMembers,
  listOrgsByUser,
  deleteMembership,
  ROLES,
  type Role,
  type OrgMember,
  type UserOrg,
} from "./queries/memberships.ts";
export { upsertSession, getSessionById, deleteSession, deleteSessionsOfUser, type Session } from "./queries/sessions.ts";
export { insertLockClaim, insertLockRelease, listLiveLockHolders } from "./queries/account-locks.ts";
export { getOptimizationSettings, upsertOptimizationSettings, type OptimizationSettingsRecord } from "./queries/optimization-settings.ts";
export { listSuggestions, getSuggestionById, insertSuggestionVersions, type SuggestionRecord } from "./queries/suggestions.ts";
export { listPromptModelFigures, type PromptModelFigures } from "./queries/optimization/prompt-model-figures.ts";
export {
  listDuplicateFigures,
  listPrefixFigures,
  type DuplicateFigures,
  type PrefixFigures,
} from "./queries/optimization/repeat-figures.ts";
export { sumPromptModelUsage, type PromptModelKey } from "./queries/optimization/switch-usage.ts";
export { getSubjectFigures, type SubjectFigures, type SubjectFilter } from "./queries/optimization/subject-figures.ts";
export {
  sumSavingsUsage,
  sumCostByPricedModel,
  type BilledTokenSums,
  type PricedModelCost,
  type SavingsMoveFilter,
  type SavingsUsageGroup,
  type SavingsUsageRequest,
  type StoredTokenSums,
} from "./queries/optimization/savings-usage.ts";
export {
  insertJobRun,
  latestJobRuns,
  listJobRuns,
  type JobRunRecord,
  type JobRunState,
  type JobRunSummary,
} from "./queries/scheduler-runs.ts";
export {
  insertLoginAttempt,
  countLoginAttemptsInWindow,
  insertLoginAttemptRefusal,
  insertLoginAttemptClearance,
  clearLoginAttempts,
  type LoginAttemptWindow,
} from "./queries/login-attempts.ts";
export {
  insertInvitation,
  getInvitationByTokenHash,
  getInvitationById,
  listPendingInvitationsByOrg,
  markInvitationAccepted,
  deleteInvitation,
  type Invitation,
} from "./queries/invitations.ts";
export {
  insertApiKey,
  getApiKeyBySecretHash,
  getApiKeyById,
  listApiKeysByProject,
  listIngestKeysByProject,
  listApiTokensByUser,
  listIngestKeyEntries,
  revokeApiKey,
  recordApiKeysUsed,
  type ApiKey,
  type ApiKeyListing,
  type IngestKeyEntry,
} from "./queries/api-keys.ts";
export {
  PROVIDER_KINDS,
  upsertProviderKey,
  deleteProviderKey,
  getProviderKey,
  listProviderKeysByProject,
  listAllProviderKeys,
  type ProviderKind,
  type ProviderKey,
  type ProviderKeyListing,
} from "./queries/provider-keys.ts";
export {
  STICKY_MODES,
  insertRoutingRule,
  deleteRoutingRule,
  listRoutingRules,
  listAllRoutingRules,
  type RoutingRule,
} from "./queries/routing-rules.ts";
export {
  sumTrafficByRoutingRule,
  sumSwitchUsageByRoutingRule,
  type RoutingStatsRequest,
  type RuleTraffic,
  type SwitchUsage,
} from "./queries/routing-stats.ts";
export {
  LIMIT_SCOPES,
  LIMIT_METRICS,
  insertGatewayLimit,
  deleteGatewayLimit,
  listGatewayLimits,
  listAllGatewayLimits,
  getSpendSince,
  getTokensSince,
  type TokensSince,
  type GatewayLimit,
  type LimitScope,
  type LimitMetric,
} from "./queries/gateway-limits.ts";
export {
  getGatewaySettings,
  listAllGatewaySettings,
  upsertGatewaySettings,
  defaultGatewaySettings,
  type GatewaySettings,
} from "./queries/gateway-settings.ts";
export {
  insertSpans,
  findStoredSpanKeys,
  findRunsToPair,
  hasRecentSdkRuns,
  getSpansByKeys,
  getLlmSpansPage,
  countLlmRunsByModel,
  spanKeyString,
  spanRowKey,
  type SpanKey,
  type RunToPair,
  type LlmRunCount,
} from "./queries/spans.ts";
export { listUnknownModels, type UnknownModel } from "./queries/unknown-models.ts";
export { insertIngestHealth, listIngestHealth, type IngestHealthRow } from "./queries/ingest-health.ts";
export { insertApiHealth, listApiHealth, type ApiHealthKind, type ApiHealthRow } from "./queries/api-health.ts";
export { listPriceOverrides, insertPriceOverride, type PriceOverrideRecord } from "./queries/price-overrides.ts";
export {
  insertSyncedPrices,
  listSyncedPrices,
  listCurrentSyncedPrices,
  type SyncedPriceRecord,
  type NewSyncedPrice,
} from "./queries/synced-prices.ts";
export { rebuildRollupPartitions, retractRunsFromRollups, listSpanMonths, ROLLUPS } from "./queries/rollups.ts";
export {
  findRollupDisagreements,
  listRecentlyWrittenHours,
  repairRecentRollups,
  type AgreementScope,
  type RollupDisagreement,
  type RollupRepair,
} from "./queries/rollup-agreement.ts";
export {
  correctRollupHours,
  listSettledProjectHours,
  reconcileSettledRollups,
  type ProjectHours,
  type ReconcileOptions,
  type RollupCorrection,
} from "./queries/rollup-reconcile.ts";
export { nextVersion, toDbTime, fromDbTime } from "./queries/versioning.ts";
