// Request shape of the gateway-limit routes, shared with the OpenAPI document.
import { z } from "zod";
import { LIMIT_METRICS, LIMIT_SCOPES } from "@promptmetrics/clickhouse";

export const GatewayLimitBody = z
  .strictObject({
    scope: z.enum(LIMIT_SCOPES),
    subject: z
      .string()
      .trim()
      .max(200)
      .optional()
      .describe("key: the ingest key's id; end_user: the end user's id, or * for each end user; project: none"),
    metric: z.enum(LIMIT_METRICS),
    max: z
      .string()
      .trim()
      .regex(/^\d{1,9}(\.\d{1,6})?$/, "max is a number: requests or tokens, or USD with up to 6 decimals")
      .describe("Requests or tokens per minute (a whole number), or USD per day or month"),
  })
  .superRefine((body, ctx) => {
    if (body.scope === "project" && body.subject)
      ctx.addIssue({ code: "custom", path: ["subject"], message: "a project limit has no subject" });
    if (body.scope !== "project" && !body.subject)
      ctx.addIssue({ code: "custom", path: ["subject"], message: `subject is required for a ${body.scope} limit` });
    if (body.scope === "key" && body.subject === "*")
      ctx.addIssue({ code: "custom", path: ["subject"], message: "a key limit names one key" });
    if (body.metric === "requests_per_minute" && !/^[1-9]\d{0,6}$/.test(body.max))
      ctx.addIssue({ code: "custom", path: ["max"], message: "requests per minute is a whole number from 1 to 9,999,999" });
    if (body.metric === "tokens_per_minute" && !/^[1-9]\d{0,8}$/.test(body.max))
      ctx.addIssue({ code: "custom", path: ["max"], message: "tokens per minute is a whole number from 1 to 999,999,999" });
    if ((body.metric === "spend_per_day" || body.metric === "spend_per_month") && !(Number(body.max) > 0))
      ctx.addIssue({ code: "custom", path: ["max"], message: "a spend cap is above 0" });
  });
