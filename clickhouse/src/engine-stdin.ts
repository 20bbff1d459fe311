// chDB, like clickhouse-local, treats the host process's standard input as a table's external data.
// With stdin a pipe or a file that carries bytes (a supervisor, `cmd | promptmetrics start`,
// `docker run -i`), every inline insert fails with code 48 ("both inlined and external data"), and
// with async inserts off the engine would read the piped bytes as rows. A terminal is never read.
// So before the engine is loaded, file descriptor 0 is pointed at /dev/null: close it, then open
// /dev/null, which POSIX gives the lowest free descriptor, 0. This also covers a process started with
// stdin closed, where the engine's own next file would otherwise become descriptor 0 and be read.
// The process's stdin is then gone for every other reader: no command of ours reads it, and a
// program embedding the store must not rely on it (documented in docs/design/storage.md).
import fs from "node:fs";
import tty from "node:tty";
import { StoreError } from "./errors.ts";

let detached = false;

/** What descriptor 0 was when the store took it over; for tests and the start-up log. */
export type StdinDisposition = "terminal" | "detached" | "already-detached";

/** Points descriptor 0 at /dev/null unless it is a terminal. Idempotent; call before loading chDB. */
export function detachStdinFromEngine(): StdinDisposition {
  if (detached) return "already-detached";
  if (tty.isatty(0)) return "terminal";
  try {
    fs.closeSync(0);
  } catch {
    // Already closed: /dev/null takes the free descriptor.
  }
  const fd = fs.openSync("/dev/null", "r");
  if (fd !== 0) {
    fs.closeSync(fd);
    throw new StoreError(
      "Could not point standard input at /dev/null before opening the embedded store (another file took descriptor 0). " +
        "Start the process with stdin redirected from /dev/null (< /dev/null).",
    );
  }
  detached = true;
  return "detached";
}
