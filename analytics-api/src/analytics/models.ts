// GET /models: models side by side: volume, cost, unit costs, latency, errors, success and ratings.
import type { Store } from "@promptmetrics/clickhouse";
import { ratio, type Figures } from "./figures.ts";
import { buildMeta, type Meta } from "./meta.ts";
import type { Plan } from "./normalise.ts";
import { readFigures } from "./read-figures.ts";

export interface ModelRow extends Figures {
  provider: string;
  model: string;
  /** costUsd per 1,000 requests. */
  costPer1kRequests: number | null;
  /** costUsd per 1,000,000 tokens (input + output; cached input and reasoning are inside those). */
  costPer1MTokens: number | null;
  /** (inputTokens + outputTokens) / requests. */
  tokensPerRequest: number | null;
}

export interface ModelsResponse {
  meta: Meta;
  /** Largest cost first. */
  models: ModelRow[];
}

export async function answerModels(store: Store, plan: Plan, { limit }: { limit: number }, signal?: AbortSignal): Promise<ModelsResponse> {
  const read = await readFigures(store, plan, { dimensions: ["provider", "model"], limit, signal });
  return {
    meta: buildMeta(plan, [read.source]),
    models: read.rows.map(({ keys, figures }) => {
      const tokens = figures.inputTokens + figures.outputTokens;
      return {
        provider: keys[0]!,
        model: keys[1]!,
        ...figures,
        costPer1kRequests: scaled(ratio(figures.costUsd, figures.requests), 1e3),
        costPer1MTokens: scaled(ratio(figures.costUsd, tokens), 1e6),
        tokensPerRequest: ratio(tokens, figures.requests),
      };
    }),
  };
}

function scaled(value: number | null, factor: number): number | null {
  return value === null ? null : value * factor;
}
