// Request validation for every route: strict zod objects, so an unknown body field or query parameter
// is a 400 naming it, like a malformed known one. The one place a zod error becomes a ValidationError.
import { z } from "zod";
import { ValidationError } from "./errors.ts";

/** For routes that take no query parameters, or no body: anything given is an unknown parameter. */
export const NoQuery = z.strictObject({});
export const NoBody = z.strictObject({});

/** Parses a JSON body, or throws a 400 naming the first unknown or bad field (its dotted path). */
export function parseBody<S extends z.ZodType>(schema: S, body: unknown): z.output<S> {
  // express.json leaves the body undefined when there is none (or it is not JSON): read that as {}.
  return parseWith(schema, body ?? {}, "body");
}

/** Parses a query string, or throws a 400 naming the first unknown or bad parameter. */
export function parseQuery<S extends z.ZodType>(schema: S, query: unknown): z.output<S> {
  return parseWith(schema, query ?? {}, "query");
}

function parseWith<S extends z.ZodType>(schema: S, value: unknown, where: "body" | "query"): z.output<S> {
  const result = schema.safeParse(value);
  if (result.success) return result.data;
  const issues = result.error.issues;
  // An unknown field is named first: it is the likeliest mistake (a typo) and the least obvious.
  const issue = issues.find((candidate) => candidate.code === "unrecognized_keys") ?? issues[0];
  if (!issue) throw new ValidationError(`Invalid request ${where}`);
  if (issue.code === "unrecognized_keys") {
    const field = fieldPath([...issue.path, issue.keys[0] ?? ""]);
    throw new ValidationError(`Unknown parameter "${field}"`, field);
  }
  // A query parameter is named as the client wrote it: `model`, not `model.1` for its second value.
  const field = where === "query" && issue.path.length > 0 ? String(issue.path[0]) : fieldPath(issue.path);
  throw new ValidationError(field ? `${field}: ${issue.message}` : `Invalid request ${where}: ${issue.message}`, field || undefined);
}

/** A body field as a client writes it: `moves[0].share`. */
function fieldPath(path: readonly PropertyKey[]): string {
  return path.map((key, i) => (typeof key === "number" ? `[${key}]` : i === 0 ? String(key) : `.${String(key)}`)).join("");
}
