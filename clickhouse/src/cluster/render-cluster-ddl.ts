// Renders the migrations for a self-managed sharded and replicated ClickHouse cluster. Every statement
// gets ON CLUSTER; a storage table becomes `<table>_local` with the Replicated form of its engine plus a
// Distributed table of the original name (so the app's queries fan out unchanged); materialized views
// read and write the `_local` tables on each shard; plain views read the Distributed tables; ALTERs reach
// the `_local` table, and column changes the Distributed one too; constraint changes are followed by a
// new Distributed table (see CONSTRAINT_COMMANDS); a view's MODIFY QUERY reads the `_local` source like
// its CREATE. Anything else is refused with the reason, so a future migration can never be
// rendered wrong in silence.
import type { Migration } from "../migration.ts";
import { ClusterRenderError } from "./cluster-errors.ts";
import { quoteClusterName } from "./cluster-name.ts";
import { isKeyword, matchingParen, significant, tokenize, type Token } from "./sql-tokens.ts";
import {
  EVERY_HOST_REPLICA_NAME,
  everyHostReplicaPath,
  localTableName,
  SHARD_REPLICA_NAME,
  shardReplicaPath,
  TABLE_PLACEMENTS,
  type TablePlacement,
} from "./table-placement.ts";

export type TablePlacements = Readonly<Record<string, TablePlacement>>;

/** MergeTree engines that have a Replicated form taking (path, replica, ...the same arguments). */
const REPLICABLE_ENGINE = /^(Replacing|Aggregating|Summing|Collapsing|VersionedCollapsing)?MergeTree$/;

/** ALTER commands that change columns: applied to `_local` and to the Distributed table, whose structure must follow. */
const COLUMN_COMMANDS = new Set(["ADD COLUMN", "DROP COLUMN", "MODIFY COLUMN", "RENAME COLUMN", "COMMENT COLUMN"]);
/** ALTER commands about storage (Distributed refuses them): applied to `_local` only. A projection lives with the parts of `_local`. */
const LOCAL_COMMANDS = new Set([
  "ADD INDEX",
  "DROP INDEX",
  "MATERIALIZE INDEX",
  "CLEAR INDEX",
  "MODIFY TTL",
  "REMOVE TTL",
  "MATERIALIZE TTL",
  "MODIFY SETTING",
  "RESET SETTING",
  "ADD PROJECTION",
  "DROP PROJECTION",
  "MATERIALIZE PROJECTION",
  "CLEAR PROJECTION",
]);
/**
 * ALTER commands about CHECK constraints: applied to `_local`, then the Distributed table is made again
 * from it. A table created `AS` another copies its constraints and checks them on every insert, and
 * Distributed refuses to alter them (NOT_IMPLEMENTED), so without the new table an insert through it would
 * still meet the old constraint. CREATE OR REPLACE swaps it atomically; the old one sends what it has
 * queued before it goes (Distributed's flush_on_detach, on by default).
 */
const CONSTRAINT_COMMANDS = new Set(["ADD CONSTRAINT", "DROP CONSTRAINT"]);
/** Words that start an ALTER command: a comma followed by one of them separates two commands. */
const ALTER_VERBS = [
  "ADD",
  "DROP",
  "MODIFY",
  "RENAME",
  "COMMENT",
  "CLEAR",
  "MATERIALIZE",
  "REMOVE",
  "RESET",
  "UPDATE",
  "DELETE",
  "FREEZE",
  "UNFREEZE",
  "ATTACH",
  "DETACH",
  "REPLACE",
  "MOVE",
  "FETCH",
  "APPLY",
];
/** Words that may follow the table after FROM when it has no alias. */
const AFTER_SOURCE = [
  "FINAL",
  "SAMPLE",
  "ARRAY",
  "PREWHERE",
  "WHERE",
  "GROUP",
  "HAVING",
  "WINDOW",
  "QUALIFY",
  "ORDER",
  "LIMIT",
  "OFFSET",
  "SETTINGS",
  "UNION",
  "INTERSECT",
  "EXCEPT",
  "FORMAT",
];
const JOIN_WORDS = ["JOIN", "PASTE"];
/** Clauses that end an ORDER BY key written without parentheses. */
const AFTER_ORDER_BY = ["PARTITION", "PRIMARY", "SAMPLE", "TTL", "SETTINGS", "COMMENT"];

interface Statement {
  sql: string;
  /** Tokens without whitespace and comments. */
  words: Token[];
  onCluster: string;
  cluster: string;
  placements: TablePlacements;
}

