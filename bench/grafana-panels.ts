// (helper of the grafana benchmark) The queries a board sends when it opens, as Grafana and the ClickHouse
// plugin send them: its query variables in order (each sees the ones before it, every multi-value variable
// on All), then every panel target, expanded for a time range with the dashboards tests' own renderer.
import {
  queryPanels,
  variables,
  variableSql,
  type BoardJson,
  type PanelJson,
  type VariableJson,
} from "../dashboards/test/support/boards.ts";
import { ALL_VALUE, renderGrafanaSql, type QueryContext, type ResolvedVariable } from "../dashboards/test/support/grafana-sql.ts";
import { durationMs } from "../dashboards/test/support/query-check.ts";

export interface BoardRange {
  /** "now-24h (default)", "now-30d". */
  label: string;
  from: Date;
  to: Date;
  /** $__interval before a panel's minimum interval applies. */
  baseIntervalMs: number;
  isDefault: boolean;
}

/** What a query reads: raw spans (spans or the llm_runs view over spans FINAL), a rollup, the ingest's reports, or only small tables. */
export type SourceKind = "raw" | "rollup" | "ingest_health" | "metadata" | "none";

export interface Reads {
  kind: SourceKind;
  /** The table that decides the cost, e.g. "llm_runs", "spans FINAL", "rollup_model_hourly". */
  main: string;
  /** The panel's description calls it raw ("Reads raw runs (llm_runs)..."). */
  describedRaw: boolean;
}

export interface BoardQuery {
  kind: "variable" | "panel";
  /** Variable name, or panel title (with its refId when the panel has several targets). */
  title: string;
  /** Panel type ("stat", "timeseries", ...) or variable type. */
  type: string;
  sql: string;
  reads: Reads;
}

/** A query and what running it gave: the first column of its last answer, for variable options. */
export interface Ran<M> {
  measured: M;
  firstColumn: string[];
}

export interface MeasuredQuery<M> extends BoardQuery {
  /** Undefined when the query could not be rendered or failed. */
  measured: M | undefined;
  error?: string;
}

const DAY_MS = 86_400_000;
const UNIT_MS: Record<string, number> = { s: 1000, m: 60_000, h: 3_600_000, d: DAY_MS, w: 7 * DAY_MS };
/** Points Grafana asks for on a panel about 1,000 pixels wide (maxDataPoints follows the width). */
const MAX_DATA_POINTS = 1000;
/** The steps Grafana rounds $__interval to, in milliseconds. */
const NICE_INTERVALS_MS = [
  1, 2, 5, 10, 15, 20, 30, 60, 120, 300, 600, 900, 1200, 1800, 3600, 7200, 10_800, 21_600, 43_200, 86_400, 604_800,
].map((s) => s * 1000);

export class BoardRangeError extends Error {
  override name = "BoardRangeError";
}

/** The board's default range ending at `now`, and the last 30 days when the default is another length. */
export function boardRanges(board: BoardJson, now: Date): BoardRange[] {
  const time = board["time"] as { from?: string; to?: string } | undefined;
  const from = time?.from ?? "now-6h";
  if ((time?.to ?? "now") !== "now")
    throw new BoardRangeError(`${board.title}: only ranges ending at "now" are supported, got ${time?.to}`);
  const defaultMs = relativeMs(from, board.title);
  const ranges = [rangeOf(`${from} (default)`, defaultMs, now, true)];
  if (defaultMs !== 30 * DAY_MS) ranges.push(rangeOf("now-30d", 30 * DAY_MS, now, false));
  return ranges;
}

function relativeMs(text: string, board: string): number {
  const match = /^now-(\d+)([smhdw])$/.exec(text);
  if (!match) throw new BoardRangeError(`${board}: time.from "${text}" is not a relative range the benchmark reads (now-<n>s|m|h|d|w)`);
  return Number(match[1]) * UNIT_MS[match[2]!]!;
}

function rangeOf(label: string, lengthMs: number, now: Date, isDefault: boolean): BoardRange {
  return { label, from: new Date(now.getTime() - lengthMs), to: now, baseIntervalMs: niceInterval(lengthMs / MAX_DATA_POINTS), isDefault };
}

/** The nice step nearest to `ms`, a step changing halfway between two neighbours, as Grafana rounds. */
export function niceInterval(ms: number): number {
  for (let i = 0; i < NICE_INTERVALS_MS.length - 1; i++) {
    const step = NICE_INTERVALS_MS[i]!;
    if (ms < (step + NICE_INTERVALS_MS[i + 1]!) / 2) return step;
  }
  return NICE_INTERVALS_MS.at(-1)!;
}

