// The JSON answer of POST /api/sql.
import type { SqlResult as StoreSqlResult } from "@promptmetrics/clickhouse/runs";
import { z } from "zod";
import type { Agree, Expect, JsonOf } from "./type-checks.ts";

export const SqlColumn = z.strictObject({ name: z.string(), type: z.string().describe("The ClickHouse type.") }).meta({ id: "SqlColumn" });

export const SqlResult = z
  .strictObject({
    columns: z.array(SqlColumn),
    rows: z.array(z.array(z.unknown())).describe("One array per row in column order (decimals as strings)."),
    rowCount: z.number().int(),
    truncated: z.boolean(),
    elapsedMs: z.number(),
  })
  .meta({ id: "SqlResult" });

export type SqlChecks = [Expect<Agree<JsonOf<StoreSqlResult>, z.output<typeof SqlResult>>>];