/** Rewrites one migration statement into the statements a cluster needs, in the order to run them. */
export function renderClusterStatement(sql: string, cluster: string, placements: TablePlacements = TABLE_PLACEMENTS): string[] {
  const quoted = quoteClusterName(cluster);
  const statement: Statement = { sql, words: significant(tokenize(sql)), onCluster: `ON CLUSTER ${quoted}`, cluster: quoted, placements };
  if (startsWith(statement, "CREATE", "TABLE", "IF", "NOT", "EXISTS")) return renderCreateTable(statement);
  if (startsWith(statement, "CREATE", "MATERIALIZED", "VIEW", "IF", "NOT", "EXISTS")) return renderMaterializedView(statement);
  if (startsWith(statement, "CREATE", "OR", "REPLACE", "VIEW")) return renderView(statement);
  if (startsWith(statement, "ALTER", "TABLE")) return renderAlter(statement);
  throw refuse(
    statement,
    "only CREATE TABLE IF NOT EXISTS, CREATE MATERIALIZED VIEW IF NOT EXISTS, CREATE OR REPLACE VIEW and ALTER TABLE have a cluster form",
  );
}

/** Every migration with its statements rendered for the cluster; version, name and checksum are the file's. */
export function renderClusterMigrations(
  migrations: readonly Migration[],
  cluster: string,
  placements: TablePlacements = TABLE_PLACEMENTS,
): Migration[] {
  quoteClusterName(cluster);
  return migrations.map((migration) => ({
    ...migration,
    statements: migration.statements.flatMap((sql) => {
      try {
        return renderClusterStatement(sql, cluster, placements);
      } catch (error) {
        if (error instanceof ClusterRenderError) throw new ClusterRenderError(`${migration.name}: ${error.message}`);
        throw error;
      }
    }),
  }));
}

// CREATE TABLE IF NOT EXISTS <name> ( ... ) ENGINE = XMergeTree(args) ...
function renderCreateTable(statement: Statement): string[] {
  const { sql, words, onCluster, cluster } = statement;
  const name = tableNameAt(statement, 5);
  if (words[6]?.text !== "(") throw refuse(statement, "a table is created with its column list right after the name");
  const placement = placementOf(statement, name.text);
  const engine = findEngine(statement);
  const replicated = (path: string, replica: string) =>
    `Replicated${engine.name}(${sqlString(path)}, ${sqlString(replica)}${engine.args ? `, ${engine.args}` : ""})`;
  const rewrite = (newName: string, engineText: string) =>
    `${sql.slice(0, name.start)}${newName} ${onCluster}${sql.slice(name.end, engine.start)}${engineText}${sql.slice(engine.end)}`;

  if (placement.kind === "every-host") return [rewrite(name.text, replicated(everyHostReplicaPath(name.text), EVERY_HOST_REPLICA_NAME))];

  if (engine.name !== "MergeTree") {
    const sortKey = sortKeyColumns(statement, engine.endIndex);
    const outside = placement.shardBy.filter((column) => !sortKey.has(column));
    if (outside.length > 0) {
      throw refuse(
        statement,
        `the sharding key of ${name.text} uses ${outside.join(", ")}, which is not in its ORDER BY key: rows of one key could ` +
          `land on different shards and never collapse. Shard it by ORDER BY columns in table-placement.ts`,
      );
    }
  }
  const local = localTableName(name.text);
  return [
    rewrite(local, replicated(shardReplicaPath(local), SHARD_REPLICA_NAME)),
    `CREATE TABLE IF NOT EXISTS ${name.text} ${onCluster} AS ${local}\n` +
      `ENGINE = Distributed(${cluster}, currentDatabase(), ${local}, cityHash64(${placement.shardBy.join(", ")}))`,
  ];
}

// CREATE MATERIALIZED VIEW IF NOT EXISTS <name> TO <target> AS SELECT ... FROM <source> ...
// On each shard the view fires on inserts into the local source (an insert through the Distributed table
// reaches the shard's `_local` table) and writes into the local target.
function renderMaterializedView(statement: Statement): string[] {
  const { sql, words, onCluster } = statement;
  const name = tableNameAt(statement, 6);
  if (!isKeyword(words[7], "TO")) throw refuse(statement, "a materialized view writes TO a table");
  const target = tableNameAt(statement, 8);
  if (!isKeyword(words[9], "AS")) throw refuse(statement, "expected AS SELECT after the target table");
  requireSharded(statement, target.text, "the target of a materialized view");
  return [
    `${sql.slice(0, name.end)} ${onCluster}${sql.slice(name.end, target.start)}${localTableName(target.text)}` +
      `${sql.slice(target.end, words[10]?.start ?? sql.length)}${localSourceSelect(statement, 10)}`,
  ];
}