/**
 * Runs every query of the board for one range through `run` (which times it), in the order Grafana
 * needs them: variables first, since panels are expanded with their options.
 */
export async function measureBoard<M>(
  board: BoardJson,
  range: BoardRange,
  run: (sql: string) => Promise<Ran<M>>,
): Promise<MeasuredQuery<M>[]> {
  const context: QueryContext = { from: range.from, to: range.to, intervalMs: range.baseIntervalMs };
  const resolved: ResolvedVariable[] = [];
  const results: MeasuredQuery<M>[] = [];
  for (const variable of variables(board)) {
    const sql = variableSql(variable);
    if (sql === undefined) {
      // textbox, constant, custom: the value saved in the board.
      const value = variable.current?.value ?? (typeof variable.query === "string" ? variable.query : "");
      resolved.push({ name: variable.name, value, allOptions: [String(value)] });
      continue;
    }
    const query: BoardQuery = { kind: "variable", title: `$${variable.name}`, type: "variable", sql, reads: readsOf(sql, undefined) };
    const outcome = await attempt(() => renderGrafanaSql(sql, resolved, context), run);
    results.push({ ...query, sql: outcome.rendered ?? sql, ...outcome.result });
    resolved.push(allSelected(variable, outcome.firstColumn));
  }
  for (const panel of queryPanels(board)) {
    const panelContext = { ...context, intervalMs: Math.max(range.baseIntervalMs, durationMs(panel.interval)) };
    const targets = panel.targets ?? [];
    for (const target of targets) {
      const rawSql = target.rawSql ?? "";
      const title = `${panel.title ?? `panel ${panel.id}`}${targets.length > 1 ? ` [${target.refId ?? "?"}]` : ""}`;
      const query: BoardQuery = { kind: "panel", title, type: panel.type, sql: rawSql, reads: readsOf(rawSql, panel) };
      const outcome = await attempt(() => renderGrafanaSql(rawSql, resolved, panelContext), run);
      results.push({ ...query, sql: outcome.rendered ?? rawSql, ...outcome.result });
    }
  }
  return results;
}

async function attempt<M>(
  render: () => string,
  run: (sql: string) => Promise<Ran<M>>,
): Promise<{ rendered: string | undefined; firstColumn: string[]; result: { measured: M | undefined; error?: string } }> {
  let rendered: string | undefined;
  try {
    rendered = render();
    const ran = await run(rendered);
    return { rendered, firstColumn: ran.firstColumn, result: { measured: ran.measured } };
  } catch (error) {
    const message = (error instanceof Error ? error.message : String(error)).split("\n")[0]!.slice(0, 200);
    return { rendered, firstColumn: [], result: { measured: undefined, error: message } };
  }
}

/** The variable with "All" selected when it offers All, else its first option (as the dashboards tests pick). */
function allSelected(variable: VariableJson, options: string[]): ResolvedVariable {
  const value = variable.includeAll === true ? [ALL_VALUE] : options.slice(0, 1);
  return { name: variable.name, value, allOptions: options, allValue: variable.allValue || undefined };
}

// ARRAY JOIN names an array, not a table.
const TABLE_NAME = /\b(?:FROM|(?<!ARRAY\s+)JOIN)\s+([A-Za-z_][A-Za-z0-9_]*)(?:\s+AS\s+\w+)?(\s+FINAL)?/gi;
const SMALL_TABLES = new Set(["projects", "orgs", "users", "api_keys", "memberships"]);

export function readsOf(sql: string, panel: PanelJson | undefined): Reads {
  const tables = [...sql.matchAll(TABLE_NAME)].map((match) => `${match[1]}${match[2] ? " FINAL" : ""}`);
  const describedRaw = /\braw\b/i.test(panel?.description ?? "");
  const raw = tables.find((table) => table === "llm_runs" || table.startsWith("spans"));
  if (raw) return { kind: "raw", main: raw, describedRaw };
  const rollup = tables.find((table) => table.startsWith("rollup_"));
  if (rollup) return { kind: "rollup", main: rollup, describedRaw };
  if (tables.includes("ingest_health")) return { kind: "ingest_health", main: "ingest_health", describedRaw };
  const small = tables.find((table) => SMALL_TABLES.has(table.replace(/ FINAL$/, "")));
  if (small) return { kind: "metadata", main: small, describedRaw };
  return { kind: "none", main: "(no table)", describedRaw };
}
