// Security headers on every answer of the API and the dashboard. Every answer gets nosniff, a same-origin
// referrer policy (invitation URLs hold a secret), no framing, and a CSP that allows nothing (JSON and
// errors need none); HTML pages replace that CSP with one for what they load (pageContentSecurityPolicy).
// HSTS only over TLS: `req.secure`, which believes X-Forwarded-Proto only from a trusted proxy.
import { createHash } from "node:crypto";
import type { RequestHandler } from "express";

export const API_CONTENT_SECURITY_POLICY = "default-src 'none'; frame-ancestors 'none'";
const HSTS = "max-age=31536000";

export function securityHeaders(): RequestHandler {
  return (req, res, next) => {
    res.setHeader("X-Content-Type-Options", "nosniff");
    res.setHeader("Referrer-Policy", "same-origin");
    res.setHeader("X-Frame-Options", "DENY");
    res.setHeader("Content-Security-Policy", API_CONTENT_SECURITY_POLICY);
    if (req.secure) res.setHeader("Strict-Transport-Security", HSTS);
    next();
  };
}

/** 'sha256-…' of each inline <script> and <style> of a page: exactly the text between the tags, as browsers hash it. */
export function inlineHashes(html: string): { scripts: string[]; styles: string[] } {
  const hashes = (pattern: RegExp) =>
    [...html.matchAll(pattern)].filter((match) => !/\bsrc\s*=/i.test(match[1]!)).map((match) => sourceHash(match[2]!));
  return { scripts: hashes(/<script\b([^>]*)>([\s\S]*?)<\/script\s*>/gi), styles: hashes(/<style\b([^>]*)>([\s\S]*?)<\/style\s*>/gi) };
}

export function sourceHash(text: string): string {
  return `'sha256-${createHash("sha256").update(text, "utf8").digest("base64")}'`;
}

/**
 * A page's policy: its own origin's scripts, styles and images (`self`: the dashboard; `none`: a page with
 * nothing to load) and its inline scripts and styles by hash. No plugins, no <base>, forms only to us,
 * never framed.
 */
export function pageContentSecurityPolicy(html: string, { load }: { load: "self" | "none" }): string {
  const { scripts, styles } = inlineHashes(html);
  const source = load === "self" ? "'self'" : "'none'";
  const list = (...items: string[]) => {
    const kept = items.filter((item) => item !== "'none'");
    return kept.length === 0 ? "'none'" : kept.join(" ");
  };
  return [
    `default-src ${source}`,
    `script-src ${list(source, ...scripts)}`,
    `style-src ${list(source, ...styles)}`,
    // Tailwind's form styles draw checkboxes and selects with data: SVGs.
    `img-src ${list(source, ...(load === "self" ? ["data:"] : []))}`,
    "object-src 'none'",
    "base-uri 'none'",
    `form-action ${load === "self" ? "'self'" : "'none'"}`,
    "frame-ancestors 'none'",
  ].join("; ");
}
