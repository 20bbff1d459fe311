// Request shapes of the routing-rule routes, shared with the OpenAPI document.
import { z } from "zod";
import { STICKY_MODES } from "@promptmetrics/clickhouse";
import { commonParams } from "../analytics/params.ts";

const Text = z.string().trim().max(200);

export const MAX_RULE_CACHE_TTL_S = 86_400;

export const RoutingRuleBody = z
  .strictObject({
    name: z.string().trim().max(200).optional(),
    match: z
      .strictObject({
        promptName: Text.optional(),
        promptVersion: Text.optional(),
        model: Text.optional(),
        tags: z.array(z.string().trim().min(1).max(200)).max(20).optional(),
        userId: Text.optional(),
      })
      .refine((m) => Boolean(m.promptName || m.promptVersion || m.model || m.userId || (m.tags && m.tags.length > 0)), {
        message: "match needs at least one of promptName, promptVersion, model, tags, userId",
      }),
    targetModel: z.string().trim().min(1).max(200).optional().describe("The model matching calls go to; left out: the model as asked"),
    /** The provider of the rule's models; inferred from the price catalogue when left out. */
    targetProvider: z.enum(["openai", "anthropic"]).optional(),
    share: z.number().gt(0).max(1).optional().describe("Share of the matching calls sent to the target, 0 < share ≤ 1 (default 1)"),
    sticky: z.enum(STICKY_MODES).optional().describe("user (default), session or none"),
    fallbackModels: z
      .array(z.string().trim().min(1).max(200))
      .max(3)
      .optional()
      .describe("Tried in turn when the call fails after its retries: `model` or `model@connection`, same API dialect"),
    cacheTtlSeconds: z
      .number()
      .int()
      .min(1)
      .max(MAX_RULE_CACHE_TTL_S)
      .optional()
      .describe("Matching calls use the response cache, answers kept this many seconds (1 to 86400)"),
  })
  .refine((b) => Boolean(b.targetModel || (b.fallbackModels && b.fallbackModels.length > 0) || b.cacheTtlSeconds), {
    message: "a rule needs at least one action: targetModel, fallbackModels or cacheTtlSeconds",
    path: ["targetModel"],
  });

/** GET .../routing-rules/stats: the range, as the analytics routes take it (default the last 7 days). */
export const RoutingStatsQuery = z.strictObject({
  from: commonParams.from,
  to: commonParams.to,
  tz: commonParams.tz,
});
