// API settings from the environment. Parsed once at start by the process entry point and passed in
// as ApiAppOptions; library code never reads process.env.
import { isIP } from "node:net";
import { z } from "zod";
import { parseHost } from "./http/host-allowlist.ts";
import type { ApiAppOptions } from "./app.ts";
import { DEFAULT_SESSION_POLICY } from "./access/session-policy.ts";
import { DEFAULT_TOKEN_LIFETIME } from "./access/token-lifetime.ts";
import { MasterKeyError, parseMasterKey } from "./gateway/master-key.ts";

const flag = z
  .enum(["true", "false", "1", "0", "yes", "no"], { message: "must be true or false" })
  .transform((value) => value === "true" || value === "1" || value === "yes");

const origin = z.url({ protocol: /^https?$/, message: "must be an http(s) URL" }).transform((value) => new URL(value).origin);

const wholeNumber = (max: number) =>
  z
    .string()
    .trim()
    .regex(/^\d+$/, "must be a whole number")
    .transform(Number)
    .pipe(z.number().int().min(1, "must be at least 1").max(max, `must be at most ${max}`));

const commaList = z.string().transform((text) =>
  text
    .split(",")
    .map((item) => item.trim())
    .filter((item) => item !== ""),
);

/** express's `trust proxy` forms, less `true` (which lets every client forge its address). */
const trustProxy = z
  .string()
  .trim()
  .transform((text, ctx): number | string[] => {
    if (/^\d+$/.test(text)) return Number(text);
    const items = text
      .split(",")
      .map((item) => item.trim())
      .filter((item) => item !== "");
    const bad = items.filter((item) => !isProxyAddress(item));
    if (items.length === 0 || bad.length > 0) {
      ctx.addIssue({
        code: "custom",
        message: "must be a hop count, or comma-separated loopback, linklocal, uniquelocal, IP addresses or CIDR ranges",
      });
      return z.NEVER;
    }
    return items;
  });

function isProxyAddress(item: string): boolean {
  if (item === "loopback" || item === "linklocal" || item === "uniquelocal") return true;
  const [address = "", prefix, ...rest] = item.split("/");
  const family = isIP(address);
  if (family === 0 || rest.length > 0) return false;
  return prefix === undefined || (/^\d{1,3}$/.test(prefix) && Number(prefix) <= (family === 4 ? 32 : 128));
}

/** A master key; a malformed one is refused without repeating the value. */
const masterKey = z.string().transform((text, ctx) => {
  try {
    return parseMasterKey(text);
  } catch (error) {
    ctx.addIssue({
      code: "custom",
      message: error instanceof MasterKeyError ? "must be 32 random bytes as 64 hex digits or base64" : "is invalid",
    });
    return z.NEVER;
  }
});

export const apiEnvSchema = z.object({
  /** true: POST /api/auth/signup answers 403; people join through invitations. */
  PROMPTMETRICS_DISABLE_SIGNUP: flag.default(false),
  /** The URL people reach the dashboard at, for invitation links (default: the request's own origin). */
  PROMPTMETRICS_PUBLIC_URL: z.url({ protocol: /^https?$/, message: "must be an http(s) URL" }).optional(),
  /** Comma-separated origins besides the API's own allowed to make signed-in changes (a UI dev server). */
  PROMPTMETRICS_TRUSTED_ORIGINS: commaList.pipe(z.array(origin)).default([]),
  /**
   * Which proxies may tell the client's address and scheme (X-Forwarded-For, -Proto, -Host): a hop
   * count, or comma-separated loopback, linklocal, uniquelocal, IPs and CIDR ranges. Unset: none.
   */
  PROMPTMETRICS_TRUST_PROXY: trustProxy.optional(),
  /** Comma-separated host names (optional :port) the API answers for, besides the public URL's host, loopback names and IP literals. */
  PROMPTMETRICS_ALLOWED_HOSTS: commaList
    .pipe(z.array(z.string().refine((item) => parseHost(item) !== undefined, "must be host names, each with an optional :port")))
    .optional(),
  /** A session unused for this many hours ends (default 336, 14 days). */
  PROMPTMETRICS_SESSION_IDLE_HOURS: wholeNumber(8760).optional(),
  /** A session ends this many hours after its sign-in, however active (default 720, 30 days). */
  PROMPTMETRICS_SESSION_MAX_HOURS: wholeNumber(8760).optional(),
  /** Days an API token lives when its creator names none (default 90). */
  PROMPTMETRICS_TOKEN_DEFAULT_DAYS: wholeNumber(3650).optional(),
  /** The longest life an API token may be given, in days (default 365). */
  PROMPTMETRICS_TOKEN_MAX_DAYS: wholeNumber(3650).optional(),
  /** Requests per minute each API token may make; more get 429 with Retry-After (default 600). */
  PROMPTMETRICS_TOKEN_RATE_LIMIT: wholeNumber(1_000_000).optional(),
  /** How often each API process writes its figures to the api_health table (seconds, default 10); 0 turns it off. */
  PROMPTMETRICS_API_HEALTH_INTERVAL_S: z.coerce.number().int().min(0).max(3600).default(10),
  /** 32 random bytes (64 hex digits or base64) that provider keys are sealed under; the gateway needs it. */
  PROMPTMETRICS_MASTER_KEY: masterKey.optional(),
  /** The master key being replaced, for `promptmetrics rotate-master-key` only. */
  PROMPTMETRICS_PREVIOUS_MASTER_KEY: masterKey.optional(),
  /** true: provider connections may use plain-http base URLs (a model server on the local network). */
  PROMPTMETRICS_GATEWAY_ALLOW_HTTP: flag.default(false),
});