// ALTER TABLE <view> MODIFY QUERY SELECT ... FROM <source> ...: a materialized view's new SELECT, changed
// in place on every host (its target stays the `_local` table it was created with), reading the local
// source like the view's CREATE.
function renderModifyQuery(statement: Statement): string[] {
  const { sql, words, onCluster } = statement;
  const name = tableNameAt(statement, 2);
  if (Object.hasOwn(statement.placements, name.text)) {
    throw refuse(statement, `MODIFY QUERY changes a materialized view, and ${name.text} is a storage table`);
  }
  return [`${sql.slice(0, name.end)} ${onCluster}${sql.slice(name.end, words[5]?.start ?? sql.length)}${localSourceSelect(statement, 5)}`];
}

/**
 * The SELECT of a materialized view from `words[at]` to the end, reading its source's `_local` table. The
 * source keeps its original name as an alias, so columns qualified with it (spans.cost_usd) still resolve.
 */
function localSourceSelect(statement: Statement, at: number): string {
  const { sql, words } = statement;
  const select = words.slice(at);
  if (!isKeyword(select[0], "SELECT")) throw refuse(statement, "expected a SELECT for the materialized view");
  if (select.some((word) => isKeyword(word, ...JOIN_WORDS))) {
    throw refuse(statement, "a materialized view with a JOIN would join against one shard's rows only");
  }
  const fromAt = select.flatMap((word, i) => (isKeyword(word, "FROM") && word.depth === 0 ? [i + at] : []));
  const nested = select.find((word, i) => isKeyword(word, "FROM") && word.depth > 0 && isKnownTable(statement, select[i + 1]));
  if (fromAt.length !== 1 || nested) throw refuse(statement, "a materialized view must read exactly one table, its trigger");
  const source = tableNameAt(statement, fromAt[0]! + 1);
  requireSharded(statement, source.text, "the source of a materialized view");
  const next = words[fromAt[0]! + 2];
  const hasAlias = isKeyword(next, "AS") || next?.kind === "quoted" || (next?.kind === "word" && !isKeyword(next, ...AFTER_SOURCE));
  return (
    `${sql.slice(select[0]!.start, source.start)}${localTableName(source.text)}${hasAlias ? "" : ` AS ${source.text}`}` +
    sql.slice(source.end)
  );
}

// CREATE OR REPLACE VIEW <name> AS SELECT ...: reads the Distributed tables by their original names.
function renderView(statement: Statement): string[] {
  const name = tableNameAt(statement, 4);
  if (!isKeyword(statement.words[5], "AS")) throw refuse(statement, "expected AS SELECT after the view name");
  return [`${statement.sql.slice(0, name.end)} ${statement.onCluster}${statement.sql.slice(name.end)}`];
}

// ALTER TABLE <name> <command>[, <command> ...]
function renderAlter(statement: Statement): string[] {
  const { sql, words, onCluster, cluster } = statement;
  if (isKeyword(words[3], "MODIFY") && isKeyword(words[4], "QUERY")) return renderModifyQuery(statement);
  const name = tableNameAt(statement, 2);
  const placement = placementOf(statement, name.text);
  if (placement.kind === "every-host") {
    throw refuse(statement, `${name.text} is replicated to every host and changed only by migrations.ts`);
  }
  const commands = alterCommands(statement);
  const local = localTableName(name.text);
  const onTable = (table: string, rest: string) => `${sql.slice(0, name.start)}${table} ${onCluster}${rest}`;
  const rendered = [onTable(local, sql.slice(name.end))];
  if (commands.some((command) => command.kind === "constraint")) {
    rendered.push(
      `CREATE OR REPLACE TABLE ${name.text} ${onCluster} AS ${local}\n` +
        `ENGINE = Distributed(${cluster}, currentDatabase(), ${local}, cityHash64(${placement.shardBy.join(", ")}))`,
    );
    return rendered;
  }
  const columnCommands = commands.filter((command) => command.kind === "column");
  if (columnCommands.length === commands.length) rendered.push(onTable(name.text, sql.slice(name.end)));
  else if (columnCommands.length > 0) rendered.push(onTable(name.text, ` ${columnCommands.map((command) => command.text).join(", ")}`));
  return rendered;
}

interface AlterCommand {
  text: string;
  kind: "column" | "local" | "constraint";
}

function alterCommands(statement: Statement): AlterCommand[] {
  const { sql, words } = statement;
  const starts = [3];
  for (let i = 3; i < words.length; i++) {
    if (words[i]!.text === "," && words[i]!.depth === 0 && isKeyword(words[i + 1], ...ALTER_VERBS)) starts.push(i + 1);
  }
  return starts.map((start, n) => {
    const kind = `${words[start]?.text ?? ""} ${words[start + 1]?.text ?? ""}`.toUpperCase();
    const sort = COLUMN_COMMANDS.has(kind)
      ? "column"
      : LOCAL_COMMANDS.has(kind)
        ? "local"
        : CONSTRAINT_COMMANDS.has(kind)
          ? "constraint"
          : undefined;
    if (!sort) {
      throw refuse(
        statement,
        `ALTER ... ${kind.trim() || "(no command)"} has no cluster form yet. Supported: ${[...COLUMN_COMMANDS].join(", ")} ` +
          `(on ${"`_local`"} and the Distributed table), ${[...LOCAL_COMMANDS].join(", ")} (on ${"`_local`"} only) and ` +
          `${[...CONSTRAINT_COMMANDS].join(", ")} (on ${"`_local`"}, then the Distributed table is made again)`,
      );
    }
    const end = n + 1 < starts.length ? words[starts[n + 1]! - 1]!.start : sql.length;
    return { text: sql.slice(words[start]!.start, end).trim(), kind: sort };
  });
}

