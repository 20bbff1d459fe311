// API settings from the environment. Parsed once at start by the process entry point and passed in
// as ApiAppOptions; library code never reads process.env.
import { z } from "zod";
import type { ApiAppOptions } from "./app.ts";

const flag = z
  .enum(["true", "false", "1", "0", "yes", "no"], { message: "must be true or false" })
  .transform((value) => value === "true" || value === "1" || value === "yes");

const origin = z.url({ protocol: /^https?$/, message: "must be an http(s) URL" }).transform((value) => new URL(value).origin);

export const apiEnvSchema = z.object({
  /** true: POST /api/auth/signup answers 403; people join through invitations. */
  PROMPTMETRICS_DISABLE_SIGNUP: flag.default(false),
  /** The URL people reach the dashboard at, for invitation links (default: the request's own origin). */
  PROMPTMETRICS_PUBLIC_URL: z.url({ protocol: /^https?$/, message: "must be an http(s) URL" }).optional(),
  /** Comma-separated origins besides the API's own allowed to make signed-in changes (a UI dev server). */
  PROMPTMETRICS_TRUSTED_ORIGINS: z
    .string()
    .transform((text) => text.split(",").map((item) => item.trim()).filter((item) => item !== ""))
    .pipe(z.array(origin))
    .default([]),
});

export type ApiEnv = z.infer<typeof apiEnvSchema>;

export type ApiSettings = Pick<ApiAppOptions, "disableSignup" | "publicUrl" | "trustedOrigins">;

export function apiSettingsFromEnv(env: ApiEnv): ApiSettings {
  return {
    disableSignup: env.PROMPTMETRICS_DISABLE_SIGNUP,
    trustedOrigins: env.PROMPTMETRICS_TRUSTED_ORIGINS,
    ...(env.PROMPTMETRICS_PUBLIC_URL === undefined ? {} : { publicUrl: env.PROMPTMETRICS_PUBLIC_URL }),
  };
}
