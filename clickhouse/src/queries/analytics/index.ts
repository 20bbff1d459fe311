// Public surface of @promptmetrics/clickhouse/analytics: the analytics query vocabulary, the source
// choice, the SQL builders (for golden tests and debugging) and the query functions.
export {
  DIMENSIONS,
  GRANULARITIES,
  RUN_STATUSES,
  FILTER_FIELDS,
  type Dimension,
  type Granularity,
  type RunStatus,
  type RunFilters,
  type FilterField,
  type Source,
  type Bucketing,
  type RunScope,
  type Sql,
} from "./types.ts";
export { pickSource, type SourceRequest } from "./pick-source.ts";
export {
  buildRunMetricsQuery,
  aggregateRunMetrics,
  RANK_COLUMNS,
  type RankColumn,
  type RunMetricsQuery,
  type RunMetricsRow,
} from "./run-metrics.ts";
export { buildRunFeedbackQuery, aggregateRunFeedback, type RunFeedbackRow } from "./run-feedback.ts";
export { aggregateRunMetricsBatch, aggregateRunFeedbackBatch, buildBatchQuery } from "./batch.ts";
export { getMemberLabels, type MemberLabel } from "./member-labels.ts";
