// Request shapes of the project routes added for the dashboard (status, sample data, prices), shared
// by the routers and the OpenAPI document. Strict: an unknown field is a 400 naming it.
import { z } from "zod";

/** USD per 1M tokens, as the price_overrides columns (Decimal(18, 9)) hold them. */
const perMTok = z
  .string()
  .trim()
  .regex(/^\d{1,9}(\.\d{1,9})?$/, "must be USD per 1M tokens as a decimal such as 2.50")
  .describe('USD per 1M tokens, a decimal string such as "2.50".');

export const PriceOverrideBody = z.strictObject({
  model: z
    .string()
    .trim()
    .min(1)
    .max(200)
    .describe("A catalogue model (or a name it matches) to override, or a new exact name for a model of your own."),
  inputPerMTok: perMTok,
  outputPerMTok: perMTok,
  cachedInputPerMTok: perMTok.optional().describe("Cached input; default: as the catalogue, else the input price."),
  cacheWrite5mPerMTok: perMTok.optional(),
  cacheWrite1hPerMTok: perMTok.optional(),
  effectiveFrom: z
    .string()
    .regex(/^\d{4}-\d{2}-\d{2}$/, "must be a date written YYYY-MM-DD")
    .refine((day) => new Date(Date.parse(`${day}T00:00:00Z`) || 0).toISOString().startsWith(day), "must be a real date")
    .optional()
    .describe("The UTC day from which the price applies; default: every run, however old."),
});
export type PriceOverrideInput = z.infer<typeof PriceOverrideBody>;

export const UseSyncedPriceBody = z.strictObject({
  model: z.string().trim().min(1).max(200).describe("An unknown model of the project, as its runs carry it."),
});
export type UseSyncedPriceInput = z.infer<typeof UseSyncedPriceBody>;
