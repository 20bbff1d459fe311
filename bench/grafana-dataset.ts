// (helper of the grafana benchmark) The store the boards are timed on: the API benchmark's synthetic runs
// (prepareData: reused from BENCH_DATA_DIR when it holds them, generated otherwise), rollups merged as a
// long-running server has them, and a month of ingest_health reports when the table has none.
import fs from "node:fs";
import path from "node:path";
import { listIngestHealth, listSpanMonths, rebuildRollupPartitions, type Store } from "@promptmetrics/clickhouse";
import { countRunningMerges, listTableParts, optimizeRollups, type TablePartsRow } from "@promptmetrics/testing/bench-queries";
import { catalogueModels } from "./api-models.ts";
import { prepareData, standardWorkload, type BenchData, type Workload } from "./api-setup.ts";
import { countReports, reportDay, type IngestHealthPlan } from "./grafana-ingest-health.ts";

/** Written by prepareData next to the data it generated. */
const API_META_FILE = "bench-api.json";
const INGEST_HEALTH_DAYS = 30;
const INGEST_INSTANCES = ["ingest-0", "ingest-1", "ingest-2"];
/** Spans per LLM run the ingest sees: the HTTP and tool spans around each call. */
const SPANS_PER_RUN = 4;

export interface DatasetOptions {
  dataDir: string;
  /** Runs to generate when the directory holds none. */
  runs: number;
  optimize: boolean;
}

export interface Dataset {
  data: BenchData;
  workload: Workload;
  ingestHealth: { rows: number; inserted: boolean; days: number; instances: number };
  optimizeSeconds: number | undefined;
  merges: { idle: boolean; seconds: number };
  parts: TablePartsRow[];
}

export class DatasetError extends Error {
  override name = "DatasetError";
}

export async function prepareDataset(store: Store, options: DatasetOptions, progress: (text: string) => void): Promise<Dataset> {
  const workload = workloadFor(options);
  // prepareData migrates first, so tables added since the directory was generated (ingest_health) exist.
  const data = await prepareData(store, options.dataDir, workload, progress);
  await fillNewRollups(store, progress);
  const ingestHealth = await ensureIngestHealth(store, data, workload, progress);
  let optimizeSeconds: number | undefined;
  if (options.optimize) {
    progress("OPTIMIZE ... FINAL on the rollups");
    const started = performance.now();
    await optimizeRollups(store);
    optimizeSeconds = (performance.now() - started) / 1000;
  }
  progress("waiting for background merges to finish (at most 5 minutes)");
  const merges = await waitForMerges(store, 5 * 60_000);
  return { data, workload, ingestHealth, optimizeSeconds, merges, parts: await listTableParts(store) };
}

/**
 * The workload a reused directory was generated with (read from its metadata, so a directory of any
 * size is reused as it is), else the API benchmark's workload with `runs` runs.
 */
function workloadFor(options: DatasetOptions): Workload {
  const metaPath = path.join(options.dataDir, API_META_FILE);
  if (fs.existsSync(metaPath)) {
    const stored = (JSON.parse(fs.readFileSync(metaPath, "utf8")) as { workload: Omit<Workload, "models"> & { models: string[] } })
      .workload;
    const models = catalogueModels(stored.models.length, new Date());
    if (models.some((model, i) => model.model !== stored.models[i])) {
      throw new DatasetError(
        `${options.dataDir} was generated with other models (${stored.models.join(", ")}); use another BENCH_DATA_DIR`,
      );
    }
    // The stored object's key order is kept: prepareData compares the two as JSON.
    return { ...stored, models };
  }
  return standardWorkload(options.runs);
}

/**
 * A directory generated before a rollup existed holds no rows in it (views count only later inserts):
 * rebuild every rollup from the spans, as `promptmetrics rebuild-rollups` does after an upgrade.
 */
async function fillNewRollups(store: Store, progress: (text: string) => void): Promise<void> {
  const parts = await listTableParts(store);
  const rows = (table: string) => parts.find((row) => row.table === table)?.rows ?? 0;
  if (rows("spans") === 0 || (rows("rollup_error_hourly") > 0 && rows("rollup_member_hourly") > 0)) return;
  const months = await listSpanMonths(store, { from: new Date(0), to: new Date("2100-01-01T00:00:00Z") });
  progress(
    `rebuilding the rollups from the spans of ${months.length} month(s) (the error and member rollups are newer than this directory)`,
  );
  await rebuildRollupPartitions(store, { partitions: months });
}

/** Inserts a month of reports ending at the data's end when ingest_health is empty; reports what it holds. */
async function ensureIngestHealth(
  store: Store,
  data: BenchData,
  workload: Workload,
  progress: (text: string) => void,
): Promise<Dataset["ingestHealth"]> {
  const shape = { days: INGEST_HEALTH_DAYS, instances: INGEST_INSTANCES.length };
  const existing = await listIngestHealth(store, { limit: 1 });
  if (existing.length > 0) {
    const rows = (await listTableParts(store)).find((row) => row.table === "ingest_health")?.rows ?? 0;
    return { ...shape, rows, inserted: false };
  }
  const plan: IngestHealthPlan = {
    to: data.now,
    days: INGEST_HEALTH_DAYS,
    instances: INGEST_INSTANCES,
    meanSpansPerSecond: (workload.runs / (workload.days * 86_400)) * SPANS_PER_RUN,
    seed: workload.seed,
  };
  progress(
    `inserting ${countReports(plan).toLocaleString("en")} ingest_health reports (${plan.days} days × ${plan.instances.length} instances, every 10 s)`,
  );
  for (let day = 0; day < plan.days; day++) await store.insert("ingest_health", reportDay(plan, day));
  return { ...shape, rows: countReports(plan), inserted: true };
}

async function waitForMerges(store: Store, limitMs: number): Promise<{ idle: boolean; seconds: number }> {
  const started = performance.now();
  while (performance.now() - started < limitMs) {
    if ((await countRunningMerges(store)) === 0) return { idle: true, seconds: (performance.now() - started) / 1000 };
    await new Promise((resolve) => setTimeout(resolve, 1000));
  }
  return { idle: false, seconds: (performance.now() - started) / 1000 };
}
