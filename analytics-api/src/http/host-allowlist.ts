// Refuses requests addressed to a host we do not know, against DNS rebinding: an attacker's page on
// attacker.example whose name is then pointed at 127.0.0.1 reaches a loopback install as its own origin
// (Origin and Host both say attacker.example, so the CSRF check passes). A browser always sends the host
// of the URL it opened, so accepting only known hosts closes that. Known: the public URL's host name,
// PROMPTMETRICS_ALLOWED_HOSTS, loopback names (browsers resolve localhost and *.localhost themselves,
// never through DNS) and IP literals (no DNS is involved, so a page on an IP literal is served by
// whoever has that address: never a rebinding).
import { isIP } from "node:net";
import type { RequestHandler } from "express";
import { AppError } from "./errors.ts";

export interface HostAndPort {
  /** Lower-case, without a trailing dot; an IPv6 literal keeps its brackets. */
  name: string;
  port: number | undefined;
}

export interface HostPolicy {
  /** Hosts allowed besides loopback names and IP literals: "name" (any port) or "name:port". */
  allowedHosts: readonly HostAndPort[];
  /** The dashboard's public URL; its host name is allowed on any port. */
  publicUrl: string | undefined;
}

/** 421 Misdirected Request: the request names a host this server does not answer for. */
export class HostNotAllowedError extends AppError {
  constructor(host: string | undefined) {
    super(
      421,
      "host_not_allowed",
      host === undefined
        ? "The request names no host (Host header)"
        : `This server does not answer for the host ${JSON.stringify(host.slice(0, 100))}: open it at its configured address, or add the host to PROMPTMETRICS_ALLOWED_HOSTS`,
    );
  }
}

const HOST_SHAPE = /^(\[[0-9a-f:.]+\]|[a-z0-9_.-]+)(?::(\d{1,5}))?$/i;

/** Parses "name[:port]" (a Host header, or an entry of PROMPTMETRICS_ALLOWED_HOSTS); undefined when it is not one. */
export function parseHost(text: string): HostAndPort | undefined {
  const match = HOST_SHAPE.exec(text.trim());
  if (!match) return undefined;
  const name = match[1]!.toLowerCase().replace(/(?<=[^.])\.$/, "");
  if (name.startsWith("[") && isIP(name.slice(1, -1)) !== 6) return undefined;
  if (!name.startsWith("[") && (name.startsWith(".") || name.includes(".."))) return undefined;
  const port = match[2] === undefined ? undefined : Number(match[2]);
  if (port !== undefined && (port < 1 || port > 65_535)) return undefined;
  return { name, port };
}

export function isAllowedHost(host: string | undefined, policy: HostPolicy): boolean {
  const parsed = host === undefined ? undefined : parseHost(host);
  if (!parsed) return false;
  const { name, port } = parsed;
  if (isIpLiteral(name) || name === "localhost" || name.endsWith(".localhost")) return true;
  if (policy.publicUrl !== undefined && name === parseHost(new URL(policy.publicUrl).host)?.name) return true;
  // A Host without a port is on the scheme's default one.
  return policy.allowedHosts.some(
    (allowed) =>
      allowed.name === name &&
      (allowed.port === undefined || allowed.port === port || (port === undefined && (allowed.port === 80 || allowed.port === 443))),
  );
}

function isIpLiteral(name: string): boolean {
  return name.startsWith("[") ? isIP(name.slice(1, -1)) === 6 : isIP(name) === 4;
}

/** Checks `req.host`: the Host header, or X-Forwarded-Host when a trusted proxy sent the request. */
export function createHostAllowlist(policy: HostPolicy): RequestHandler {
  return (req, _res, next) => {
    if (!isAllowedHost(req.host, policy)) throw new HostNotAllowedError(req.host);
    next();
  };
}
