// The JSON answers of the data rights routes: an end user's export and deletion, a project's retention.
import { z } from "zod";
import type { EndUserFeedback, EndUserSpan } from "@promptmetrics/clickhouse";
import type { EndUserDeletionView, ProjectRetentionView } from "../../projects/data-rights-views.ts";
import { END_USER_EXPORT_VERSION } from "../../projects/end-user-export.ts";
import { Timestamp } from "./common.ts";
import type { Agree, Expect, JsonOf } from "./type-checks.ts";

/** The store's own text of a DateTime64 in UTC ("2026-11-20 10:00:00.000000000"), as stored, not ISO. */
const StoreTime = z.string().describe("UTC, as the store writes it: YYYY-MM-DD hh:mm:ss with up to nine decimals.");
const StringMap = z.record(z.string(), z.string());

export const EndUserSpanRecord = z
  .strictObject({
    traceId: z.string(),
    spanId: z.string(),
    parentSpanId: z.string(),
    name: z.string(),
    isLlm: z.boolean().describe("true for the user's runs, false for the other spans of their traces."),
    startTime: StoreTime,
    endTime: StoreTime,
    serviceName: z.string(),
    status: z.string().describe("ok or error."),
    statusMessage: z.string(),
    provider: z.string(),
    model: z.string(),
    inputTokens: z.number().int(),
    outputTokens: z.number().int(),
    costUsd: z.string().nullable().describe("USD, an exact decimal string; null when unpriced."),
    endUserId: z.string(),
    sessionId: z.string(),
    promptName: z.string(),
    promptVersion: z.string(),
    tags: z.array(z.string()),
    inputText: z.string(),
    outputText: z.string(),
    attributes: StringMap,
    resourceAttributes: StringMap,
    eventNames: z.array(z.string()),
    eventAttributes: z.array(StringMap),
  })
  .meta({ id: "EndUserSpanRecord" });

export const EndUserFeedbackRecord = z
  .strictObject({
    traceId: z.string(),
    spanId: z.string(),
    rating: z.number().int().nullable(),
    success: z.boolean().nullable(),
    comment: z.string(),
    authorUserId: z.string(),
    createdAt: StoreTime,
    updatedAt: StoreTime,
  })
  .meta({ id: "EndUserFeedbackRecord" });

export const EndUserExport = z
  .strictObject({
    version: z.literal(END_USER_EXPORT_VERSION).describe("The export format's version."),
    projectId: z.string(),
    endUserId: z.string(),
    exportedAt: Timestamp,
    runs: z.array(EndUserSpanRecord).describe("The user's LLM runs with their content as stored (newest revision)."),
    spans: z.array(EndUserSpanRecord).describe("The other spans of the same traces (no end user of their own)."),
    feedback: z.array(EndUserFeedbackRecord).describe("The current ratings and comments on the runs."),
  })
  .meta({ id: "EndUserExport" });

export const EndUserDeletion = z
  .strictObject({
    projectId: z.string(),
    endUserId: z.string(),
    runs: z.number().int().describe("The user's LLM runs deleted, each with every revision and its content."),
    spans: z.number().int().describe("Spans deleted: the runs and the other spans of their traces."),
    feedback: z.number().int().describe("Feedback rows (ratings, comments) on those runs deleted."),
    hoursRebuilt: z.number().int().describe("How many rollup hours were recomputed without the user's runs."),
    hours: z.array(Timestamp).describe("Those hours (UTC)."),
  })
  .meta({ id: "EndUserDeletion" });

export const ProjectRetention = z
  .strictObject({
    projectId: z.string(),
    retentionDays: z.number().int().nullable().describe("The project's own retention in days; null: the install's default."),
    installRetentionDays: z
      .number()
      .int()
      .nullable()
      .describe("PROMPTMETRICS_RETENTION_DAYS as the store applies it (spans only); null: kept for ever."),
    effectiveRetentionDays: z
      .number()
      .int()
      .nullable()
      .describe("What applies to the project's runs: its own days, else the install's, else null (kept for ever)."),
    updatedAt: Timestamp.nullable().describe("null while the project has never set one."),
    updatedBy: z.string().describe("The user id of who set it last; empty while never set."),
  })
  .meta({ id: "ProjectRetention" });

export type DataRightsChecks = [
  Expect<Agree<JsonOf<EndUserSpan>, z.output<typeof EndUserSpanRecord>>>,
  Expect<Agree<JsonOf<EndUserFeedback>, z.output<typeof EndUserFeedbackRecord>>>,
  Expect<Agree<JsonOf<EndUserDeletionView>, z.output<typeof EndUserDeletion>>>,
  Expect<Agree<JsonOf<ProjectRetentionView>, z.output<typeof ProjectRetention>>>,
];
