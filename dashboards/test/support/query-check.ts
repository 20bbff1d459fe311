// Runs a board's queries against a real store the way Grafana would send them, and checks that each
// result is something its panel can draw. Problems come back as sentences naming the board, the panel
// and the variable choice, so one failing test lists everything that broke.
import type { Store } from "@promptmetrics/clickhouse";
import { ALL_VALUE, renderGrafanaSql, type QueryContext, type ResolvedVariable } from "./grafana-sql.ts";
import {
  namedColumns,
  panelLabel,
  queryPanels,
  variables,
  variableSql,
  type BoardJson,
  type PanelJson,
  type TargetJson,
} from "./boards.ts";

/** How each multi-value variable is set: its All option, its first option, or its first two options. */
export type Selection = "all" | "single" | "multi";

export interface CheckOptions {
  from: Date;
  to: Date;
  selection: Selection;
  /** The interval Grafana would compute for the range, before a panel's minimum interval applies. */
  baseIntervalMs: number;
}

export interface Column {
  name: string;
  type: string;
}

export interface QueryResult {
  columns: Column[];
  rows: unknown[][];
}

export async function runSql(store: Store, sql: string): Promise<QueryResult> {
  const text = await store.queryText(sql, undefined, { format: "JSONCompact", tag: "dashboards-test" });
  const parsed = JSON.parse(text) as { meta: Column[]; data: unknown[][] };
  return { columns: parsed.meta, rows: parsed.data };
}

/** Resolves the board's variables in order (each query variable sees the ones before it), then runs every panel query. */
export async function checkBoard(store: Store, board: BoardJson, options: CheckOptions): Promise<string[]> {
  const problems: string[] = [];
  const context: QueryContext = { from: options.from, to: options.to, intervalMs: options.baseIntervalMs };
  const resolved = await resolveVariables(store, board, options, context, problems);
  for (const panel of queryPanels(board)) {
    const panelContext = { ...context, intervalMs: Math.max(options.baseIntervalMs, durationMs(panel.interval)) };
    for (const target of panel.targets ?? []) {
      const where = `${panelLabel(board, panel)} [${target.refId ?? "?"}, ${options.selection} values]`;
      let result: QueryResult;
      try {
        result = await runSql(store, renderGrafanaSql(target.rawSql ?? "", resolved, panelContext));
      } catch (error) {
        problems.push(`${where}: query failed: ${firstLine(error)}`);
        continue;
      }
      problems.push(...checkShape(panel, target, result).map((problem) => `${where}: ${problem}`));
    }
  }
  return problems;
}

async function resolveVariables(
  store: Store,
  board: BoardJson,
  options: CheckOptions,
  context: QueryContext,
  problems: string[],
): Promise<ResolvedVariable[]> {
  const resolved: ResolvedVariable[] = [];
  for (const variable of variables(board)) {
    const sql = variableSql(variable);
    if (sql === undefined) {
      // textbox, constant, custom: the value saved in the board.
      const value = variable.current?.value ?? (typeof variable.query === "string" ? variable.query : "");
      resolved.push({ name: variable.name, value, allOptions: [String(value)] });
      continue;
    }
    let values: string[] = [];
    try {
      const result = await runSql(store, renderGrafanaSql(sql, resolved, context));
      if (result.columns.length < 1 || result.columns.length > 2)
        problems.push(
          `${board.title} › variable ${variable.name}: returns ${result.columns.length} columns; the plugin reads one (value) or two (value, text)`,
        );
      values = result.rows.map((row) => String(row[0]));
      if (values.length === 0)
        problems.push(`${board.title} › variable ${variable.name}: no options (${options.selection} values before it)`);
    } catch (error) {
      problems.push(`${board.title} › variable ${variable.name}: query failed: ${firstLine(error)}`);
    }
    resolved.push({
      name: variable.name,
      value: pick(variable.includeAll === true, values, options.selection),
      allOptions: values,
      allValue: variable.allValue || undefined,
    });
  }
  return resolved;
}

function pick(includeAll: boolean, values: string[], selection: Selection): string | string[] {
  if (selection === "all" && includeAll) return [ALL_VALUE];
  if (selection === "multi") return values.slice(0, 2);
  return values.slice(0, 1);
}

// ---- What each panel type needs from its result ----------------------------------------------------

const TIME_SERIES_FORMAT = 0;
const NUMERIC = /^(U?Int\d+|Float\d+)$/;
const DECIMAL = /^Decimal/;
const TIME = /^(DateTime|DateTime64|Date|Date32)\b/;
const STRING = /^(String|FixedString|Enum|UUID|Bool)/;
const NEEDS_A_NUMBER = new Set(["stat", "gauge", "bargauge", "piechart", "barchart", "timeseries"]);

/** The type with Nullable() and LowCardinality() peeled off. */
export function baseType(type: string): string {
  const wrapped = /^(?:Nullable|LowCardinality)\((.*)\)$/.exec(type);
  return wrapped ? baseType(wrapped[1]!) : type;
}

export function checkShape(panel: PanelJson, target: TargetJson, result: QueryResult): string[] {
  const problems: string[] = [];
  const types = result.columns.map((column) => baseType(column.type));
  if (result.rows.length === 0) problems.push("returned no rows");
  for (const [i, column] of result.columns.entries()) {
    if (DECIMAL.test(types[i]!)) problems.push(`column ${column.name} is ${column.type}: convert costs with toFloat64 for charts`);
  }
  const numeric = result.columns.filter((_, i) => NUMERIC.test(types[i]!));
  if (NEEDS_A_NUMBER.has(panel.type) && numeric.length === 0)
    problems.push(`a ${panel.type} panel needs a numeric column, got ${describe(result)}`);

  if (target.format === TIME_SERIES_FORMAT) {
    if (!TIME.test(types[0] ?? "")) problems.push(`a time series needs its time column first, got ${describe(result)}`);
    result.columns.slice(1).forEach((column, i) => {
      const type = types[i + 1]!;
      if (!NUMERIC.test(type) && !STRING.test(type))
        problems.push(`time series column ${column.name} is ${column.type}: neither a value nor a label`);
    });
    const times = result.rows.map((row) => String(row[0]));
    if (times.some((time, i) => i > 0 && time < times[i - 1]!))
      problems.push("time series rows are not in time order (the plugin's long-to-wide conversion needs ORDER BY time)");
  }
  const names = new Set(result.columns.map((column) => column.name));
  for (const name of namedColumns(panel)) {
    if (!names.has(name))
      problems.push(`field override or transformation names column "${name}", which the query does not return (${describe(result)})`);
  }
  return problems;
}

function describe(result: QueryResult): string {
  return result.columns.map((column) => `${column.name} ${column.type}`).join(", ") || "no columns";
}

/** Grafana interval strings ("10s", "1h") in milliseconds; 0 when unset. */
export function durationMs(interval: string | undefined): number {
  if (!interval) return 0;
  const match = /^(\d+)(ms|s|m|h|d)$/.exec(interval.trim());
  if (!match) throw new RangeError(`not a Grafana interval: ${interval}`);
  const unit = { ms: 1, s: 1000, m: 60_000, h: 3_600_000, d: 86_400_000 }[match[2] as "ms" | "s" | "m" | "h" | "d"];
  return Number(match[1]) * unit;
}

function firstLine(error: unknown): string {
  const message = error instanceof Error ? error.message : String(error);
  return message.split("\n")[0]!.slice(0, 400);
}
