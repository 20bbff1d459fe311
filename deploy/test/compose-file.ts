// Reads docker-compose.yml the way Docker Compose does for what the tests check: YAML with merge keys,
// and `${VAR}`, `${VAR:-default}`, `${VAR:?message}` interpolated from an env file.
import fs from "node:fs";
import YAML from "yaml";

export interface ComposeService {
  image?: string;
  build?: unknown;
  command?: string[];
  environment?: Record<string, string | number | boolean | null>;
  ports?: string[];
  volumes?: string[];
  depends_on?: Record<string, { condition: string }>;
  healthcheck?: { test: string[] | string };
  profiles?: string[];
  [key: string]: unknown;
}

export interface ComposeFile {
  name: string;
  services: Record<string, ComposeService>;
  volumes?: Record<string, unknown>;
}

export function readComposeFile(file: string): ComposeFile {
  return YAML.parse(fs.readFileSync(file, "utf8"), { merge: true }) as ComposeFile;
}

/** KEY=value lines; blank values stay blank. */
export function readEnvFile(file: string): Record<string, string> {
  const env: Record<string, string> = {};
  for (const line of fs.readFileSync(file, "utf8").split("\n")) {
    const match = /^([A-Z_][A-Z0-9_]*)=(.*)$/.exec(line.trim());
    if (match) env[match[1]!] = match[2]!;
  }
  return env;
}

const REFERENCE = /\$\{([A-Z_][A-Z0-9_]*)(?:(:?[-?])([^}]*))?\}/g;

/** The variables a value refers to, with whether Compose refuses to start without them. */
export function references(value: string): { name: string; required: boolean }[] {
  return [...value.matchAll(REFERENCE)].map((match) => ({ name: match[1]!, required: match[2]?.endsWith("?") ?? false }));
}

export function interpolate(value: string, env: Record<string, string>): string {
  return value.replace(REFERENCE, (_, name: string, operator: string | undefined, argument: string | undefined) => {
    const current = env[name];
    const unsetOrEmpty = current === undefined || (operator?.startsWith(":") === true && current === "");
    if (operator?.endsWith("?") && unsetOrEmpty) throw new Error(`${name}: ${argument}`);
    if (operator?.endsWith("-") && unsetOrEmpty) return argument ?? "";
    return current ?? "";
  });
}

/** A service's environment as the container sees it. */
export function serviceEnvironment(service: ComposeService, env: Record<string, string>): Record<string, string> {
  const result: Record<string, string> = {};
  for (const [key, value] of Object.entries(service.environment ?? {})) result[key] = interpolate(String(value ?? ""), env);
  return result;
}

/** "3000:3000" → { host: 3000, container: 3000 }. */
export function parsePort(mapping: string): { host: number; container: number } {
  const parts = mapping.split(":");
  return { host: Number(parts.at(-2)), container: Number(parts.at(-1)) };
}
