// (helper of the api benchmark) The models of the synthetic workload, priced from pricing/catalogue.json.
import type { SyntheticModel } from "@promptmetrics/clickhouse/synthetic";
import { catalogue } from "@promptmetrics/pricing";

/** Catalogue ids from most to least used in a typical mixed OpenAI + Anthropic workload. */
const BY_POPULARITY = [
  "gpt-4o-mini",
  "gpt-4.1-mini",
  "claude-sonnet-4-5",
  "gpt-5-mini",
  "gpt-4o",
  "claude-haiku-4-5",
  "gpt-5",
  "gpt-4.1",
  "gpt-4.1-nano",
  "claude-3-5-haiku",
  "o4-mini",
  "gpt-5-nano",
  "claude-sonnet-4",
  "claude-opus-4-1",
  "gpt-5.1",
  "o3",
  "claude-3-7-sonnet",
  "gpt-3.5-turbo",
  "o3-mini",
  "claude-opus-4-5",
];

/**
 * The `count` most used models with the catalogue's prices in force at `at` and a Zipf-like weight
 * (the first model gets about as many runs as the next two together).
 */
export function catalogueModels(count: number, at: Date): SyntheticModel[] {
  if (count > BY_POPULARITY.length) throw new RangeError(`at most ${BY_POPULARITY.length} models`);
  return BY_POPULARITY.slice(0, count).map((id, rank) => {
    const entry = catalogue.models.find((model) => model.id === id);
    if (!entry) throw new Error(`${id} is not in the catalogue`);
    const period =
      entry.periods.filter((candidate) => Date.parse(`${candidate.from}T00:00:00Z`) <= at.getTime()).at(-1) ?? entry.periods[0]!;
    return {
      provider: entry.provider,
      model: entry.id,
      inputPerMTok: period.prices.input,
      outputPerMTok: period.prices.output,
      cachedInputPerMTok: period.prices.cachedInput,
      weight: 1 / (rank + 1) ** 0.9,
      reasoning: entry.kind === "reasoning",
    };
  });
}
