// The static checks on a person's ad-hoc SELECT before it runs against a tenant's data. They read the
// query as ClickHouse itself parsed it (`EXPLAIN AST` of the text `formatQuery` printed), so there is
// no second parser to disagree with the engine, and refuse anything that could reach data outside the
// tables the console binds to the caller's projects. Pure: the runner (sql-console.ts) feeds them.

/** A query refused before it ran; the message says why, for the person who wrote it. */
export class SqlRejectedError extends Error {
  constructor(message: string) {
    super(message);
    this.name = "SqlRejectedError";
  }
}

export interface AstNode {
  type: string;
  /** The rest of the line after the type: a name, a literal, "(alias x)". */
  text: string;
  children: AstNode[];
}

/**
 * Node types whose printed form shows everything that matters for access (a table or function by
 * name), or that can only hold other nodes. Anything else, e.g. `APPLY(file)` which prints as a bare
 * ColumnsApplyTransformer, SETTINGS (`Set`), FORMAT or INTO OUTFILE, is refused.
 */
const ALLOWED_NODE_TYPES = new Set([
  "SelectWithUnionQuery",
  "SelectIntersectExceptQuery",
  "SelectQuery",
  "ExpressionList",
  "TablesInSelectQuery",
  "TablesInSelectQueryElement",
  "TableExpression",
  "TableIdentifier",
  "TableJoin",
  "ArrayJoin",
  "Subquery",
  "WithElement",
  "Identifier",
  "Function",
  "Literal",
  "Asterisk",
  "QualifiedAsterisk",
  "ColumnsRegexpMatcher",
  "ColumnsListMatcher",
  "QualifiedColumnsRegexpMatcher",
  "QualifiedColumnsListMatcher",
  "ColumnsTransformerList",
  "ColumnsExceptTransformer",
  "ColumnsReplaceTransformer",
  "ColumnsReplaceTransformer::Replacement",
  "OrderByElement",
  "InterpolateElement",
  "WindowDefinition",
  "WindowListElement",
  "SampleRatio",
]);

/** Table functions that generate rows without reading anything (file, url, remote, merge, ... are refused). */
const TABLE_FUNCTIONS = new Set(["numbers", "numbers_mt", "zeros", "zeros_mt", "values", "generateseries", "generate_series"]);

/**
 * Scalar functions that read files, dictionaries, Join tables or server configuration, or that only
 * hold the shared ad-hoc session (sleep). Compared in lower case: some names are case-insensitive.
 */
const DENIED_FUNCTIONS = new Set([
  "file",
  "joinget",
  "joingetornull",
  "hascolumnintable",
  "catboostevaluate",
  "modelevaluate",
  "naivebayesclassifier",
  "sleep",
  "sleepeachrow",
  "getserversetting",
  "getmergetreesetting",
  "getmacro",
  "getclienthttpheader",
  "globalvariable",
  "filesystemavailable",
  "filesystemcapacity",
  "filesystemunreserved",
]);
const DENIED_FUNCTION_PREFIXES = ["dict", "__"];

/** in, notIn, globalIn, globalNotIn, nullIn, notNullIn, globalNullIn, globalNotNullIn. */
const IN_FUNCTION = /^(global)?(not)?(null)?in$/i;

const LINE = /^( *)([A-Za-z][A-Za-z0-9_:]*)(.*)$/;
const DECLARED_CHILDREN = / \(children (\d+)\)$/;

/**
 * The canonical text `formatQuery` printed must be one statement whose every line break is layout:
 * no statement separator or comment outside literals, and no quoted name with an escape sequence (a
 * name with a line break in it would print as two lines of `EXPLAIN AST` and could forge a node) or
 * with "(alias " in it (it would print as a different name with an alias).
 */
export function checkCanonicalText(text: string): void {
  for (let i = 0; i < text.length; i++) {
    const char = text[i];
    if (char === "'") {
      i = skipQuoted(text, i, "'");
      continue;
    }
    if (char === "`" || char === '"') {
      const end = skipQuoted(text, i, char);
      if (text.slice(i + 1, end).includes("\\"))
        throw new SqlRejectedError("Quoted names with escape sequences (\\n, \\t, ...) are not supported");
      // EXPLAIN AST prints names unquoted, so a name holding " (alias x)" would print like a shorter name with an alias.
      if (text.slice(i + 1, end).includes("(alias ")) throw new SqlRejectedError('Quoted names may not contain "(alias "');
      i = end;
      continue;
    }
    if (char === ";") throw new SqlRejectedError("Give one SELECT statement");
    if ((char === "-" && text[i + 1] === "-") || (char === "/" && text[i + 1] === "*") || char === "#") {
      throw new SqlRejectedError("The query could not be read as one statement");
    }
  }
}

/** Index of the closing quote of the quoted token starting at `start` (backslash escapes and doubled quotes). */
function skipQuoted(text: string, start: number, quote: string): number {
  for (let i = start + 1; i < text.length; i++) {
    if (text[i] === "\\") i++;
    else if (text[i] === quote) {
      if (text[i + 1] === quote) i++;
      else return i;
    }
  }
  throw new SqlRejectedError("The query could not be read as one statement");
}

/**
 * Builds the tree from `EXPLAIN AST` lines (one space of indent per level) and checks it is exactly
 * the tree the lines declare: each node has as many children as its "(children N)" says.
 */
