// The serving processes' log lines. Text (the default) reads as before: the start-up banner and one
// line per event, for people at a terminal or `docker logs`. JSON (PROMPTMETRICS_LOG_FORMAT=json) is
// one object a line, {time, level, msg, requestId?, ...}, for a log shipper. Text stays the default
// even without a TTY: scripts and supervisors read the banner's URLs from a pipe. info and debug go to
// stdout, warn and error to stderr, in both formats.
import { inspect } from "node:util";

export const LOG_LEVELS = ["debug", "info", "warn", "error"] as const;
export type LogLevel = (typeof LOG_LEVELS)[number];
export type LogFormat = "text" | "json";

export interface LogFields {
  requestId?: string;
  /** Written as name, message and stack. */
  error?: unknown;
  [field: string]: unknown;
}

export interface Logger {
  debug(msg: string, fields?: LogFields): void;
  info(msg: string, fields?: LogFields): void;
  warn(msg: string, fields?: LogFields): void;
  error(msg: string, fields?: LogFields): void;
  /** The start-up banner: as written in text, one info line per non-empty line in JSON. */
  banner(lines: readonly string[]): void;
}

export interface LoggerOptions {
  format: LogFormat;
  level: LogLevel;
  stdout?: { write(text: string): unknown };
  stderr?: { write(text: string): unknown };
  now?: () => Date;
}

export function createLogger({
  format,
  level,
  stdout = process.stdout,
  stderr = process.stderr,
  now = () => new Date(),
}: LoggerOptions): Logger {
  const threshold = LOG_LEVELS.indexOf(level);
  const write = (lineLevel: LogLevel, msg: string, fields: LogFields = {}) => {
    if (LOG_LEVELS.indexOf(lineLevel) < threshold) return;
    const out = lineLevel === "warn" || lineLevel === "error" ? stderr : stdout;
    out.write((format === "json" ? jsonLine(now(), lineLevel, msg, fields) : textLine(msg, fields)) + "\n");
  };
  return {
    debug: (msg, fields) => write("debug", msg, fields),
    info: (msg, fields) => write("info", msg, fields),
    warn: (msg, fields) => write("warn", msg, fields),
    error: (msg, fields) => write("error", msg, fields),
    banner(lines) {
      if (LOG_LEVELS.indexOf("info") < threshold) return;
      if (format === "text") stdout.write(lines.join("\n") + "\n");
      else for (const line of lines) if (line.trim()) write("info", line.trim());
    },
  };
}

function jsonLine(time: Date, level: LogLevel, msg: string, { requestId, error, ...rest }: LogFields): string {
  const line: Record<string, unknown> = { time: time.toISOString(), level, msg };
  if (requestId !== undefined) line.requestId = requestId;
  Object.assign(line, rest);
  if (error !== undefined) line.error = describeError(error);
  return JSON.stringify(line);
}

function textLine(msg: string, { requestId, error, ...rest }: LogFields): string {
  const extra = Object.entries(rest).map(([key, value]) => ` ${key}=${typeof value === "string" ? value : JSON.stringify(value)}`);
  const request = requestId === undefined ? "" : ` (request ${requestId})`;
  return `${msg}${request}${extra.join("")}${error === undefined ? "" : ` ${inspect(error)}`}`;
}

function describeError(error: unknown): unknown {
  if (!(error instanceof Error)) return String(error);
  return { name: error.name, message: error.message, stack: error.stack };
}
