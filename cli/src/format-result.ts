// Renders a JSONCompact result (column names, types and rows) for the terminal: an aligned table,
// or a JSON array of objects.

export interface CompactResult {
  meta: { name: string; type: string }[];
  data: unknown[][];
}

const NUMERIC_TYPE = /^(Nullable\()?(U?Int\d+|Float\d+|Decimal)/;

export function formatTable(result: CompactResult): string {
  const headers = result.meta.map((column) => column.name);
  const cells = result.data.map((row) => row.map(formatCell));
  const widths = headers.map((header, i) => Math.max(header.length, ...cells.map((row) => (row[i] ?? "").length)));
  const numeric = result.meta.map((column) => NUMERIC_TYPE.test(column.type));
  const line = (values: string[]) =>
    values
      .map((value, i) => (numeric[i] ? value.padStart(widths[i]!) : value.padEnd(widths[i]!)))
      .join(" │ ")
      .trimEnd();
  const rule = widths.map((width) => "─".repeat(width)).join("─┼─");
  const count = `(${result.data.length} ${result.data.length === 1 ? "row" : "rows"})`;
  return [line(headers), rule, ...cells.map(line), count].join("\n") + "\n";
}

export function formatJson(result: CompactResult): string {
  const rows = result.data.map((row) => Object.fromEntries(result.meta.map((column, i) => [column.name, row[i]])));
  return JSON.stringify(rows, null, 2) + "\n";
}

function formatCell(value: unknown): string {
  if (value === null) return "NULL";
  if (typeof value === "string") return value.replace(/\n/g, "\\n");
  if (typeof value === "object") return JSON.stringify(value);
  return String(value);
}
