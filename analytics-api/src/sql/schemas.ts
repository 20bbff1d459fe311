// The request body of POST /api/sql, shared by the router (validation) and the OpenAPI document.
import { z } from "zod";

export const MAX_QUERY_CHARS = 100_000;

export const SqlBody = z.strictObject({
  orgId: z.string().min(1).max(200).optional().describe("Query every project of this org."),
  projectId: z.string().min(1).max(200).optional().describe("Query this project only."),
  query: z.string().trim().min(1, "give a SELECT").max(MAX_QUERY_CHARS).describe("One SELECT over the documented tables."),
  format: z.enum(["json", "csv"]).default("json"),
});
