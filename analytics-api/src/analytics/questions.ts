// The analytics questions, each once: its parameters, how to answer it, and its rows as a table (for
// exports). The router serves them as JSON; the export route serves the same answers as CSV or JSON.
import type { z } from "zod";
import type { Store } from "@promptmetrics/clickhouse";
import { answerCosts } from "./costs.ts";
import { answerModels } from "./models.ts";
import type { Plan } from "./normalise.ts";
import { answerOverview } from "./overview.ts";
import { costsParams, modelsParams, overviewParams, promptsParams, successRateParams, trendsParams, usersParams } from "./params.ts";
import { answerPrompts } from "./prompts.ts";
import { answerSuccessRate } from "./success-rate.ts";
import { answerTrends } from "./trends.ts";
import { answerUsers } from "./users.ts";

export type Row = Record<string, unknown>;

export interface Question<Schema extends z.ZodObject = z.ZodObject> {
  /** The route below /api/analytics, and the `what` of its export. */
  name: string;
  schema: Schema;
  /** Every store read of the answer carries `signal`, so closing the request stops them. */
  answer(store: Store, plan: Plan, params: z.infer<Schema>, signal?: AbortSignal): Promise<unknown>;
  /** The answer as one flat table. */
  rows(answer: never): Row[];
}

function question<Schema extends z.ZodObject, Answer>(q: {
  name: string;
  schema: Schema;
  answer: (store: Store, plan: Plan, params: z.infer<Schema>, signal?: AbortSignal) => Promise<Answer>;
  rows: (answer: Answer) => Row[];
}): Question {
  return q as unknown as Question;
}

export const QUESTIONS: readonly Question[] = [
  question({
    name: "overview",
    schema: overviewParams,
    answer: (store, plan, _params, signal) => answerOverview(store, plan, signal),
    rows: (a) => [
      { period: "current", from: a.meta.from, to: a.meta.to, ...a.totals },
      { period: "previous", from: a.previousRange.from, to: a.previousRange.to, ...a.previous },
    ],
  }),
  question({
    name: "costs",
    schema: costsParams,
    answer: (store, plan, params, signal) => answerCosts(store, plan, params, signal),
    rows: (a) => a.groups.map(({ key, ...group }) => ({ [a.groupBy]: key, ...group })),
  }),
  question({
    name: "trends",
    schema: trendsParams,
    answer: (store, plan, params, signal) =>
      answerTrends(
        store,
        plan,
        { metric: params.metric === "cost" ? "costUsd" : params.metric, splitBy: params.splitBy, top: params.top },
        signal,
      ),
    rows: (a) =>
      a.series.flatMap((series) =>
        series.points.map((point) => ({
          bucket: point.bucket,
          series: series.kind === "total" ? "total" : series.key,
          [a.metric]: point.value,
        })),
      ),
  }),
  question({
    name: "models",
    schema: modelsParams,
    answer: (store, plan, params, signal) => answerModels(store, plan, params, signal),
    rows: (a) => a.models.map((row) => ({ ...row })),
  }),
  question({
    name: "success-rate",
    schema: successRateParams,
    answer: (store, plan, params, signal) => answerSuccessRate(store, plan, params, signal),
    rows: (a) => [
      ...a.byModel.map((row) => ({ dimension: "model", ...row })),
      ...a.byPrompt.map((row) => ({ dimension: "prompt", ...row })),
      ...a.byPromptVersion.map((row) => ({ dimension: "promptVersion", ...row })),
    ],
  }),
  question({
    name: "users",
    schema: usersParams,
    answer: (store, plan, params, signal) => answerUsers(store, plan, params, signal),
    rows: (a) => [...a.byUser.map((row) => ({ kind: "end user", ...row })), ...a.byMember.map((row) => ({ kind: "team member", ...row }))],
  }),
  question({
    name: "prompts",
    schema: promptsParams,
    answer: (store, plan, params, signal) => answerPrompts(store, plan, params, signal),
    rows: (a) => a.prompts.map((row) => ({ ...row })),
  }),
];
