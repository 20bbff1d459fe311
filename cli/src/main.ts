// The `promptmetrics` command line: start | ingest | api | migrate | sql | reprice | rotate-master-key | rebuild-rollups | prices sync | backup | restore | end-users. Parses arguments and configuration, runs the
// command, and turns known failures into one clear message and a non-zero exit code.
import { parseArgs } from "node:util";
import { BackupError, MigrationError, StoreError, StoreLockedError } from "@promptmetrics/clickhouse";
import { ListenError } from "./serve/listen.ts";
import { runApi } from "./commands/api.ts";
import { runIngest } from "./commands/ingest.ts";
import { runMigrate } from "./commands/migrate.ts";
import { runRebuildRollups } from "./commands/rebuild-rollups.ts";
import { NotOnClusterError } from "./commands/not-on-cluster.ts";
import { runPricesSync } from "./commands/prices-sync.ts";
import { PriceListError } from "./prices/read-price-list.ts";
import { runReprice } from "./commands/reprice.ts";
import { runRotateMasterKey } from "./commands/rotate-master-key.ts";
import { runSql, SQL_FORMATS, type SqlFormat } from "./commands/sql.ts";
import { runStart } from "./commands/start.ts";
import { runBackupCommand } from "./commands/backup.ts";
import { runRestoreCommand } from "./commands/restore.ts";
import { EndUserCommandError, runEndUsersDelete, runEndUsersExport } from "./commands/end-users.ts";
import { ConfigError, parseEnv } from "./env.ts";
import { MasterKeyError, MasterKeyMismatchError } from "@promptmetrics/analytics-api";

const USAGE = `Usage: promptmetrics <command>

Commands:
  start                     Run the whole stack in one process (API and dashboard, OTLP ingest)
  ingest                    Run the OTLP/HTTP receiver alone (PROMPTMETRICS_OTLP_PORT)
  api                       Run the API and dashboard alone (PROMPTMETRICS_PORT)
                            (both expect a migrated store: run migrate first; at scale, CLICKHOUSE_URL)
  migrate                   Apply pending schema migrations and exit
      --cluster <name>          Render the schema for a self-managed cluster: ON CLUSTER, Replicated
                                engines, Distributed tables (default: CLICKHOUSE_CLUSTER)
      --print                   Print the statements instead of applying them (no store needed)
  sql "<query>"             Run ad-hoc SQL against the store (read-only unless --write)
      --format table|json|csv   Output format (default: table)
      --write                   Allow statements that change data or schema
  reprice --from <date> --to <date> [--model <name>]
                            Recompute stored costs with the current prices and overrides
  prices sync [--source <url|file>] [--from <date>] [--model <name>]... [--dry-run] [--reprice]
                            Read a price list in LiteLLM's format (PROMPTMETRICS_PRICES_SYNC_URL), print
                            new models and changed prices with the stored runs each would re-price, and
                            store them as install-wide prices from --from (default today)
      --model <name>            Only these models (repeat it); the rest of the list is left out
      --dry-run                 Print the diff only; store nothing
      --reprice                 After storing, re-price the runs the new prices affect
  rotate-master-key         Re-seal the stored provider keys from PROMPTMETRICS_PREVIOUS_MASTER_KEY to
                            PROMPTMETRICS_MASTER_KEY (embedded store: stop the server first)
  rebuild-rollups --from <date> --to <date>
                            Recompute the hourly rollups of those months from the stored spans
  backup <dir>              Back up the store into <dir> (new or empty), consistent while the server runs
                            (with CLICKHOUSE_URL: <dir> names the backup on PROMPTMETRICS_BACKUP_TARGET)
  restore <dir> [--force]   Restore a backup into an empty data dir (stop the server first)
      --force                   Replace what PROMPTMETRICS_DATA_DIR holds
  end-users export <projectId> <endUserId> [--out <file>]
                            Write everything stored of an end user (runs, spans, feedback) as JSON,
                            the API's export document (default: to stdout)
  end-users delete <projectId> <endUserId> [--yes]
                            Delete everything of an end user and recompute the rollup hours it touched;
                            asks first on a terminal, refuses without --yes otherwise
                            (embedded store: stop the server first, or use the API's routes)

Configuration is read from the environment; see the README.`;

