// WHERE conditions for run filters. Every value travels as a typed parameter named after its filter,
// so a filter value such as `' OR 1=1 --` is only ever compared, never parsed.
import type { FilterField, RunFilters, Source } from "./types.ts";

const CONDITIONS: Record<FilterField, string> = {
  model: "model IN {model:Array(String)}",
  provider: "provider IN {provider:Array(String)}",
  userId: "user_id IN {userId:Array(String)}",
  prompt: "prompt_name IN {prompt:Array(String)}",
  promptVersion: "prompt_version IN {promptVersion:Array(String)}",
  tag: "hasAny(tags, {tag:Array(String)})",
  // The same rule as llm_runs.status: only an error status is an error.
  status: "if(status_code = 'error', 'error', 'ok') IN {status:Array(String)}",
};

/** The column each filter compares (in a rollup too, where it has the column). */
export const FILTER_COLUMNS: Record<FilterField, string> = {
  model: "model",
  provider: "provider",
  userId: "user_id",
  prompt: "prompt_name",
  promptVersion: "prompt_version",
  tag: "tags",
  status: "status_code",
};

const ORDER: readonly FilterField[] = ["model", "provider", "userId", "prompt", "promptVersion", "tag", "status"];

/** The conditions (to be ANDed) and their parameters. `source` says which columns exist (pickSource guarantees the rollup has them). */
export function buildFilterConditions(filters: RunFilters, source: Source): { conditions: string[]; params: Record<string, unknown> } {
  const conditions: string[] = [];
  const params: Record<string, unknown> = {};
  for (const field of ORDER) {
    const values = filters[field];
    if (values === undefined) continue;
    conditions.push(CONDITIONS[field]);
    params[field] = [...values];
  }
  // rollup_prompt_hourly holds named prompts only, so the condition is needed on raw spans alone.
  if (filters.namedPromptsOnly && source === "raw") conditions.push("prompt_name != ''");
  return { conditions, params };
}
