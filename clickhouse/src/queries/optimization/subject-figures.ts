// What a suggestion's subject cost and how it went in a time range: runs, failures, known cost and the
// ratings given. Realized savings compare the range before a suggestion was applied with the range since.
// An empty filter value means "any".
import { formatUtcDateTime } from "../../params.ts";
import type { Store } from "../../store.ts";

export interface SubjectFilter {
  projectId: string;
  prompt?: string | undefined;
  promptVersion?: string | undefined;
  provider?: string | undefined;
  model?: string | undefined;
}

export interface SubjectFigures {
  runs: number;
  errors: number;
  /** USD text; runs with no price add nothing. */
  costUsd: string;
  ratedRuns: number;
  meanRating: number | null;
}

export async function getSubjectFigures(store: Store, filter: SubjectFilter & { from: Date; to: Date }): Promise<SubjectFigures> {
  const params = {
    projectId: filter.projectId,
    prompt: filter.prompt ?? "",
    promptVersion: filter.promptVersion ?? "",
    provider: filter.provider ?? "",
    model: filter.model ?? "",
    from: formatUtcDateTime(filter.from),
    to: formatUtcDateTime(filter.to),
  };
  const match = `project_id = {projectId:String}
       AND ({prompt:String} = '' OR prompt_name = {prompt:String})
       AND ({promptVersion:String} = '' OR prompt_version = {promptVersion:String})
       AND ({model:String} = '' OR model = {model:String})`;
  const [row] = await store.query<{
    n_runs: string | number;
    n_errors: string | number;
    total_cost: string;
    n_rated: string | number;
    mean: number | null;
  }>(
    `SELECT count() AS n_runs, countIf(status = 'error') AS n_errors, toString(sum(ifNull(cost_usd, 0))) AS total_cost,
            (SELECT countIf(rating IS NOT NULL) FROM feedback FINAL
              WHERE ${match} AND is_deleted = 0
                AND run_start_time >= {from:DateTime64(9, 'UTC')} AND run_start_time < {to:DateTime64(9, 'UTC')}) AS n_rated,
            (SELECT if(countIf(rating IS NOT NULL) = 0, NULL, avgIf(rating, rating IS NOT NULL)) FROM feedback FINAL
              WHERE ${match} AND is_deleted = 0
                AND run_start_time >= {from:DateTime64(9, 'UTC')} AND run_start_time < {to:DateTime64(9, 'UTC')}) AS mean
     FROM llm_runs
     WHERE ${match} AND ({provider:String} = '' OR provider = {provider:String})
       AND start_time >= {from:DateTime64(9, 'UTC')} AND start_time < {to:DateTime64(9, 'UTC')}`,
    params,
    { tag: "getSubjectFigures" },
  );
  return {
    runs: Number(row?.n_runs ?? 0),
    errors: Number(row?.n_errors ?? 0),
    costUsd: row?.total_cost ?? "0",
    ratedRuns: Number(row?.n_rated ?? 0),
    meanRating: row?.mean === null || row?.mean === undefined ? null : Number(row.mean),
  };
}
