// Request bodies of the rating and feedback routes, shared by the router (validation) and the OpenAPI
// document. Strict objects: an unknown field is a 400 naming it.
import { z } from "zod";

const projectId = z.string().min(1).max(200).optional();

export const RateBody = z.strictObject({
  projectId,
  rating: z
    .number({ error: "must be a whole number from 1 to 5" })
    .int("must be a whole number from 1 to 5")
    .min(1, "must be from 1 to 5")
    .max(5, "must be from 1 to 5"),
});

export const FeedbackBody = z.strictObject({
  projectId,
  text: z.string().max(10_000).optional().describe('The comment; "" clears it.'),
  success: z.boolean().nullable().optional().describe("Whether the run did its job; null clears it."),
});

/** The query both routes take. */
export const FeedbackQuery = z.strictObject({ projectId });
