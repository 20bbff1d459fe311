// Request shapes of the routing-rule routes, shared with the OpenAPI document.
import { z } from "zod";
import { STICKY_MODES } from "@promptmetrics/clickhouse";
import { commonParams } from "../analytics/params.ts";

const Text = z.string().trim().max(200);

export const RoutingRuleBody = z.strictObject({
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
  targetModel: z.string().trim().min(1).max(200),
  /** The target's provider; inferred from the price catalogue when left out. */
  targetProvider: z.enum(["openai", "anthropic"]).optional(),
  share: z.number().gt(0).max(1).optional().describe("Share of the matching calls sent to the target, 0 < share ≤ 1 (default 1)"),
  sticky: z.enum(STICKY_MODES).optional().describe("user (default), session or none"),
});

/** GET .../routing-rules/stats: the range, as the analytics routes take it (default the last 7 days). */
export const RoutingStatsQuery = z.strictObject({
  from: commonParams.from,
  to: commonParams.to,
  tz: commonParams.tz,
});