export async function main(argv: string[]): Promise<number> {
  const { positionals, values } = parseArgs({
    args: argv,
    allowPositionals: true,
    options: {
      format: { type: "string", default: "table" },
      write: { type: "boolean", default: false },
      from: { type: "string" },
      to: { type: "string" },
      model: { type: "string", multiple: true },
      cluster: { type: "string" },
      print: { type: "boolean", default: false },
      source: { type: "string" },
      "dry-run": { type: "boolean", default: false },
      reprice: { type: "boolean", default: false },
      force: { type: "boolean", default: false },
      out: { type: "string" },
      yes: { type: "boolean", short: "y", default: false },
      help: { type: "boolean", short: "h", default: false },
    },
  });
  const [command, ...rest] = positionals;
  if (values.help || !command || command === "help") {
    console.log(USAGE);
    return command || values.help ? 0 : 2;
  }
  const env = parseEnv(process.env);
  switch (command) {
    case "start":
      await runStart(env);
      return process.exitCode === undefined ? 0 : Number(process.exitCode);
    case "ingest":
      await runIngest(env);
      return process.exitCode === undefined ? 0 : Number(process.exitCode);
    case "api":
      await runApi(env);
      return process.exitCode === undefined ? 0 : Number(process.exitCode);
    case "migrate": {
      const cluster = values.cluster ?? env.CLICKHOUSE_CLUSTER;
      await runMigrate(env, { print: values.print, ...(cluster === undefined ? {} : { cluster }) });
      return 0;
    }
    case "sql": {
      const query = rest.join(" ").trim();
      if (!query) throw new UsageError('sql needs a query, e.g. promptmetrics sql "SELECT count() FROM llm_runs"');
      if (!SQL_FORMATS.includes(values.format as SqlFormat)) throw new UsageError(`--format must be one of ${SQL_FORMATS.join(", ")}`);
      process.stdout.write(await runSql(env, query, { format: values.format as SqlFormat, write: values.write }));
      return 0;
    }
    case "reprice": {
      const { from, to } = parseRange(values, command);
      if ((values.model?.length ?? 0) > 1) throw new UsageError("reprice takes one --model");
      process.stdout.write(await runReprice(env, { from, to, model: values.model?.[0] }));
      return 0;
    }
    case "backup":
    case "restore": {
      if (rest.length !== 1 || rest[0] === "")
        throw new UsageError(`${command} needs one directory, e.g. promptmetrics ${command} ./backups/today`);
      const write = (text: string) => process.stdout.write(text);
      if (command === "backup") await runBackupCommand(env, rest[0]!, write);
      else await runRestoreCommand(env, rest[0]!, { force: values.force }, write);
      return 0;
    }
    case "rotate-master-key": {
      process.stdout.write(await runRotateMasterKey(env));
      return 0;
    }
    case "rebuild-rollups": {
      process.stdout.write(await runRebuildRollups(env, parseRange(values, command)));
      return 0;
    }
    case "prices": {
      if (rest[0] !== "sync" || rest.length > 1) {
        throw new UsageError(
          "prices has one subcommand: prices sync [--source <url|file>] [--from <date>] [--model <name>]... [--dry-run] [--reprice]",
        );
      }
      if (values["dry-run"] && values.reprice)
        throw new UsageError("--reprice re-prices what a sync stores, and a dry run stores nothing: use one or the other");
      if (values.from !== undefined && !isCalendarDate(values.from))
        throw new UsageError(`--from ${values.from} is not a date (use YYYY-MM-DD)`);
      await runPricesSync(
        env,
        { source: values.source, from: values.from, models: values.model, dryRun: values["dry-run"], reprice: values.reprice },
        (text) => process.stdout.write(text),
      );
      return 0;
    }
    case "end-users": {
      const [action, projectId, endUserId, ...extra] = rest;
      if ((action !== "export" && action !== "delete") || !projectId || !endUserId || extra.length > 0) {
        throw new UsageError(
          "end-users takes: end-users export <projectId> <endUserId> [--out <file>] | end-users delete <projectId> <endUserId> [--yes]",
        );
      }
      const write = (text: string) => process.stdout.write(text);
      if (action === "export") await runEndUsersExport(env, { projectId, endUserId }, { out: values.out }, write);
      else await runEndUsersDelete(env, { projectId, endUserId }, { yes: values.yes }, write);
      return 0;
    }
    default:
      throw new UsageError(`Unknown command "${command}".\n\n${USAGE}`);
  }
}

class UsageError extends Error {}

function parseRange(values: { from?: string | undefined; to?: string | undefined }, command: string): { from: Date; to: Date } {
  const from = parseDate(values.from, "--from", command);
  const to = parseDate(values.to, "--to", command);
  if (from >= to) throw new UsageError("--from must be before --to");
  return { from, to };
}

/** A real calendar day written YYYY-MM-DD. */
function isCalendarDate(value: string): boolean {
  return /^\d{4}-\d{2}-\d{2}$/.test(value) && new Date(`${value}T00:00:00Z`).toISOString().slice(0, 10) === value;
}

/** A date (2026-11-01, taken as UTC midnight) or a full ISO timestamp. */
function parseDate(value: string | undefined, flag: string, command: string): Date {
  if (!value) throw new UsageError(`${command} needs ${flag} <date>, e.g. ${flag} 2026-11-01`);
  const date = new Date(/^\d{4}-\d{2}-\d{2}$/.test(value) ? `${value}T00:00:00Z` : value);
  if (Number.isNaN(date.getTime())) throw new UsageError(`${flag} ${value} is not a date (use YYYY-MM-DD or an ISO timestamp)`);
  return date;
}

const READONLY_CODE = 164;

function reportFailure(error: unknown): number {
  if (error instanceof UsageError || (error as { code?: string }).code?.startsWith("ERR_PARSE_ARGS")) {
    console.error(String((error as Error).message));
    return 2;
  }
  if (error instanceof ConfigError) {
    console.error(error.message);
    return 2;
  }
  if (
    error instanceof StoreLockedError ||
    error instanceof MigrationError ||
    error instanceof ListenError ||
    error instanceof NotOnClusterError ||
    error instanceof PriceListError ||
    error instanceof BackupError ||
    error instanceof EndUserCommandError ||
    error instanceof MasterKeyError ||
    error instanceof MasterKeyMismatchError
  ) {
    console.error(error.message);
    return 1;
  }
  if (error instanceof StoreError) {
    const hint = error.clickhouseCode === READONLY_CODE ? "\n(sql runs read-only; add --write to change data or schema)" : "";
    console.error(`ClickHouse error: ${error.message}${hint}`);
    return 1;
  }
  console.error(error);
  return 1;
}

// process.exit drops what a pipe has not taken yet (`promptmetrics sql ... | gzip` lost all but the first
// 64 KiB): exit once stdout and stderr have flushed what was written to them.
function exitAfterFlush(code: number): void {
  let waiting = 2;
  const done = () => {
    if (--waiting === 0) process.exit(code);
  };
  process.stdout.write("", done);
  process.stderr.write("", done);
}

main(process.argv.slice(2)).then(exitAfterFlush, (error: unknown) => exitAfterFlush(reportFailure(error)));
