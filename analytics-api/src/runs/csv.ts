// CSV as RFC 4180 has it: comma-separated, CRLF line ends, and a field quoted (its quotes doubled)
// when it holds a comma, a quote, CR or LF. Values that are not text are written the way a
// spreadsheet reads them back: empty for null, JSON for arrays and objects.

export function csvField(value: unknown): string {
  const text = csvText(value);
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