interface Engine {
  name: string;
  /** The engine's arguments as written, without parentheses ("" when it has none). */
  args: string;
  start: number;
  end: number;
  /** Index in `words` of the engine's last token. */
  endIndex: number;
}

function findEngine(statement: Statement): Engine {
  const { sql, words } = statement;
  const at = words.findIndex((word, i) => isKeyword(word, "ENGINE") && word.depth === 0 && words[i + 1]?.text === "=");
  const nameToken = words[at + 2];
  if (at === -1 || nameToken?.kind !== "word") throw refuse(statement, "a table names its ENGINE = ...");
  if (!REPLICABLE_ENGINE.test(nameToken.text)) {
    throw refuse(statement, `engine ${nameToken.text} has no Replicated form here: use a MergeTree-family engine`);
  }
  const open = words[at + 3];
  if (open?.text !== "(" || open.kind !== "symbol")
    return { name: nameToken.text, args: "", start: nameToken.start, end: nameToken.end, endIndex: at + 2 };
  const close = matchingParen(words, at + 3);
  return {
    name: nameToken.text,
    args: sql.slice(open.end, words[close]!.start).trim(),
    start: nameToken.start,
    end: words[close]!.end,
    endIndex: close,
  };
}

/** The columns that appear bare in the ORDER BY key (expressions such as toDate(t) are left out). */
function sortKeyColumns(statement: Statement, after: number): Set<string> {
  const { words } = statement;
  const at = words.findIndex((word, i) => i > after && isKeyword(word, "ORDER") && word.depth === 0 && isKeyword(words[i + 1], "BY"));
  if (at === -1) return new Set();
  let items: Token[][];
  if (words[at + 2]?.text === "(") {
    const close = matchingParen(words, at + 2);
    items = splitOnCommas(words.slice(at + 3, close), 1);
  } else {
    const end = words.findIndex((word, i) => i > at + 1 && word.depth === 0 && isKeyword(word, ...AFTER_ORDER_BY));
    items = splitOnCommas(words.slice(at + 2, end === -1 ? words.length : end), 0);
  }
  return new Set(items.filter((item) => item.length === 1 && item[0]!.kind === "word").map((item) => item[0]!.text));
}

function splitOnCommas(words: Token[], depth: number): Token[][] {
  const items: Token[][] = [[]];
  for (const word of words) {
    if (word.text === "," && word.depth === depth) items.push([]);
    else items[items.length - 1]!.push(word);
  }
  return items;
}

function startsWith(statement: Statement, ...keywords: string[]): boolean {
  return keywords.every((keyword, i) => isKeyword(statement.words[i], keyword));
}

/** The table name at `index`: a plain identifier, unqualified (ON CLUSTER qualifies it with the current database). */
function tableNameAt(statement: Statement, index: number): Token {
  const token = statement.words[index];
  if (token?.kind !== "word" || statement.words[index + 1]?.text === ".") {
    throw refuse(statement, "table names must be plain and unqualified (ON CLUSTER adds the current database)");
  }
  return token;
}

function placementOf(statement: Statement, table: string): TablePlacement {
  if (!Object.hasOwn(statement.placements, table)) {
    throw refuse(
      statement,
      `${table} has no placement on a cluster: add it to TABLE_PLACEMENTS in clickhouse/src/cluster/table-placement.ts ` +
        "with its sharding key and the reason",
    );
  }
  return statement.placements[table]!;
}

function requireSharded(statement: Statement, table: string, role: string): void {
  if (placementOf(statement, table).kind !== "sharded") throw refuse(statement, `${role} must be a sharded table, and ${table} is not`);
}

function isKnownTable(statement: Statement, token: Token | undefined): boolean {
  return token?.kind === "word" && Object.hasOwn(statement.placements, token.text);
}

function sqlString(value: string): string {
  return `'${value.replace(/\\/g, "\\\\").replace(/'/g, "\\'")}'`;
}

function refuse(statement: Statement, reason: string): ClusterRenderError {
  const head = statement.sql.replace(/\s+/g, " ").slice(0, 100);
  return new ClusterRenderError(`Cannot render for a cluster: ${reason}. Statement: ${head}`);
}
