// Public surface of @promptmetrics/clickhouse: the Store, its configuration, migrations and query functions.
export type { Store, QueryParams, QueryOptions, TextQueryOptions, TextFormat } from "./store.ts";
export { openStore, type StoreConfig } from "./open-store.ts";
export { HOLDER_FILE } from "./embedded-store.ts";
export { createDatabaseIfMissing } from "./server-store.ts";
export { storeEnvSchema, storeConfigFromEnv, type StoreEnv } from "./env.ts";
export { StoreError, StoreLockedError, StoreQueryError, StoreUnavailableError, MigrationError } from "./errors.ts";
export { migrate, loadMigrations, DEFAULT_MIGRATIONS_DIR, type Migration, type MigrationReport } from "./migrations.ts";
export { applySpanRetention, type RetentionChange } from "./retention.ts";
export { insertOrg, getOrgByName, countOrgs, type Org } from "./queries/orgs.ts";
export { insertProject, getProjectByName, listProjectsByOrg, type Project } from "./queries/projects.ts";
export { insertUser, getUserByEmail, type User } from "./queries/users.ts";
export { upsertMembership, getMembership, ROLES, type Role } from "./queries/memberships.ts";
export {
  insertApiKey,
  getApiKeyBySecretHash,
  listApiKeysByProject,
  listIngestKeyEntries,
  revokeApiKey,
  recordApiKeysUsed,
  type ApiKey,
  type IngestKeyEntry,
} from "./queries/api-keys.ts";
export { insertSpans, findStoredSpanKeys, getSpansByKeys, getLlmSpansPage, spanKeyString, spanRowKey, type SpanRow, type SpanKey } from "./queries/spans.ts";
export { listUnknownModels, type UnknownModel } from "./queries/unknown-models.ts";
export { listPriceOverrides, insertPriceOverride, type PriceOverrideRecord } from "./queries/price-overrides.ts";
export { rebuildRollupPartitions, ROLLUPS } from "./queries/rollups.ts";
export { nextVersion, toDbTime, fromDbTime } from "./queries/versioning.ts";
