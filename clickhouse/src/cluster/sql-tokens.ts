// A small lexer for migration statements: enough to find names, clauses and matching parentheses without
// being fooled by quotes or comments. It is not a SQL parser: the renderer only accepts the few statement
// shapes migrations.test.ts allows. Each token keeps its offsets, so a statement is rewritten by slicing.

export type TokenKind = "word" | "string" | "quoted" | "space" | "symbol";

export interface Token {
  kind: TokenKind;
  text: string;
  start: number;
  end: number;
  /** Parenthesis depth; a "(" and its ")" both carry the depth outside them. */
  depth: number;
}

const WORD_CHAR = /[A-Za-z0-9_$]/;
const SPACE_CHAR = /\s/;

export function tokenize(sql: string): Token[] {
  const tokens: Token[] = [];
  let depth = 0;
  let i = 0;
  const push = (kind: TokenKind, end: number, tokenDepth = depth) => {
    tokens.push({ kind, text: sql.slice(i, end), start: i, end, depth: tokenDepth });
    i = end;
  };
  while (i < sql.length) {
    const ch = sql[i]!;
    if (SPACE_CHAR.test(ch)) push("space", scanWhile(sql, i, SPACE_CHAR));
    else if (ch === "-" && sql[i + 1] === "-") push("space", lineEnd(sql, i));
    else if (ch === "/" && sql[i + 1] === "*") push("space", blockCommentEnd(sql, i));
    else if (ch === "'") push("string", quoteEnd(sql, i));
    else if (ch === "`" || ch === '"') push("quoted", quoteEnd(sql, i));
    else if (WORD_CHAR.test(ch)) push("word", scanWhile(sql, i, WORD_CHAR));
    else if (ch === "(") {
      push("symbol", i + 1);
      depth++;
    } else if (ch === ")") {
      depth--;
      push("symbol", i + 1);
    } else push("symbol", i + 1);
  }
  return tokens;
}

/** Tokens other than whitespace and comments, in order. */
export function significant(tokens: readonly Token[]): Token[] {
  return tokens.filter((token) => token.kind !== "space");
}

/** Whether the token is the keyword (case-insensitive) or, given several, one of them. */
export function isKeyword(token: Token | undefined, ...keywords: string[]): boolean {
  return token?.kind === "word" && keywords.includes(token.text.toUpperCase());
}

/** Index (in `tokens`) of the ")" matching the "(" at `open`. */
export function matchingParen(tokens: readonly Token[], open: number): number {
  const depth = tokens[open]!.depth;
  for (let i = open + 1; i < tokens.length; i++) {
    if (tokens[i]!.text === ")" && tokens[i]!.kind === "symbol" && tokens[i]!.depth === depth) return i;
  }
  throw new SyntaxError(`Unbalanced parenthesis at offset ${tokens[open]!.start}`);
}

function scanWhile(sql: string, from: number, pattern: RegExp): number {
  let end = from;
  while (end < sql.length && pattern.test(sql[end]!)) end++;
  return end;
}

function lineEnd(sql: string, from: number): number {
  const end = sql.indexOf("\n", from);
  return end === -1 ? sql.length : end;
}

function blockCommentEnd(sql: string, from: number): number {
  const end = sql.indexOf("*/", from + 2);
  return end === -1 ? sql.length : end + 2;
}

/** Offset just past the closing quote; backslash escapes and doubled quotes stay inside. */
function quoteEnd(sql: string, from: number): number {
  const quote = sql[from];
  for (let i = from + 1; i < sql.length; i++) {
    if (sql[i] === "\\") {
      i++;
    } else if (sql[i] === quote) {
      if (sql[i + 1] !== quote) return i + 1;
      i++;
    }
  }
  throw new SyntaxError(`Unterminated ${quote} quote starting at offset ${from}`);
}
