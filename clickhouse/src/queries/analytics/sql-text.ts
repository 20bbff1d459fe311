// Small helpers that lay generated SQL out the same way every time, so golden tests stay readable.

export function indent(text: string, spaces = 4): string {
  const pad = " ".repeat(spaces);
  return text
    .split("\n")
    .map((line) => (line === "" ? line : pad + line))
    .join("\n");
}

/** `WHERE a\n  AND b\n  AND c` */
export function whereClause(conditions: readonly string[]): string {
  return conditions.map((condition, i) => (i === 0 ? `WHERE ${condition}` : `  AND ${condition}`)).join("\n");
}

/** A SELECT list with one expression a line. */
export function selectList(expressions: readonly string[]): string {
  return ["SELECT", ...expressions.map((expression, i) => `    ${expression}${i < expressions.length - 1 ? "," : ""}`)].join("\n");
}

export const TIME_PARAM = "DateTime64(3, 'UTC')";

/** Only the parameters the SQL refers to, so each query sends exactly what it binds. */
export function usedParams(sql: string, params: Record<string, unknown>): Record<string, unknown> {
  const names = new Set([...sql.matchAll(/\{(\w+):/g)].map((match) => match[1]));
  return Object.fromEntries(Object.entries(params).filter(([name]) => names.has(name)));
}
