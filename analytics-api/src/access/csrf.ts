// Cross-site request forgery defence for cookie-authenticated requests. The scheme: a state-changing
// request (anything but GET/HEAD/OPTIONS) that does not carry a Bearer token must come from our own
// origin, as the browser states it in `Origin` (or, when a browser omits that, `Referer`): its host must
// equal the host the request was sent to (`Host`, or `X-Forwarded-Host` from a trusted proxy), or be
// one of the configured trusted origins. A request naming neither header is refused when it carries
// our session cookie (a browser always sends Origin on cross-site POST/PUT/PATCH/DELETE; scripts
// should use API tokens) and let through otherwise, so that curl can still sign in.
// Bearer requests are exempt: a browser never attaches an Authorization header on its own, and without
// CORS headers from us another site's script cannot add one. SameSite=Lax on the cookie is a second
// layer, not the defence: it does not cover sibling subdomains or older browsers.

const SAFE_METHODS = new Set(["GET", "HEAD", "OPTIONS"]);

export interface CsrfInput {
  method: string;
  /** The `Origin` request header. */
  origin: string | undefined;
  /** The `Referer` request header. */
  referer: string | undefined;
  /** The host the request was addressed to, with its port (express `req.host`). */
  host: string | undefined;
  hasBearer: boolean;
  hasSessionCookie: boolean;
  /** Other origins allowed to call with cookies, e.g. a dashboard dev server: `http://localhost:5173`. */
  trustedOrigins: readonly string[];
}

export type CsrfVerdict = { ok: true } | { ok: false; reason: string };

export function checkCsrf(input: CsrfInput): CsrfVerdict {
  if (SAFE_METHODS.has(input.method.toUpperCase()) || input.hasBearer) return { ok: true };
  const source = input.origin ?? originOf(input.referer);
  if (source === undefined) {
    return input.hasSessionCookie
      ? { ok: false, reason: "A signed-in request that changes data must carry an Origin header" }
      : { ok: true };
  }
  const sourceOrigin = parseOrigin(source);
  if (sourceOrigin && input.host && normalizeHost(sourceOrigin.host) === normalizeHost(input.host)) return { ok: true };
  if (sourceOrigin && input.trustedOrigins.some((trusted) => parseOrigin(trusted)?.origin === sourceOrigin.origin)) return { ok: true };
  return { ok: false, reason: `Requests from origin ${source} are not allowed` };
}

function originOf(referer: string | undefined): string | undefined {
  if (!referer) return undefined;
  return parseOrigin(referer)?.origin ?? "null";
}

function parseOrigin(text: string): { origin: string; host: string } | undefined {
  try {
    const url = new URL(text);
    if (url.protocol !== "http:" && url.protocol !== "https:") return undefined;
    return { origin: url.origin, host: url.host };
  } catch {
    return undefined;
  }
}

/** Lower-cased, without a default port, so `Example.com:443` and `example.com` compare equal. */
function normalizeHost(host: string): string {
  return host.toLowerCase().replace(/:(80|443)$/, "");
}
