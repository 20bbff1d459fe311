// The savings calculator's request, shared by its router and the OpenAPI document. Strict: an unknown
// field is a 400 naming it (`moves[0].colour`).
import { z } from "zod";

/** Millionths: shares are exact decimals of at most 6 places, so they multiply money exactly. */
export const SHARE_SCALE = 1_000_000n;
const SHARE_TEXT = /^(0|1)(?:\.(\d{1,6}))?$/;

/** 0.25 → 250_000n millionths, or undefined when it is not a decimal from 0 to 1 with at most 6 places. */
export function shareMillionths(share: number): bigint | undefined {
  const match = SHARE_TEXT.exec(String(share));
  if (!match) return undefined;
  const millionths = BigInt(match[1] ?? "0") * SHARE_SCALE + BigInt((match[2] ?? "").padEnd(6, "0"));
  return millionths <= SHARE_SCALE ? millionths : undefined;
}

const share = (description: string) =>
  z
    .number()
    .min(0)
    .max(1)
    .refine((value) => shareMillionths(value) !== undefined, "must have at most 6 decimal places")
    .describe(description);

// A date-time with Z or an offset, or a UTC day.
const INSTANT = /^\d{4}-\d{2}-\d{2}(?:T\d{2}:\d{2}(?::\d{2}(?:\.\d{1,9})?)?(?:Z|[+-]\d{2}:\d{2}))?$/;
/** Date.parse rolls 2026-02-30 over into March: the calendar day must exist as written. */
function isRealInstant(text: string): boolean {
  const [year = 0, month = 0, day = 0] = text.slice(0, 10).split("-").map(Number);
  const midnight = new Date(Date.UTC(year, month - 1, day));
  if (midnight.getUTCMonth() !== month - 1 || midnight.getUTCDate() !== day) return false;
  return !Number.isNaN(Date.parse(text.length === 10 ? `${text}T00:00:00Z` : text));
}

const instant = (description: string) =>
  z
    .string()
    .regex(INSTANT, "must be an ISO 8601 date-time with Z or an offset, or a date (YYYY-MM-DD, UTC midnight)")
    .refine(isRealInstant, "is not a real date and time")
    .transform((text) => new Date(text.length === 10 ? `${text}T00:00:00Z` : text))
    .describe(description);

const name = z.string().trim().min(1).max(200);

export const SavingsMove = z
  .strictObject({
    fromModel: name.describe(
      "The runs to move: those whose model (the response model, else the requested one, as the analytics name it) or priced model (the catalogue id it was priced as) is this.",
    ),
    toModel: name.describe(
      "The model to price them at: any name the project's prices know (catalogue, synced prices, the project's overrides).",
    ),
    share: share("The part of the matching runs moved, 0 to 1 (at most 6 decimals): 0.25 re-prices a quarter of their cost."),
    prompt: name.optional().describe("Only runs of this prompt name."),
    promptVersion: name.optional().describe("Only runs of this prompt version (needs `prompt`)."),
  })
  .meta({ id: "SavingsMove" });

export const SavingsBody = z
  .strictObject({
    projectId: z.string().min(1).max(200).describe("The project's id"),
    from: instant("Start of the window, inclusive."),
    to: instant("End of the window, exclusive; after `from`."),
    moves: z.array(SavingsMove).max(20).describe("Re-price part of some runs at another model. At most 20."),
    batch: z
      .strictObject({
        share: share("The part of the standard-tier runs (after the moves) sent through the Batch API instead."),
      })
      .optional()
      .describe("What-if: send part of the traffic through the Batch API, at the provider's batch discount of the model that serves it."),
    caching: z
      .strictObject({
        share: share(
          "The part of the resends of shared prompt prefixes (sent again within 5 minutes, at least the model's cacheable length) that a cache would serve.",
        ),
        prompt: name.optional().describe("Only runs of this prompt name."),
        promptVersion: name.optional().describe("Only runs of this prompt version (needs `prompt`)."),
      })
      .optional()
      .describe(
        "What-if: cache shared prompt prefixes, on the window's traffic as it ran (before any move): the missed cache reads at input − cache-read price, less the write premium a cache needs (Anthropic), as the prompt_caching suggestion counts them.",
      ),
  })
  .superRefine((body, ctx) => {
    // zod runs this even when a field failed its own check, and then `from` or `to` is still its text.
    if (body.from instanceof Date && body.to instanceof Date && body.to.getTime() <= body.from.getTime())
      ctx.addIssue({ code: "custom", path: ["to"], message: "must be after from" });
    if (!Array.isArray(body.moves)) return;
    if (body.moves.length === 0 && body.batch === undefined && body.caching === undefined)
      ctx.addIssue({ code: "custom", path: ["moves"], message: "give at least one move, or a batch or caching what-if" });
    if (
      typeof body.caching === "object" &&
      body.caching !== null &&
      body.caching.promptVersion !== undefined &&
      body.caching.prompt === undefined
    )
      ctx.addIssue({ code: "custom", path: ["caching", "promptVersion"], message: "needs prompt: versions belong to a prompt" });
    body.moves.forEach((move, i) => {
      if (typeof move === "object" && move !== null && move.promptVersion !== undefined && move.prompt === undefined)
        ctx.addIssue({ code: "custom", path: ["moves", i, "promptVersion"], message: "needs prompt: versions belong to a prompt" });
    });
  })
  .meta({ id: "SavingsRequest" });

export type SavingsRequest = z.output<typeof SavingsBody>;