export function parseExplainAst(lines: readonly string[]): AstNode {
  const malformed = () => new SqlRejectedError("The query could not be analysed");
  const stack: { node: AstNode; declared: number }[] = [];
  let root: AstNode | undefined;
  const all: { node: AstNode; declared: number }[] = [];
  for (const line of lines) {
    const match = LINE.exec(line);
    if (!match) throw malformed();
    const depth = match[1]!.length;
    const rest = match[3]!;
    const declared = DECLARED_CHILDREN.exec(rest);
    const entry = {
      node: { type: match[2]!, text: (declared ? rest.slice(0, declared.index) : rest).trim(), children: [] as AstNode[] },
      declared: declared ? Number(declared[1]) : 0,
    };
    if (depth === 0) {
      if (root) throw malformed();
      root = entry.node;
    } else {
      if (depth > stack.length) throw malformed();
      stack.length = depth;
      stack[depth - 1]!.node.children.push(entry.node);
    }
    stack[depth] = entry;
    stack.length = depth + 1;
    all.push(entry);
  }
  if (!root) throw malformed();
  for (const { node, declared } of all) if (node.children.length !== declared) throw malformed();
  return root;
}

export interface TableRules {
  /** Names the console binds to the caller's projects (unqualified). */
  queryable: ReadonlySet<string>;
  /** Every table and view of the database; naming one that is not queryable is refused. */
  existing: ReadonlySet<string>;
}

/** What the runner needs from an accepted query. */
export interface CheckedQuery {
  /**
   * Table names the query reads that are neither queryable nor existing: CTEs the query defines for
   * itself, or unknown names. The runner shadows each with a CTE of its own, so a name whose CTE is
   * out of scope where it is read never reaches the database (whose default database, on the embedded
   * engine, opens any file path as a table).
   */
  otherNames: ReadonlySet<string>;
}

/**
 * A table name the console accepts at all: a plain identifier. Paths, globs (`*`, `?`, `{a,b}`, `[0-9]`),
 * dots (a database, a file extension) and every other character are refused, however they were quoted.
 */
export const PLAIN_TABLE_NAME = /^[A-Za-z_][A-Za-z0-9_]*$/;

/** Throws SqlRejectedError unless the parsed query is one SELECT that reads only queryable tables (or its own CTEs). */
export function checkQueryAst(root: AstNode, rules: TableRules): CheckedQuery {
  if (root.type !== "SelectWithUnionQuery" || root.children.length !== 1) {
    throw new SqlRejectedError("Only a single SELECT is allowed (no SETTINGS, FORMAT or INTO OUTFILE)");
  }
  const otherNames = new Set<string>();
  const visit = (node: AstNode, parent: AstNode | undefined): void => {
    if (!ALLOWED_NODE_TYPES.has(node.type)) throw new SqlRejectedError(describeRefusedNode(node));
    if (node.type === "Function") checkFunction(node, parent);
    if (node.type === "TableIdentifier") {
      const name = tableName(node.text);
      if (checkTable(name, rules) === "other") otherNames.add(name);
    }
    for (const child of node.children) visit(child, node);
  };
  visit(root, undefined);
  return { otherNames };
}

function checkFunction(node: AstNode, parent: AstNode | undefined): void {
  const name = firstToken(node.text);
  const lower = name.toLowerCase();
  if (parent?.type === "TableExpression") {
    if (!TABLE_FUNCTIONS.has(lower)) throw new SqlRejectedError(`Table function ${name}() is not allowed; query the documented tables`);
    return;
  }
  if (DENIED_FUNCTIONS.has(lower) || DENIED_FUNCTION_PREFIXES.some((prefix) => lower.startsWith(prefix))) {
    throw new SqlRejectedError(`Function ${name}() is not allowed here`);
  }
  // `x IN some_table` reads a table by name; a subquery says the same through the checked FROM.
  if (IN_FUNCTION.test(name) && node.children[0]?.children[1]?.type === "Identifier") {
    throw new SqlRejectedError("Write IN (SELECT ... FROM <table>) instead of naming a table after IN");
  }
}

function checkTable(name: string, rules: TableRules): "queryable" | "other" {
  if (rules.queryable.has(name)) return "queryable";
  if (name.includes(".")) throw new SqlRejectedError(`Name tables without a database or extension: ${name} is not queryable`);
  if (!PLAIN_TABLE_NAME.test(name)) throw new SqlRejectedError(`${name} is not a table name; the tables are ${listQueryable(rules)}`);
  const lower = name.toLowerCase();
  if ([...rules.existing].some((existing) => existing.toLowerCase() === lower)) {
    throw new SqlRejectedError(`${name} is not queryable; the tables are ${listQueryable(rules)}`);
  }
  return "other";
}

function listQueryable(rules: TableRules): string {
  return [...rules.queryable].sort().join(", ");
}

function describeRefusedNode(node: AstNode): string {
  if (node.type === "Set") return "SETTINGS are not allowed; the console sets the limits";
  if (node.type === "ColumnsApplyTransformer") return "APPLY is not allowed; call the function on the columns instead";
  return `This kind of query is not allowed (${node.type})`;
}

function firstToken(text: string): string {
  return text.split(" ")[0] ?? "";
}

/**
 * The name in a TableIdentifier line: everything before a trailing " (alias ...)". A quoted name can
 * hold spaces (`/etc/my file`), so the first word alone would check a different name than the engine reads.
 */
function tableName(text: string): string {
  const alias = / \(alias [^()]*\)$/.exec(text);
  return alias ? text.slice(0, alias.index) : text;
}