export type ApiEnv = z.infer<typeof apiEnvSchema>;

export type ApiSettings = Pick<
  ApiAppOptions,
  | "disableSignup"
  | "publicUrl"
  | "trustedOrigins"
  | "trustProxy"
  | "allowedHosts"
  | "sessionPolicy"
  | "tokenLifetime"
  | "tokenRateLimit"
  | "masterKey"
  | "allowHttpUpstreams"
>;

const HOUR = 3600_000;

export function apiSettingsFromEnv(env: ApiEnv): ApiSettings {
  return {
    disableSignup: env.PROMPTMETRICS_DISABLE_SIGNUP,
    trustedOrigins: env.PROMPTMETRICS_TRUSTED_ORIGINS,
    ...(env.PROMPTMETRICS_GATEWAY_ALLOW_HTTP ? { allowHttpUpstreams: true } : {}),
    ...(env.PROMPTMETRICS_MASTER_KEY === undefined ? {} : { masterKey: env.PROMPTMETRICS_MASTER_KEY }),
    ...(env.PROMPTMETRICS_PUBLIC_URL === undefined ? {} : { publicUrl: env.PROMPTMETRICS_PUBLIC_URL }),
    ...(env.PROMPTMETRICS_TRUST_PROXY === undefined ? {} : { trustProxy: env.PROMPTMETRICS_TRUST_PROXY }),
    ...(env.PROMPTMETRICS_ALLOWED_HOSTS === undefined || env.PROMPTMETRICS_ALLOWED_HOSTS.length === 0
      ? {}
      : { allowedHosts: env.PROMPTMETRICS_ALLOWED_HOSTS }),
    ...(env.PROMPTMETRICS_SESSION_IDLE_HOURS === undefined && env.PROMPTMETRICS_SESSION_MAX_HOURS === undefined
      ? {}
      : {
          sessionPolicy: {
            idleMs: (env.PROMPTMETRICS_SESSION_IDLE_HOURS ?? DEFAULT_SESSION_POLICY.idleMs / HOUR) * HOUR,
            absoluteMs: (env.PROMPTMETRICS_SESSION_MAX_HOURS ?? DEFAULT_SESSION_POLICY.absoluteMs / HOUR) * HOUR,
          },
        }),
    ...tokenLifetimeFromEnv(env),
    ...(env.PROMPTMETRICS_TOKEN_RATE_LIMIT === undefined
      ? {}
      : { tokenRateLimit: { max: env.PROMPTMETRICS_TOKEN_RATE_LIMIT, windowMs: 60_000 } }),
  };
}

/** The token lifetimes; a default longer than the maximum stops start-up, naming both variables. */
function tokenLifetimeFromEnv(env: ApiEnv): Pick<ApiSettings, "tokenLifetime"> {
  if (env.PROMPTMETRICS_TOKEN_DEFAULT_DAYS === undefined && env.PROMPTMETRICS_TOKEN_MAX_DAYS === undefined) return {};
  const maxDays = env.PROMPTMETRICS_TOKEN_MAX_DAYS ?? DEFAULT_TOKEN_LIFETIME.maxDays;
  const defaultDays = env.PROMPTMETRICS_TOKEN_DEFAULT_DAYS ?? Math.min(DEFAULT_TOKEN_LIFETIME.defaultDays, maxDays);
  if (defaultDays > maxDays)
    throw new Error(
      `Invalid configuration: PROMPTMETRICS_TOKEN_DEFAULT_DAYS (${defaultDays}) must be at most PROMPTMETRICS_TOKEN_MAX_DAYS (${maxDays})`,
    );
  return { tokenLifetime: { defaultDays, maxDays } };
}
