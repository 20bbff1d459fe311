// `promptmetrics migrate`: applies pending migrations and exits.
import type { Env } from "../env.ts";
import { openMigratedStore } from "../open-configured-store.ts";

export async function runMigrate(env: Env): Promise<void> {
  const { store, migrations } = await openMigratedStore(env);
  await store.close();
  if (migrations.applied.length === 0) {
    console.log(`Schema is up to date (${migrations.alreadyApplied} migrations applied) on the ${store.location}.`);
  } else {
    console.log(`Applied ${migrations.applied.length} migration(s) on the ${store.location}: ${migrations.applied.join(", ")}`);
  }
}
