// Whether a store has every migration this code knows: the single-role services (promptmetrics ingest,
// promptmetrics api) check this instead of migrating, so that migrations run once, from one place
// (`promptmetrics migrate`), and never concurrently from several replicas. A store ahead of the code
// (a newer version migrated it during a rolling upgrade) is fine: migrations only add.
import { MigrationError } from "./errors.ts";
import { loadMigrations, type Migration } from "./migrations.ts";
import type { Store } from "./store.ts";

const UNKNOWN_TABLE = 60;

export class SchemaBehindError extends MigrationError {
  readonly pending: string[];
  constructor(pending: string[], location: string) {
    super(
      `The schema on the ${location} is ${pending.length} migration(s) behind this version (${pending.join(", ")}). ` +
        "Run `promptmetrics migrate` once (the compose stack's migrate service does), then start this service again.",
    );
    this.name = "SchemaBehindError";
    this.pending = pending;
  }
}

export async function pendingMigrations(store: Store, migrations: Migration[] = loadMigrations()): Promise<string[]> {
  let applied: { version: number }[];
  try {
    applied = await store.query<{ version: number }>("SELECT DISTINCT version FROM schema_migrations", undefined, { tag: "schemaStatus" });
  } catch (error) {
    if ((error as { clickhouseCode?: number }).clickhouseCode === UNKNOWN_TABLE) return migrations.map((m) => m.name);
    throw error;
  }
  const versions = new Set(applied.map((row) => Number(row.version)));
  return migrations.filter((m) => !versions.has(m.version)).map((m) => m.name);
}

export async function assertSchemaCurrent(store: Store, migrations?: Migration[]): Promise<void> {
  const pending = await pendingMigrations(store, migrations);
  if (pending.length > 0) throw new SchemaBehindError(pending, store.location);
}
