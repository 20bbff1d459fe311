// The demo data behind the dashboard's "Load sample data" button: 30 days of runs across six popular
// OpenAI and Anthropic models priced from the catalogue, a few prompts with versions, ~50 end users,
// and ratings on about a tenth of the runs. Generated inside the store (insertSyntheticRuns); then a few
// thousand runs of waste for the optimization engine to find (sample-waste.ts).
import { randomInt } from "node:crypto";
import type { Store } from "@promptmetrics/clickhouse";
import { insertSyntheticRuns, type SyntheticModel, type SyntheticRunsResult } from "@promptmetrics/clickhouse/synthetic";
import { catalogue, type CatalogueEntry } from "@promptmetrics/pricing";
import { insertSampleWaste } from "./sample-waste.ts";

export const SAMPLE_DAYS = 30;
export const SAMPLE_RUNS = 20_000;

/** Catalogue ids and their share of the traffic: cheap models carry most of it, as in real apps. */
const SAMPLE_MIX: readonly { id: string; weight: number }[] = [
  { id: "gpt-4o-mini", weight: 34 },
  { id: "gpt-4o", weight: 18 },
  { id: "gpt-4.1", weight: 10 },
  { id: "o4-mini", weight: 8 },
  { id: "claude-sonnet-4-5", weight: 18 },
  { id: "claude-haiku-4-5", weight: 12 },
];

/** The sample models with the catalogue's prices in force at `at`. */
export function sampleModels(at: Date, entries: readonly CatalogueEntry[] = catalogue.models): SyntheticModel[] {
  const day = at.toISOString().slice(0, 10);
  return SAMPLE_MIX.flatMap(({ id, weight }) => {
    const entry = entries.find((candidate) => candidate.id === id);
    const period = entry?.periods.filter((candidate) => candidate.from <= day).at(-1) ?? entry?.periods[0];
    if (!entry || !period) return [];
    return [
      {
        provider: entry.provider,
        model: entry.id,
        inputPerMTok: period.prices.input,
        outputPerMTok: period.prices.output,
        cachedInputPerMTok: period.prices.cachedInput,
        weight,
        reasoning: entry.kind === "reasoning",
      },
    ];
  });
}

/**
 * Loads the sample into a project. Each load has its own seed (new run ids), so loading twice adds a
 * second set rather than colliding with the first; ratings land on runs of the same range.
 */
export async function loadSampleData(
  store: Store,
  { projectId, now, ingestKeyIds }: { projectId: string; now: Date; ingestKeyIds: readonly string[] },
): Promise<SyntheticRunsResult> {
  const from = new Date(now.getTime() - SAMPLE_DAYS * 86_400_000);
  const result = await insertSyntheticRuns(store, {
    projectId,
    from,
    to: now,
    runs: SAMPLE_RUNS,
    models: sampleModels(now),
    users: 50,
    prompts: 6,
    versionsPerPrompt: 3,
    ratingShare: 0.1,
    errorShare: 0.03,
    seed: randomInt(1, 2 ** 32 - 1),
    ingestKeyIds,
  });
  // Waste of every kind the optimization engine finds, so a new user sees real suggestions at once.
  const waste = await insertSampleWaste(store, { projectId, from, to: now });
  return { ...result, runs: result.runs + waste };
}
