// Request shapes of the suggestion routes, shared by the router and the OpenAPI document. Strict: an
// unknown field is a 400 naming it.
import { z } from "zod";
import { SUGGESTION_KINDS, SUGGESTION_STATUSES, SUGGESTION_TYPES } from "./suggestion.ts";

const projectId = z.string().min(1).max(200).describe("The project's id");
const suggestionId = z
  .string()
  .regex(/^sg_[0-9a-f]{24}$/, "must be a suggestion id (sg_ and 24 hex digits)")
  .describe("The suggestion's id");

export const SuggestionsQuery = z.strictObject({
  projectId,
  status: z.enum(SUGGESTION_STATUSES).optional().describe("Only suggestions with this status"),
  type: z.enum(SUGGESTION_TYPES).optional().describe("Only this type"),
  kind: z.enum(SUGGESTION_KINDS).optional().describe("Only this kind"),
});

export const ApplySuggestionBody = z.strictObject({
  suggestionId,
  share: z
    .number()
    .gt(0)
    .max(1)
    .optional()
    .describe("model_switch: the share of the prompt's calls the gateway's new routing rule sends to the cheaper model (default 1)"),
});

export const DismissSuggestionBody = z.strictObject({
  suggestionId,
  reason: z.string().trim().max(500).optional().describe("Why it does not apply (shown with the suggestion)"),
});

export const RefreshSuggestionsBody = z.strictObject({ projectId });

export const OptimizationSettingsQuery = z.strictObject({ projectId });

const label = z.string().trim().min(1).max(200);

export const OptimizationSettingsBody = z.strictObject({
  projectId,
  windowDays: z.number().int().min(1).max(365).optional().describe("Days of traffic suggestions look at (default 30)."),
  offlineTags: z.array(label).max(50).optional().describe("Runs with any of these tags count as offline traffic (for batch_api)."),
  offlineServices: z.array(label).max(50).optional().describe("Runs of these services (service.name) count as offline traffic."),
});
