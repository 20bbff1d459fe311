// Public surface of @promptmetrics/clickhouse/runs: the run list and detail, run feedback, and the
// project-scoped SQL console.
export {
  listRunsPage,
  buildRunKeysQuery,
  buildRunRowsQuery,
  RUN_SORTS,
  SORT_ORDERS,
  SORT_KEYS,
  PREVIEW_CHARS,
  QUALITY_FILTERS,
  type QualityFilter,
  type RunSort,
  type SortOrder,
  type RunListFilters,
  type RunKeyset,
  type RunListRequest,
  type RunListRow,
  type RunKey,
  type RunsSql,
} from "./list-runs.ts";
export { getRunBySpanId, listProjectsHoldingRun, getTraceSpans, type TraceSpanRow } from "./get-run.ts";
export { getRunFeedback, upsertRunFeedback, type RunFeedback } from "./feedback.ts";
export {
  runSqlForProjects,
  buildScopedSql,
  QUERYABLE_TABLES,
  DEFAULT_SQL_MAX_ROWS,
  SqlQueryError,
  type SqlColumn,
  type SqlResult,
} from "./sql-console.ts";
export { SqlRejectedError, checkCanonicalText, checkQueryAst, parseExplainAst, type AstNode, type TableRules } from "./sql-guard.ts";
