// CSV as RFC 4180 has it: comma-separated, CRLF line ends, and a field quoted (its quotes doubled)
// when it holds a comma, a quote, CR or LF. Values that are not text are written the way a
// spreadsheet reads them back: empty for null, JSON for arrays and objects.
// Text is tenant-supplied (model names, user ids, prompt names), and a spreadsheet runs a cell that
// starts with =, +, -, @, tab or CR as a formula, so such text gets a leading ' inside a quoted field
// (OWASP's CSV injection advice) and opens as text. A string that is exactly a plain number
// ("-0.0012", "-5", "1e-7": ClickHouse sends decimals and 64-bit integers as strings) is left alone,
// so costs stay numbers; no formula fits that shape. Values that are not strings (numbers, dates,
// arrays and objects as JSON) cannot hold a formula and are never prefixed.

const FORMULA_START = /^[=+\-@\t\r]/;
const PLAIN_NUMBER = /^[+-]?(?:\d+(?:\.\d*)?|\.\d+)(?:[eE][+-]?\d+)?$/;

export function csvField(value: unknown): string {
  const text = csvText(value);
  if (typeof value === "string" && FORMULA_START.test(text) && !PLAIN_NUMBER.test(text)) return `"'${text.replaceAll('"', '""')}"`;
  return /[",\r\n]/.test(text) ? `"${text.replaceAll('"', '""')}"` : text;
}

export function csvRow(values: readonly unknown[]): string {
  return `${values.map(csvField).join(",")}\r\n`;
}

function csvText(value: unknown): string {
  if (value === null || value === undefined) return "";
  if (typeof value === "string") return value;
  if (typeof value === "number" || typeof value === "boolean" || typeof value === "bigint") return String(value);
  if (value instanceof Date) return value.toISOString();
  return JSON.stringify(value);
}
