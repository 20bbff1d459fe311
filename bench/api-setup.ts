// (helper of the api benchmark) The store the API benchmark reads: an org, a project, team members with
// ingest keys, an API token, and the synthetic runs, generated once per data directory and reused
// when BENCH_DATA_DIR points at a directory generated with the same settings.
import fs from "node:fs";
import path from "node:path";
import { generateKey, hashPassword } from "@promptmetrics/analytics-api/auth";
import { insertApiKey, insertOrg, insertProject, insertUser, migrate, upsertMembership, type Store } from "@promptmetrics/clickhouse";
import { insertSyntheticRuns, SYNTHETIC_SCOPE, type SyntheticModel } from "@promptmetrics/clickhouse/synthetic";
import { countSyntheticRows } from "@promptmetrics/testing/bench-queries";
import { catalogueModels } from "./api-models.ts";

export interface Workload {
  runs: number;
  days: number;
  models: SyntheticModel[];
  users: number;
  prompts: number;
  versionsPerPrompt: number;
  ratingShare: number;
  errorShare: number;
  members: number;
  seed: number;
}

/** What a generated directory holds, written next to the data so a later run can reuse it. */
interface Generated {
  workload: Omit<Workload, "models"> & { models: string[] };
  orgId: string;
  projectId: string;
  ownerId: string;
  from: string;
  to: string;
  /** Runs and feedback together; runsSeconds of it for the runs alone. */
  generationSeconds: number;
  runsSeconds: number;
  feedback: number;
  inserts: number;
}

/** The workload of the api, web and grafana benchmarks, so one BENCH_DATA_DIR serves all three. */
export function standardWorkload(runs: number): Workload {
  return {
    runs,
    days: 90,
    models: catalogueModels(20, new Date()),
    users: 2_000,
    prompts: 200,
    versionsPerPrompt: 4,
    ratingShare: 0.05,
    errorShare: 0.02,
    members: 4,
    seed: 20261125,
  };
}

/** A positive whole number from the environment (underscores allowed), else `fallback`. */
export function envInt(name: string, fallback: number): number {
  const raw = process.env[name];
  if (raw === undefined || raw === "") return fallback;
  const value = Number(raw.replaceAll("_", ""));
  if (!Number.isInteger(value) || value <= 0) throw new Error(`${name} must be a positive whole number, got ${raw}`);
  return value;
}

export interface BenchData {
  projectId: string;
  /** The end of the generated range: the API's "now", so relative ranges cover the data on a reused directory. */
  now: Date;
  /** Bearer token of the org owner, made for this run. */
  token: string;
  generated: Generated;
  reused: boolean;
}

const META_FILE = "bench-api.json";

export async function prepareData(store: Store, dataDir: string, workload: Workload, progress: (text: string) => void): Promise<BenchData> {
  await migrate(store);
  const metaPath = path.join(dataDir, META_FILE);
  const wanted = { ...workload, models: workload.models.map((model) => model.model) };
  let generated: Generated | undefined;
  let reused = false;
  if (fs.existsSync(metaPath)) {
    const previous = JSON.parse(fs.readFileSync(metaPath, "utf8")) as Generated;
    if (JSON.stringify(previous.workload) !== JSON.stringify(wanted)) {
      throw new Error(`${dataDir} holds another workload (${JSON.stringify(previous.workload)}); use an empty BENCH_DATA_DIR`);
    }
    const counted = await countSyntheticRows(store, { projectId: previous.projectId, scope: SYNTHETIC_SCOPE });
    if (counted.runs !== workload.runs)
      throw new Error(
        `${dataDir} holds ${counted.runs} runs, not ${workload.runs}: a generation was interrupted; use an empty BENCH_DATA_DIR`,
      );
    generated = previous;
    reused = true;
  } else {
    generated = await generate(store, workload, wanted, progress);
    fs.writeFileSync(metaPath, `${JSON.stringify(generated, null, 2)}\n`);
  }
  const token = generateKey("api");
  await insertApiKey(store, {
    id: `tok_bench_${Date.now()}`,
    kind: "api",
    orgId: generated.orgId,
    projectId: "",
    userId: generated.ownerId,
    name: "api benchmark",
    prefix: token.prefix,
    secretHash: token.secretHash,
  });
  return { projectId: generated.projectId, now: new Date(generated.to), token: token.secret, generated, reused };
}

async function generate(
  store: Store,
  workload: Workload,
  wanted: Generated["workload"],
  progress: (text: string) => void,
): Promise<Generated> {
  const orgId = "org_bench";
  const projectId = "proj_bench";
  await insertOrg(store, { id: orgId, name: "Bench Inc." });
  await insertProject(store, { id: projectId, orgId, name: "Production" });
  const passwordHash = await hashPassword("bench password");
  // Team members, each sending runs with an ingest key of their own (the "member" dimension).
  const memberIds = Array.from({ length: workload.members }, (_, i) => `usr_bench_${i + 1}`);
  const keyIds: string[] = [];
  for (const [i, userId] of memberIds.entries()) {
    await insertUser(store, { id: userId, email: `member${i + 1}@bench.example`, name: `Member ${i + 1}`, passwordHash });
    await upsertMembership(store, { orgId, userId, role: i === 0 ? "owner" : "member" });
    const key = generateKey("ingest");
    const keyId = `key_bench_${i + 1}`;
    await insertApiKey(store, {
      id: keyId,
      kind: "ingest",
      orgId,
      projectId,
      userId,
      name: `service ${i + 1}`,
      prefix: key.prefix,
      secretHash: key.secretHash,
    });
    keyIds.push(keyId);
  }
  const to = new Date();
  const from = new Date(to.getTime() - workload.days * 86_400_000);
  progress(`generating ${workload.runs.toLocaleString("en")} runs over ${workload.days} days`);
  const started = performance.now();
  let lastReport = 0;
  let runsSeconds = 0;
  const result = await insertSyntheticRuns(store, {
    projectId,
    from,
    to,
    runs: workload.runs,
    models: workload.models,
    users: workload.users,
    prompts: workload.prompts,
    versionsPerPrompt: workload.versionsPerPrompt,
    ratingShare: workload.ratingShare,
    errorShare: workload.errorShare,
    seed: workload.seed,
    ingestKeyIds: keyIds,
    onProgress: (done, total) => {
      const seconds = (performance.now() - started) / 1000;
      if (done === total) runsSeconds = seconds;
      if (done === total || seconds - lastReport >= 10) {
        lastReport = seconds;
        progress(
          `  ${done.toLocaleString("en")} / ${total.toLocaleString("en")} runs, ${Math.round(done / seconds).toLocaleString("en")} runs/s`,
        );
      }
    },
  });
  return {
    workload: wanted,
    orgId,
    projectId,
    ownerId: memberIds[0]!,
    from: from.toISOString(),
    to: to.toISOString(),
    generationSeconds: (performance.now() - started) / 1000,
    runsSeconds,
    feedback: result.feedback,
    inserts: result.inserts,
  };
}
