// The embedded store: a real ClickHouse engine in-process through chDB, on a data directory.
// One chDB Session runs one operation at a time, so the store keeps separate Sessions on the same
// directory: one for writes (inserts, DDL), one for the services' reads, and a fresh one for each
// read-only ad-hoc query. A slow dashboard or ad-hoc query then never stalls ingest, one person's
// ad-hoc query never queues behind another's, and no ad-hoc query sees state another one left.
// chDB allows one data directory per process (and one process per directory).
// An abort (ReadQueryOptions.signal) rejects at once, and a query not yet handed to the engine is never
// run; but chDB cannot interrupt a query the engine has started: it runs to its end (see run()).
import fs from "node:fs";
import { createRequire } from "node:module";
import path from "node:path";
import type { ChdbResult, Session } from "chdb";
import { detachStdinFromEngine } from "./engine-stdin.ts";
import {
  DataDirNotWritableError,
  StoreAbortedError,
  StoreError,
  StoreLockedError,
  StoreQueryError,
  StoreUnavailableError,
  TRANSIENT_CLICKHOUSE_CODES,
} from "./errors.ts";
import { toClickHouseParams } from "./params.ts";
import { ADHOC_SETTINGS, OUTPUT_SETTINGS, type QueryParams, type ReadQueryOptions, type Store, type TextQueryOptions } from "./store.ts";

export interface EmbeddedStoreConfig {
  dataDir: string;
  /**
   * The one directory BACKUP and RESTORE may use (ClickHouse's backups.allowed_path; a File('name') is
   * resolved in it). chDB reads it once per process, from the first Session. @default <dataDir>/promptmetrics-backups
   */
  backupsDir?: string;
  /**
   * The most memory the engine may hold at once, queries, inserts and merges together (ClickHouse's
   * server setting max_server_memory_usage): an allocation past it fails with MEMORY_LIMIT_EXCEEDED (241)
   * instead of the process growing. Process-wide: the engine takes it from the Session that starts it (the
   * writer) and later Sessions on the open directory cannot change it. @default the engine's own, 90% of RAM
   */
  maxMemoryBytes?: number;
  /**
   * Sessions for inserts: with two, two inserts (the ingest writer's overlapping batches) run side by side
   * instead of one waiting for the other. DDL and other writes use the first. @default 2
   */
  insertSessions?: number;
}

/** Where the running server stages its backups unless told otherwise (see backup/embedded-backup.ts). */
export const BACKUP_STAGING_DIR = "promptmetrics-backups";

const LOCK_CONFLICT_CODE = 76;
/** A file the all-in-one server writes into the data dir so that a refused CLI can say who holds it. */
export const HOLDER_FILE = "promptmetrics.pid";

/**
 * chDB (and its 540 MB engine library) is loaded only when an embedded store is opened, so the server
 * image, which talks to a ClickHouse server and is installed without it, never needs it.
 */
function loadChdb(): typeof import("chdb") {
  try {
    return createRequire(import.meta.url)("chdb") as typeof import("chdb");
  } catch (error) {
    throw new StoreError(
      "The embedded store needs the chdb package, which is not installed here (the server image leaves it out). " +
        "Set CLICKHOUSE_URL to use a ClickHouse server, or install with optional dependencies.",
      { cause: error },
    );
  }
}

