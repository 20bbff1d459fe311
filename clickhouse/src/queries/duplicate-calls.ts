// Reads the ingest needs so that no provider call is counted twice (migration 0020): the stored runs a
// new span may describe again (another instrumentation's span of the same call), and the counted copies
// of spans two writers stored at the same time.
import type { Store } from "../store.ts";

/** A stored run, with what says whether a new span describes the same call. */
export interface StoredCallRow {
  trace_id: string;
  span_id: string;
  parent_span_id: string;
  scope_name: string;
  start_time: string;
  end_time: string;
  provider: string;
  model: string;
  input_tokens: number;
  output_tokens: number;
  cache_read_tokens: number;
  cache_write_tokens: number;
  response_id: string;
  /** Scopes of the spans already superseded by this run: it stands for one span of each at most. */
  absorbed_scopes: string[];
}

/**
 * The project's runs (not superseded) that started in [from, to] and are in one of these traces or have
 * one of these token tuples (input, output, cache read, cache write): the only stored runs a new span can
 * nest with or match. Bounded by the sort key (project, is_llm, start_time).
 */
export async function findStoredCallCandidates(
  store: Store,
  { projectId, from, to, traceIds, usages }: { projectId: string; from: string; to: string; traceIds: string[]; usages: string[] },
): Promise<StoredCallRow[]> {
  if (traceIds.length === 0 && usages.length === 0) return [];
  const rows = await store.query<Omit<StoredCallRow, "start_time" | "end_time"> & { started: string; ended: string }>(
    `SELECT trace_id, span_id, parent_span_id, scope_name, toString(start_time) AS started, toString(end_time) AS ended,
            provider, model, input_tokens, output_tokens, cache_read_tokens, cache_write_tokens,
            span_attributes['gen_ai.response.id'] AS response_id,
            absorbed.scopes AS absorbed_scopes
     FROM spans FINAL
     LEFT JOIN (
       SELECT superseded_by AS keeper, groupUniqArray(scope_name) AS scopes FROM spans
       WHERE project_id = {projectId:String} AND superseded_by != ''
         AND start_time >= {from:DateTime64(9, 'UTC')} AND start_time <= {to:DateTime64(9, 'UTC')}
       GROUP BY superseded_by
     ) AS absorbed ON absorbed.keeper = concat(spans.trace_id, '/', spans.span_id)
     WHERE project_id = {projectId:String} AND is_llm AND superseded_by = ''
       AND start_time >= {from:DateTime64(9, 'UTC')} AND start_time <= {to:DateTime64(9, 'UTC')}
       AND (trace_id IN {traceIds:Array(String)}
            OR concat(toString(input_tokens), '/', toString(output_tokens), '/', toString(cache_read_tokens), '/', toString(cache_write_tokens))
               IN {usages:Array(String)})
     SETTINGS join_use_nulls = 0`,
    { projectId, from, to, traceIds, usages },
    { tag: "findStoredCallCandidates" },
  );
  return rows.map(({ started, ended, ...row }) => ({
    ...row,
    start_time: started,
    end_time: ended,
    input_tokens: Number(row.input_tokens),
    output_tokens: Number(row.output_tokens),
    cache_read_tokens: Number(row.cache_read_tokens),
    cache_write_tokens: Number(row.cache_write_tokens),
  }));
}

/** The one text form of a usage tuple; findStoredCallCandidates builds the same string in SQL. */
export function usageKeyString(row: {
  input_tokens: number;
  output_tokens: number;
  cache_read_tokens: number;
  cache_write_tokens: number;
}): string {
  return `${row.input_tokens}/${row.output_tokens}/${row.cache_read_tokens}/${row.cache_write_tokens}`;
}

/** One counted (first) write of an LLM span, and the insert block it came in (in commit order). */
export interface CountedCopyRow {
  k: string;
  version: number;
  block: number;
}

/**
 * Every counted write of these LLM spans as stored now (not FINAL: each copy), with its block number.
 * Block numbers grow in the order inserts commit (per partition; a span's copies share its partition).
 */
export async function listCountedCopies(
  store: Store,
  {
    projectIds,
    fromStartTime,
    toStartTime,
    keys,
  }: { projectIds: string[]; fromStartTime: string; toStartTime: string; keys: { projectId: string; traceId: string; spanId: string }[] },
): Promise<CountedCopyRow[]> {
  if (keys.length === 0) return [];
  const rows = await store.query<{ k: string; version: number | string; block: number | string }>(
    `SELECT concat(project_id, '/', trace_id, '/', span_id) AS k, version, _block_number AS block FROM spans
     WHERE project_id IN {projectIds:Array(String)} AND is_llm AND NOT is_revision
       AND start_time >= {from:DateTime64(9, 'UTC')} AND start_time <= {to:DateTime64(9, 'UTC')}
       AND trace_id IN {traceIds:Array(String)}
       AND concat(project_id, '/', trace_id, '/', span_id) IN {keys:Array(String)}`,
    {
      projectIds,
      from: fromStartTime,
      to: toStartTime,
      traceIds: [...new Set(keys.map((key) => key.traceId))],
      keys: keys.map((key) => `${key.projectId}/${key.traceId}/${key.spanId}`),
    },
    { tag: "listCountedCopies" },
  );
  return rows.map((row) => ({ k: row.k, version: Number(row.version), block: Number(row.block) }));
}
