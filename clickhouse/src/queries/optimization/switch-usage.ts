// The model-switch suggestions' evidence: the token buckets (as the savings calculator sums them) of
// several (prompt, version, model) traffics in one pass, each run belonging to exactly one of them, found
// by a set lookup on one text key rather than by testing every move against every run. `move` is the
// key's index.
import { formatUtcDateTime } from "../../params.ts";
import type { Store } from "../../store.ts";
import { BILLED_COLUMNS, BUCKET_AGGREGATES, toUsageGroup, type SavingsUsageGroup, type UsageRow } from "./savings-usage.ts";
import { MODEL_FAMILY } from "./prompt-model-figures.ts";

export interface PromptModelKey {
  prompt: string;
  promptVersion: string;
  /** The run's model as the analytics name it (response model, else requested). */
  model: string;
}

export async function sumPromptModelUsage(
  store: Store,
  request: {
    projectId: string;
    from: Date;
    to: Date;
    keys: readonly PromptModelKey[];
    thresholds: readonly number[];
    signal?: AbortSignal;
  },
): Promise<SavingsUsageGroup[]> {
  if (request.keys.length === 0) return [];
  const rows = await store.query<UsageRow>(
    `SELECT indexOf({keys:Array(String)}, key) - 1 AS move,
            [move] AS matched_moves,
            toString(toDate(start_time)) AS day,
            service_tier, inference_geo, priced_model, price_source,
            cost_usd IS NOT NULL AS priced,
            ${BUCKET_AGGREGATES}
     FROM (
       SELECT concat(prompt_name, '\x1f', prompt_version, '\x1f', ${MODEL_FAMILY}) AS key, start_time, service_tier, inference_geo, priced_model, price_source, cost_usd,
              input_tokens, cache_read_tokens, cache_write_tokens, cache_write_1h_tokens, cache_write_12h_tokens,
              output_tokens, reasoning_tokens, ${BILLED_COLUMNS}
       FROM spans FINAL
       WHERE project_id = {projectId:String} AND is_llm
         AND start_time >= {from:DateTime64(9, 'UTC')} AND start_time < {to:DateTime64(9, 'UTC')}
         AND key IN {keys:Array(String)}
     )
     GROUP BY move, day, service_tier, inference_geo, priced_model, price_source, priced, band
     ORDER BY move, day, service_tier, inference_geo, priced_model, price_source, priced, band`,
    {
      projectId: request.projectId,
      from: formatUtcDateTime(request.from),
      to: formatUtcDateTime(request.to),
      // One text per key, its parts joined by the unit separator (bound, so no name can break out of it).
      keys: request.keys.map((key) => [key.prompt, key.promptVersion, key.model].join("\x1f")),
      thresholds: [...new Set(request.thresholds)].sort((a, b) => a - b),
    },
    { tag: "sumPromptModelUsage", signal: request.signal },
  );
  return rows.map(toUsageGroup);
}
