// Turns a panel's rawSql into the SQL that Grafana and the ClickHouse plugin send to ClickHouse, so the
// tests can run exactly that. Three steps, in the plugin's order:
//   1. $__conditionalAll(cond, $var)   plugin frontend (src/data/CHDatasource.ts, applyConditionalAll)
//   2. $var, ${var}, ${var:format}     Grafana's template service, with the plugin's own formatter
//   3. $__timeFilter(col), ...         plugin backend (pkg/macros/macros.go on top of grafana/macropro)
// Read from grafana/clickhouse-datasource at 1d04063 (4.20.0 + unreleased, 2026-08-20) and
// grafana/macropro parser.go/defaults.go, and grafana/scenes formatRegistry.ts, on 2026-11-25.

/** What Grafana stores as the value of a variable whose "All" option is selected. */
export const ALL_VALUE = "$__all";

export type VariableValue = string | readonly string[];

export interface ResolvedVariable {
  name: string;
  value: VariableValue;
  /** Every option, for expanding "All" where no $__conditionalAll swallowed it. */
  allOptions: readonly string[];
  /** The variable's custom "All" value, when it has one. */
  allValue?: string | undefined;
}

export interface QueryContext {
  from: Date;
  to: Date;
  /** The panel's interval ($__interval), in milliseconds. */
  intervalMs: number;
}

export class MacroError extends Error {
  override name = "MacroError";
}

/** All three steps: what ClickHouse receives for this rawSql. */
export function renderGrafanaSql(rawSql: string, variables: readonly ResolvedVariable[], context: QueryContext): string {
  return expandMacros(interpolateVariables(applyConditionalAll(rawSql, variables), variables), context);
}

// ---- 1. $__conditionalAll --------------------------------------------------------------------------

const CONDITIONAL_ALL = "$__conditionalAll(";

/**
 * Replaces each `$__conditionalAll(condition, $var)` by `1=1` when $var is All (or empty), else by the
 * condition as written. Like the plugin, it works from the last occurrence backwards, splits the
 * arguments on commas at the first bracket level only, and gives up (returning the SQL as it stands)
 * on a call that does not have exactly two arguments.
 */
export function applyConditionalAll(sql: string, variables: readonly ResolvedVariable[]): string {
  let result = sql;
  let at = result.lastIndexOf(CONDITIONAL_ALL);
  while (at !== -1) {
    const args = bracketArguments(result, at + CONDITIONAL_ALL.length - 1);
    if (args.length !== 2) return result;
    const [condition, variableArg] = args as [string, string];
    const name = /\$\{(\w+)\}|\$(\w+)/.exec(variableArg.trim());
    let replacement = condition;
    if (name) {
      const variable = variables.find((candidate) => candidate.name === (name[1] ?? name[2]));
      const text = variable === undefined ? undefined : String(variable.value);
      if (text === "" || text === ALL_VALUE) replacement = "1=1";
    }
    result = result.replace(`${CONDITIONAL_ALL}${condition},${variableArg})`, replacement);
    at = result.lastIndexOf(CONDITIONAL_ALL);
  }
  return result;
}

/** The arguments of the call whose "(" is at `open`, split on commas directly inside it (no quote handling, as the plugin). */
function bracketArguments(sql: string, open: number): string[] {
  const args: string[] = [];
  let depth = 0;
  let start = open + 1;
  for (let i = open; i < sql.length; i++) {
    const char = sql[i];
    if (char === "(") depth++;
    else if (char === ")") depth--;
    if (char === "," && depth === 1) {
      args.push(sql.slice(start, i));
      start = i + 1;
    }
    if (depth === 0) {
      args.push(sql.slice(start, i));
      return args;
    }
  }
  return [];
}

// ---- 2. Template variables -------------------------------------------------------------------------

