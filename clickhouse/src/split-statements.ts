// Splits a migration file into single statements (both backends take one statement per call).
// Semicolons inside quotes, identifiers in backticks or double quotes, and comments do not split.

export function splitStatements(sql: string): string[] {
  const statements: string[] = [];
  let current = "";
  let i = 0;
  while (i < sql.length) {
    const ch = sql[i]!;
    const next = sql[i + 1];
    if (ch === "-" && next === "-") {
      const end = sql.indexOf("\n", i);
      i = end === -1 ? sql.length : end;
      continue;
    }
    if (ch === "/" && next === "*") {
      const end = sql.indexOf("*/", i + 2);
      i = end === -1 ? sql.length : end + 2;
      current += " ";
      continue;
    }
    if (ch === "'" || ch === '"' || ch === "`") {
      const end = closingQuote(sql, i);
      current += sql.slice(i, end + 1);
      i = end + 1;
      continue;
    }
    if (ch === ";") {
      pushStatement(statements, current);
      current = "";
      i++;
      continue;
    }
    current += ch;
    i++;
  }
  pushStatement(statements, current);
  return statements;
}

function closingQuote(sql: string, start: number): number {
  const quote = sql[start];
  for (let i = start + 1; i < sql.length; i++) {
    if (sql[i] === "\\") {
      i++;
      continue;
    }
    if (sql[i] === quote) {
      if (sql[i + 1] === quote) {
        i++;
        continue;
      }
      return i;
    }
  }
  throw new SyntaxError(`Unterminated ${quote} quote starting at offset ${start}`);
}

function pushStatement(statements: string[], text: string): void {
  const trimmed = text.trim();
  if (trimmed.length > 0) statements.push(trimmed);
}
