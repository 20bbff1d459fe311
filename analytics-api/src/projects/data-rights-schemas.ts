// Request shapes of the data rights routes (an end user's export and deletion, a project's retention),
// shared by the routers and the OpenAPI document. Strict: an unknown field is a 400 naming it.
import { z } from "zod";

/** The longest retention a project may set when the install keeps spans for ever: ten years. */
export const MAX_RETENTION_DAYS = 3650;

export const RetentionBody = z.strictObject({
  retentionDays: z
    .number()
    .int()
    .min(1)
    .max(MAX_RETENTION_DAYS)
    .nullable()
    .describe(
      "Days after which the project's runs, feedback and hourly rollups are deleted; null: the install's default. At most the install-wide retention (PROMPTMETRICS_RETENTION_DAYS) when one is set.",
    ),
});
export type RetentionInput = z.output<typeof RetentionBody>;

/** The end user's id as their runs carry it (`user_id`), taken from the path exactly as sent. */
export const END_USER_PATH = { projectId: "The project's id", endUserId: "The end user's id as their runs carry it, percent-encoded" };