/** Grafana's variable syntaxes: $name, ${name}, ${name:format}, [[name]] (names starting "__" are built-ins or macros). */
const VARIABLE_PATTERN = /\$(\w+)|\$\{(\w+)(?::(\w+))?\}|\[\[(\w+)\]\]/g;

/**
 * Replaces each declared variable. Without a format the plugin's formatter applies: a list becomes
 * 'a','b' (quoted, joined, quotes not escaped), a single string goes in as it is. `singlequote`
 * quotes each value and escapes its quotes with a backslash; `raw` and `csv` join with commas.
 * Undeclared names ($__timeFilter, $__interval_s, ...) are left for the macro step.
 */
export function interpolateVariables(sql: string, variables: readonly ResolvedVariable[]): string {
  return sql.replace(
    VARIABLE_PATTERN,
    (match, plain: string | undefined, braced: string | undefined, format: string | undefined, bracketed: string | undefined) => {
      const variable = variables.find((candidate) => candidate.name === (plain ?? braced ?? bracketed));
      if (variable === undefined) return match;
      return formatValue(valueWithAllExpanded(variable), format);
    },
  );
}

function valueWithAllExpanded(variable: ResolvedVariable): VariableValue {
  const isAll = variable.value === ALL_VALUE || (Array.isArray(variable.value) && variable.value[0] === ALL_VALUE);
  if (!isAll) return variable.value;
  return variable.allValue ?? variable.allOptions;
}

function formatValue(value: VariableValue, format: string | undefined): string {
  const list = typeof value === "string" ? undefined : value;
  switch (format) {
    case undefined:
      return list ? `'${list.join("','")}'` : (value as string);
    case "singlequote": {
      const quote = (text: string) => `'${text.replace(/'/g, "\\'")}'`;
      return list ? list.map(quote).join(",") : quote(value as string);
    }
    case "raw":
    case "csv":
      return list ? list.join(",") : (value as string);
    default:
      throw new MacroError(`variable format ":${format}" is not emulated by the dashboard tests; use singlequote, raw or csv`);
  }
}

// ---- 3. Backend macros -----------------------------------------------------------------------------

type Macro = (args: string[], context: QueryContext) => string;

const seconds = (date: Date) => Math.floor(date.getTime() / 1000);
const dateTime = (date: Date) => `toDateTime(${seconds(date)})`;
const dateTimeMs = (date: Date) => `fromUnixTimestamp64Milli(${date.getTime()})`;
const day = (date: Date) => `toDate('${date.toISOString().slice(0, 10)}')`;
const intervalSeconds = (context: QueryContext) => Math.max(Math.floor(context.intervalMs / 1000), 1);

function oneColumn(name: string, args: string[]): string {
  if (args.length !== 1) throw new MacroError(`$__${name} expected 1 argument(s), received ${args.length}`);
  return args[0]!;
}

/** The plugin's macros (pkg/macros/macros.go) and the macropro defaults it keeps (interval, interval_ms). */
const MACROS: Record<string, Macro> = {
  fromTime: (_, c) => dateTime(c.from),
  toTime: (_, c) => dateTime(c.to),
  fromTime_ms: (_, c) => dateTimeMs(c.from),
  toTime_ms: (_, c) => dateTimeMs(c.to),
  timeFilter: (args, c) => {
    const column = oneColumn("timeFilter", args);
    return `${column} >= ${dateTime(c.from)} AND ${column} <= ${dateTime(c.to)}`;
  },
  timeFilter_ms: (args, c) => {
    const column = oneColumn("timeFilter_ms", args);
    return `${column} >= ${dateTimeMs(c.from)} AND ${column} <= ${dateTimeMs(c.to)}`;
  },
  dateFilter: (args, c) => {
    const column = oneColumn("dateFilter", args);
    return `${column} >= ${day(c.from)} AND ${column} <= ${day(c.to)}`;
  },
  timeFrom: (args, c) => `${oneColumn("timeFrom", args)} >= ${dateTime(c.from)}`,
  timeTo: (args, c) => `${oneColumn("timeTo", args)} <= ${dateTime(c.to)}`,
  timeInterval: (args, c) => `toStartOfInterval(toDateTime(${oneColumn("timeInterval", args)}), INTERVAL ${intervalSeconds(c)} second)`,
  timeInterval_ms: (args, c) =>
    `toStartOfInterval(toDateTime64(${oneColumn("timeInterval_ms", args)}, 3), INTERVAL ${Math.max(c.intervalMs, 1)} millisecond)`,
  interval_s: (_, c) => String(intervalSeconds(c)),
  interval_ms: (_, c) => String(c.intervalMs),
};

