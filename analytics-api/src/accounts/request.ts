// Request validation for the account routes: strict zod objects, so an unknown body field or query
// parameter is a 400 naming it, like a malformed known one.
import type { z } from "zod";
import { ValidationError } from "../errors.ts";

export function parseBody<S extends z.ZodType>(schema: S, body: unknown): z.output<S> {
  // express.json leaves the body undefined when there is none (or it is not JSON): read that as {}.
  return parseWith(schema, body ?? {}, "body");
}

export function parseQuery<S extends z.ZodType>(schema: S, query: unknown): z.output<S> {
  return parseWith(schema, query ?? {}, "query");
}

function parseWith<S extends z.ZodType>(schema: S, value: unknown, where: string): z.output<S> {
  const result = schema.safeParse(value);
  if (result.success) return result.data;
  const issues = result.error.issues;
  // An unknown field is named first: it is the likeliest mistake (a typo) and the least obvious.
  const issue = issues.find((candidate) => candidate.code === "unrecognized_keys") ?? issues[0];
  if (!issue) throw new ValidationError(`Invalid request ${where}`);
  if (issue.code === "unrecognized_keys") {
    const field = [...issue.path, issue.keys[0] ?? ""].join(".");
    throw new ValidationError(`Unknown ${where === "query" ? "query parameter" : "field"} "${field}"`, field);
  }
  const field = issue.path.join(".");
  throw new ValidationError(field ? `${field}: ${issue.message}` : `Invalid request ${where}: ${issue.message}`, field || undefined);
}
