// How the SQL console shows and downloads an answer of POST /api/sql: cells as text (decimals arrive
// as exact strings, NULL stays visible), numeric columns by their ClickHouse type, the CSV's header and
// rows taken from the answer already loaded, and inserting a name at the editor's cursor.
import type { SqlResult } from "../api/types.ts";

/** The text of one cell. Objects (arrays, maps, tuples) as JSON; null as NULL. */
export function formatCell(value: unknown): string {
  if (value === null || value === undefined) return "NULL";
  if (typeof value === "string") return value;
  if (typeof value === "number" || typeof value === "boolean" || typeof value === "bigint") return String(value);
  try {
    return JSON.stringify(value);
  } catch {
    return String(value);
  }
}

const NUMERIC = /^(U?Int\d+|Float\d+|Decimal(\d+)?(\(.*\))?|BFloat16)$/;

/** Whether a ClickHouse type holds a number (through Nullable and LowCardinality), to align it right. */
export function isNumericType(type: string): boolean {
  return NUMERIC.test(unwrapType(type));
}

/** Nullable(LowCardinality(X)) → X */
export function unwrapType(type: string): string {
  let current = type.trim();
  for (;;) {
    const match = /^(Nullable|LowCardinality)\((.*)\)$/.exec(current);
    if (!match) return current;
    current = match[2]!.trim();
  }
}

/**
 * The CSV's header and rows (for lib/csv.ts toCsv, which writes null as an empty cell and arrays or
 * maps as JSON, as the API's own CSV does): the rows exactly as the API sent them.
 */
export function csvTable(result: Pick<SqlResult, "columns" | "rows">): { header: string[]; rows: readonly (readonly unknown[])[] } {
  // Duplicate names (SELECT a, a) stay duplicates, as in the API's CSV: renaming would hide the query's shape.
  return { header: result.columns.map((column) => column.name), rows: result.rows };
}

/** query-20261125-101500.csv, in the browser's local time. */
export function csvFileName(now: Date): string {
  const pad = (value: number) => String(value).padStart(2, "0");
  return `query-${now.getFullYear()}${pad(now.getMonth() + 1)}${pad(now.getDate())}-${pad(now.getHours())}${pad(now.getMinutes())}${pad(now.getSeconds())}.csv`;
}

/** The text with `insert` replacing the selection, and where the cursor goes after it. */
export function insertAt(text: string, selection: { start: number; end: number }, insert: string): { text: string; cursor: number } {
  const start = Math.max(0, Math.min(selection.start, text.length));
  const end = Math.max(start, Math.min(selection.end, text.length));
  // Keep words apart: "FROM" + "llm_runs" should not become "FROMllm_runs".
  const before = text.slice(0, start);
  const after = text.slice(end);
  const lead = before !== "" && !/[\s(,.]$/.test(before) ? " " : "";
  const trail = after !== "" && !/^[\s),.]/.test(after) ? " " : "";
  const piece = `${lead}${insert}${trail}`;
  return { text: `${before}${piece}${after}`, cursor: start + lead.length + insert.length };
}

/** "1 row" / "1,234 rows" */
export function rowsLabel(count: number): string {
  return `${count.toLocaleString("en-US")} ${count === 1 ? "row" : "rows"}`;
}