/**
 * Expands `$__name` and `$__name(args)` like macropro: comments are stripped first, a name is taken
 * whole (so $__interval_s is never read as $__interval), arguments split on top-level commas outside
 * quotes and are trimmed. Unknown names are left as they are (ClickHouse will then refuse them).
 */
export function expandMacros(sql: string, context: QueryContext): string {
  const text = stripComments(sql);
  let out = "";
  let i = 0;
  while (i < text.length) {
    const at = text.indexOf("$__", i);
    if (at === -1) break;
    const name = /^\w+/.exec(text.slice(at + 3))?.[0] ?? "";
    const macro = Object.hasOwn(MACROS, name) ? MACROS[name] : undefined;
    out += text.slice(i, at);
    let next = at + 3 + name.length;
    if (macro === undefined) {
      out += text.slice(at, next);
      i = next;
      continue;
    }
    let args: string[] = [];
    if (text[next] === "(") {
      const close = closingParen(text, next);
      if (close !== -1) {
        args = splitArguments(text.slice(next + 1, close));
        next = close + 1;
      }
    }
    out += macro(args, context);
    i = next;
  }
  return out + text.slice(i);
}

/** Removes -- and block comments outside string literals and backquoted names. */
function stripComments(sql: string): string {
  let out = "";
  for (let i = 0; i < sql.length;) {
    const char = sql[i]!;
    if (char === "'" || char === '"' || char === "`") {
      const end = endOfQuoted(sql, i);
      out += sql.slice(i, end);
      i = end;
    } else if (sql.startsWith("--", i)) {
      const end = sql.indexOf("\n", i);
      i = end === -1 ? sql.length : end;
    } else if (sql.startsWith("/*", i)) {
      const end = sql.indexOf("*/", i + 2);
      i = end === -1 ? sql.length : end + 2;
    } else {
      out += char;
      i++;
    }
  }
  return out;
}

/** Index just past the literal opened at `start` (doubled or backslash-escaped quotes stay inside). */
function endOfQuoted(sql: string, start: number): number {
  const quote = sql[start];
  for (let i = start + 1; i < sql.length; i++) {
    if (sql[i] === "\\") i++;
    else if (sql[i] === quote) {
      if (sql[i + 1] === quote) i++;
      else return i + 1;
    }
  }
  return sql.length;
}

function closingParen(sql: string, open: number): number {
  let depth = 0;
  for (let i = open; i < sql.length;) {
    const char = sql[i];
    if (char === "'" || char === '"') {
      i = endOfQuoted(sql, i);
      continue;
    }
    if (char === "(") depth++;
    if (char === ")" && --depth === 0) return i;
    i++;
  }
  return -1;
}

function splitArguments(raw: string): string[] {
  if (raw.trim() === "") return [];
  const args: string[] = [];
  let depth = 0;
  let start = 0;
  for (let i = 0; i < raw.length;) {
    const char = raw[i];
    if (char === "'" || char === '"') {
      i = endOfQuoted(raw, i);
      continue;
    }
    if (char === "(") depth++;
    else if (char === ")") depth--;
    else if (char === "," && depth === 0) {
      args.push(raw.slice(start, i).trim());
      start = i + 1;
    }
    i++;
  }
  args.push(raw.slice(start).trim());
  return args;
}