export function openEmbeddedStore(config: EmbeddedStoreConfig): Store {
  // Before the engine loads: it would read a piped stdin as insert data (see engine-stdin.ts).
  detachStdinFromEngine();
  const { drainPending, Session } = loadChdb();
  const dataDir = path.resolve(config.dataDir);
  assertWritableDataDir(dataDir);
  const outputArgs = settingsToArgs(OUTPUT_SETTINGS);
  // The writer is opened first and at once, so a locked directory fails here, not on first use.
  const backupsDir = path.resolve(config.backupsDir ?? path.join(dataDir, BACKUP_STAGING_DIR));
  // Server configuration, not a query setting: chDB takes it as a command-line override of the engine's config.
  const memoryArgs = config.maxMemoryBytes ? [`--max_server_memory_usage=${config.maxMemoryBytes}`] : [];
  const writer = openSession(dataDir, [...outputArgs, `--backups.allowed_path=${backupsDir}/`, ...memoryArgs]);
  // Further insert sessions open on first use, after the first (which starts the engine with its config).
  const inserters: { session: Session; busy: number }[] = [{ session: writer, busy: 0 }];
  const maxInserters = Math.max(1, config.insertSessions ?? 2);
  let reader: Session | undefined;
  const adhocSessions = new Set<Session>();
  let closed = false;

  const readerSession = () => (reader ??= openSession(dataDir, outputArgs));
  // readonly=1, not 2: it also refuses table functions that read or reach outside the data (file,
  // url, remote, executable, ...) and the default database's file-path tables (`/etc/passwd`), so a
  // hole in the SQL console's own checks is still no file read. Opening a Session costs well under
  // a millisecond.
  const adhocArgs = [...outputArgs, ...settingsToArgs(ADHOC_SETTINGS)];
  async function runAdhoc(sql: string, params: QueryParams | undefined, format: string, signal: AbortSignal | undefined): Promise<string> {
    const session = openSession(dataDir, adhocArgs);
    adhocSessions.add(session);
    try {
      return (await run(session, sql, params, format, signal)).text();
    } finally {
      // After an abort the query may still be running: chDB defers the teardown until it has ended.
      adhocSessions.delete(session);
      session.close();
    }
  }

  return {
    kind: "embedded",
    location: `embedded chDB at ${dataDir}`,

    async query<Row>(sql: string, params?: QueryParams, opts?: ReadQueryOptions): Promise<Row[]> {
      const result = await run(readerSession(), sql, params, "JSONEachRow", opts?.signal);
      return parseJsonEachRow<Row>(result.text());
    },

    async queryText(sql: string, params: QueryParams | undefined, opts: TextQueryOptions): Promise<string> {
      if (opts.adhoc && opts.adhoc.allowWrites !== true) return await runAdhoc(sql, params, opts.format, opts.signal);
      return (await run(opts.adhoc ? writer : readerSession(), sql, params, opts.format, opts.signal)).text();
    },

    async insert(table: string, rows: readonly object[]): Promise<void> {
      if (rows.length === 0) return;
      // Arrays of values, not objects, when every row names the same columns: the engine matches no field
      // names and reads about 16% fewer bytes (a spans row: 150 instead of 158-182 µs of engine CPU;
      // bench/README.md, issue #18). Rows that leave out columns go as objects, so each gets its defaults.
      const columns = sharedColumnsOf(rows);
      const payload = columns
        ? Buffer.from(rows.map((row) => JSON.stringify(columns.map((column) => (row as Record<string, unknown>)[column]))).join("\n"))
        : Buffer.from(rows.map((row) => JSON.stringify(row)).join("\n"));
      const inserter = idleInserter();
      inserter.busy++;
      try {
        await inserter.session.insert(
          columns ? { table, values: payload, format: "JSONCompactEachRow", columns } : { table, values: payload, format: "JSONEachRow" },
        );
      } catch (error) {
        throw wrapChdbError(error, `insert into ${table}`);
      } finally {
        inserter.busy--;
      }
    },

    async command(sql: string, params?: QueryParams): Promise<void> {
      await run(writer, sql, params, "TabSeparated");
    },

    async ping(): Promise<void> {
      await run(readerSession(), "SELECT 1", undefined, "TabSeparated");
    },

    async close(): Promise<void> {
      if (closed) return;
      closed = true;
      for (const session of [...adhocSessions, reader, ...inserters.map((item) => item.session)]) session?.close();
      // chDB holds one data directory per process; wait until the engine has really let go of it.
      await drainPending();
    },
  };

  function idleInserter(): { session: Session; busy: number } {
    const idle = inserters.find((item) => item.busy === 0);
    if (idle) return idle;
    if (inserters.length < maxInserters) {
      const added = { session: openSession(dataDir, outputArgs), busy: 0 };
      inserters.push(added);
      return added;
    }
    return inserters.reduce((least, item) => (item.busy < least.busy ? item : least));
  }

  function openSession(dir: string, args: string[]): Session {
    // Checked first as well, so that a refused open does not make the engine print its own error.
    if (lockedByAnotherProcess(dir)) throw new StoreLockedError(dir, readHolder(dir), undefined);
    try {
      return new Session(dir, { connectionArgs: args });
    } catch (error) {
      if (clickhouseCodeOf(error) === LOCK_CONFLICT_CODE || lockedByAnotherProcess(dir)) {
        throw new StoreLockedError(dir, readHolder(dir), error);
      }
      throw wrapChdbError(error, "open the embedded store");
    }
  }
}

/** The columns every row names with a value (none undefined), in the first row's order; undefined when they differ. */
function sharedColumnsOf(rows: readonly object[]): string[] | undefined {
  const columns = Object.keys(rows[0]!);
  const named = new Set(columns);
  for (const row of rows) {
    let count = 0;
    for (const key in row) {
      if (!named.has(key) || (row as Record<string, unknown>)[key] === undefined) return undefined;
      count++;
    }
    if (count !== columns.length) return undefined;
  }
  return columns;
}

/**
 * What an abort can do here: chDB rejects at once, and a parameterised query still waiting in its
 * process-wide parameter chain is dropped before it starts. A query without parameters is handed to
 * the engine at once, even while its Session is busy (queryAsync does not look at the signal first,
 * hence the check here), and chDB has no way to interrupt a query it holds: an aborted query runs to
 * its end, holding up what is queued behind it on the same Session (the reader's dashboard queries)
 * and, when it has parameters, every other parameterised query of the process. Bound runaway
 * queries with ClickHouse settings (max_execution_time) instead.
 */
