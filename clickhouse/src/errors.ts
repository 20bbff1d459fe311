// Typed storage errors. Every failure from either ClickHouse backend is wrapped in one of these,
// keeping the original error as `cause`; `retryable` says whether trying again may succeed.

export class StoreError extends Error {
  readonly code: string;
  readonly retryable: boolean;
  /** The ClickHouse exception code (e.g. 60 UNKNOWN_TABLE), when the engine gave one. */
  readonly clickhouseCode: number | undefined;

  constructor(message: string, opts: { code?: string; retryable?: boolean; clickhouseCode?: number; cause?: unknown } = {}) {
    super(message, { cause: opts.cause });
    this.name = new.target.name;
    this.code = opts.code ?? "STORE_ERROR";
    this.retryable = opts.retryable ?? false;
    this.clickhouseCode = opts.clickhouseCode;
  }
}

/** The embedded data directory is held by another process (chDB allows one process per directory). */
export class StoreLockedError extends StoreError {
  readonly dataDir: string;
  constructor(dataDir: string, holder: string | undefined, cause: unknown) {
    super(
      `The data directory ${dataDir} is in use by another process${holder ? ` (${holder})` : ""}. ` +
        "The embedded store can be opened by one process at a time: stop the running PromptMetrics server " +
        "and run this command again, or point every process at a ClickHouse server with CLICKHOUSE_URL.",
      { code: "STORE_LOCKED", cause },
    );
    this.dataDir = dataDir;
  }
}

/**
 * The store cannot take work right now, and trying again later may succeed: the server could not be
 * reached (connection refused, reset, timed out), or it answered with a passing condition (memory
 * limit, too many parts, too many queries, disk full, read-only table or file system). `clickhouseCode`
 * is set in the second case.
 */
export class StoreUnavailableError extends StoreError {
  constructor(message: string, cause: unknown, clickhouseCode?: number) {
    super(message, { code: "STORE_UNAVAILABLE", retryable: true, cause, ...(clickhouseCode === undefined ? {} : { clickhouseCode }) });
  }
}

/**
 * ClickHouse exception codes that describe the server's state rather than the statement: the same
 * statement may succeed later, so they are reported as StoreUnavailableError (HTTP 503 + Retry-After).
 */
export const TRANSIENT_CLICKHOUSE_CODES: ReadonlyMap<number, string> = new Map([
  [159, "TIMEOUT_EXCEEDED"],
  [202, "TOO_MANY_SIMULTANEOUS_QUERIES"],
  [203, "NO_FREE_CONNECTION"],
  [209, "SOCKET_TIMEOUT"],
  [210, "NETWORK_ERROR"],
  [241, "MEMORY_LIMIT_EXCEEDED"],
  [242, "TABLE_IS_READ_ONLY"],
  [243, "NOT_ENOUGH_SPACE"],
  [252, "TOO_MANY_PARTS"],
  [279, "ALL_CONNECTION_TRIES_FAILED"],
  [285, "TOO_FEW_LIVE_REPLICAS"],
  [286, "UNSATISFIED_QUORUM_FOR_PREVIOUS_WRITE"],
  [319, "UNKNOWN_STATUS_OF_INSERT"],
  [425, "SYSTEM_ERROR"],
  [439, "CANNOT_SCHEDULE_TASK"],
  [999, "KEEPER_EXCEPTION"],
]);

/**
 * The embedded store's data directory cannot be written: a read-only file system, no permission, or no
 * space left. Found when the store opens, before the engine is given the directory.
 */
export class DataDirNotWritableError extends StoreError {
  readonly dataDir: string;
  readonly reason: "read-only" | "no-permission" | "disk-full";
  constructor(dataDir: string, reason: DataDirNotWritableError["reason"], cause: unknown) {
    const why = {
      "read-only": "it is on a read-only file system",
      "no-permission": "this process has no permission to write there",
      "disk-full": "the disk is full",
    }[reason];
    super(
      `The data directory ${dataDir} (PROMPTMETRICS_DATA_DIR) is not writable: ${why}. ` +
        "The embedded store keeps all its data there: " +
        (reason === "disk-full" ? "free some space on that disk" : "make it writable by this user") +
        ", or point PROMPTMETRICS_DATA_DIR at another directory.",
      { code: "DATA_DIR_NOT_WRITABLE", retryable: reason === "disk-full", cause },
    );
    this.dataDir = dataDir;
    this.reason = reason;
  }
}

/** The engine rejected a statement: bad SQL, unknown table, bad parameter value, readonly violation... */
export class StoreQueryError extends StoreError {
  constructor(message: string, clickhouseCode: number | undefined, cause: unknown) {
    super(message, { code: "STORE_QUERY", clickhouseCode, cause });
  }
}

/**
 * The caller's AbortSignal fired (a dashboard request whose client went away): the query was not
 * started, or its answer is dropped. Not retryable: nobody is waiting for it.
 */
export class StoreAbortedError extends StoreError {
  constructor(message: string, cause?: unknown) {
    super(message, { code: "STORE_ABORTED", cause });
  }
}

/** A migration file was changed after it had been applied, or the migration set is inconsistent. */
export class MigrationError extends StoreError {
  constructor(message: string) {
    super(message, { code: "MIGRATION" });
  }
}
