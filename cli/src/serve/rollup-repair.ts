// At start-up of the process that holds an embedded store, before it takes traffic: rebuilds the rollup
// months where a crash (kill -9 between a spans part and its views' parts, a reprice or rollup rebuild
// killed half-way) left the rollups disagreeing with the stored spans, and says what it repaired.
// A server store is shared by replicas that keep writing, and a rebuild replaces whole partitions: there
// `promptmetrics rebuild-rollups` is run by hand (docs/design/ingest.md).
import { repairRecentRollups, type Store } from "@promptmetrics/clickhouse";

export async function repairRollupsAtStart(store: Store, log: Pick<Console, "log" | "error"> = console): Promise<void> {
  if (store.kind !== "embedded") return;
  const started = performance.now();
  try {
    const repair = await repairRecentRollups(store);
    if (repair.rebuilt.length === 0) return;
    const hours = new Set(repair.disagreements.map((d) => `${d.projectId} ${d.bucket}`)).size;
    const tables = [...new Set(repair.disagreements.map((d) => d.table))].join(", ");
    const months = repair.rebuilt.map((m) => `${String(m).slice(0, 4)}-${String(m).slice(4)}`).join(", ");
    log.log(
      `[recovery] the rollups disagreed with the stored spans in ${hours} hour(s) (${tables}), as after an interrupted write; ` +
        `rebuilt ${months} from the spans in ${Math.round(performance.now() - started)} ms`,
    );
  } catch (error) {
    // A failed check must not keep the server down: the rollups stay as they were, rebuild-rollups can fix them.
    log.error("[recovery] could not check the rollups against the stored spans:", error);
  }
}