async function run(
  session: Session,
  sql: string,
  params: QueryParams | undefined,
  format: string,
  signal?: AbortSignal,
): Promise<ChdbResult> {
  if (signal?.aborted) throw abortedError(signal.reason);
  try {
    return params && Object.keys(params).length > 0
      ? await session.queryBindAsync(sql, toClickHouseParams(params), { format, signal })
      : await session.queryAsync(sql, { format, signal });
  } catch (error) {
    throw wrapChdbError(error, "query");
  }
}

function abortedError(cause: unknown): StoreAbortedError {
  return new StoreAbortedError("Query aborted by its caller (the embedded engine finishes a query it has started)", cause);
}

function parseJsonEachRow<Row>(text: string): Row[] {
  const rows: Row[] = [];
  for (const line of text.split("\n")) if (line.length > 0) rows.push(JSON.parse(line) as Row);
  return rows;
}

function settingsToArgs(settings: Readonly<Record<string, string | number>>): string[] {
  return Object.entries(settings).map(([name, value]) => `--${name}=${value}`);
}

function clickhouseCodeOf(error: unknown): number | undefined {
  const code = (error as { clickhouseCode?: unknown } | null)?.clickhouseCode;
  return typeof code === "number" ? code : undefined;
}

function wrapChdbError(error: unknown, action: string): StoreError {
  if (error instanceof StoreError) return error;
  if ((error as { code?: unknown } | null)?.code === "CHDB_ABORT") return abortedError(error);
  const message = error instanceof Error ? error.message : String(error);
  const code = clickhouseCodeOf(error);
  // A full or read-only disk, or a passing limit: the same statement may succeed later.
  const transient = code === undefined ? undefined : TRANSIENT_CLICKHOUSE_CODES.get(code);
  if (transient || FILE_SYSTEM_TROUBLE.test(message)) {
    return new StoreUnavailableError(`The embedded store cannot ${action === "query" ? "run this" : action} now: ${message}`, error, code);
  }
  return new StoreQueryError(action === "query" ? message : `Could not ${action}: ${message}`, clickhouseCodeOf(error), error);
}

/** The engine's words for a full or read-only file system when they come without a code we know. */
const FILE_SYSTEM_TROUBLE = /errno: (28|30)\b|No space left on device|Read-only file system/;

/**
 * Creates the data directory and writes a few bytes in it, so that a read-only, foreign or full one
 * is reported as such, naming the setting, instead of as the engine's "Failed to create connection".
 * As root, permissions do not stop a write, so only a real write tells.
 */
function assertWritableDataDir(dataDir: string): void {
  const probe = path.join(dataDir, `.promptmetrics-write-check-${process.pid}`);
  try {
    fs.mkdirSync(dataDir, { recursive: true });
    fs.writeFileSync(probe, "promptmetrics\n");
    fs.rmSync(probe);
  } catch (error) {
    const errno = (error as { code?: unknown } | null)?.code;
    if (errno === "EROFS") throw new DataDirNotWritableError(dataDir, "read-only", error);
    if (errno === "EACCES" || errno === "EPERM") throw new DataDirNotWritableError(dataDir, "no-permission", error);
    if (errno === "ENOSPC" || errno === "EDQUOT") {
      fs.rmSync(probe, { force: true });
      throw new DataDirNotWritableError(dataDir, "disk-full", error);
    }
    throw new StoreError(`Could not prepare the data directory ${dataDir} (PROMPTMETRICS_DATA_DIR): ${String(error)}`, { cause: error });
  }
}

function readHolder(dataDir: string): string | undefined {
  try {
    const holder = JSON.parse(fs.readFileSync(path.join(dataDir, HOLDER_FILE), "utf8")) as { pid?: number; url?: string };
    return [holder.pid ? `pid ${holder.pid}` : "", holder.url ?? ""].filter(Boolean).join(", ") || undefined;
  } catch {
    return undefined;
  }
}

/**
 * chDB reports a held directory only as "Failed to create connection" (the engine prints code 76 to
 * stderr), so look for another process's lock on the directory's `status` file in /proc/locks.
 */
function lockedByAnotherProcess(dataDir: string): boolean {
  let inode: number;
  try {
    inode = fs.statSync(path.join(dataDir, "status")).ino;
  } catch {
    return false;
  }
  let locks: string;
  try {
    locks = fs.readFileSync("/proc/locks", "utf8");
  } catch {
    return true; // no /proc (not Linux): a status file that could not be opened is most likely held
  }
  return locks.split("\n").some((line) => {
    const fields = line.trim().split(/\s+/);
    const pid = Number(fields[4]);
    const lockedInode = Number(fields[5]?.split(":")[2]);
    return lockedInode === inode && pid !== process.pid;
  });
}
