// The outer query's group keys: the time bucket as an epoch second, and one `key_N` per dimension,
// where the first may fold every value outside a kept list into one "other" group.
import { bucketStartExpression } from "./buckets.ts";
import { DIMENSION_COLUMNS } from "./dimensions.ts";
import type { RunScope } from "./types.ts";

export interface GroupKeys {
  /** SELECT expressions, one a line. */
  select: string[];
  /** GROUP BY names, also the ORDER BY of a series (empty: one row of totals). */
  groupBy: string[];
}

/** `tsColumn`: the source column holding a UTC timestamp (the bucket start is taken from it). */
export function buildGroupKeys(scope: RunScope, tsColumn: string): GroupKeys {
  const select: string[] = [];
  const groupBy: string[] = [];
  if (scope.bucket) {
    select.push(`toUnixTimestamp(${bucketStartExpression(scope.bucket.granularity, tsColumn)}) AS bucket`);
    groupBy.push("bucket");
  }
  (scope.dimensions ?? []).forEach((dimension, i) => {
    const column = DIMENSION_COLUMNS[dimension];
    if (i === 0 && scope.keep) {
      select.push(`${column} IN {keep:Array(String)} AS in_keep`, `if(in_keep, ${column}, '') AS key_${i}`);
      groupBy.push("in_keep");
    } else {
      select.push(`${column} AS key_${i}`);
    }
    groupBy.push(`key_${i}`);
  });
  return { select, groupBy };
}

/** The keys of a result row, back in dimension order. */
export function readGroupKeys(row: Record<string, unknown>, dimensionCount: number): { keys: string[]; inKeep: boolean; bucket?: number } {
  const keys = Array.from({ length: dimensionCount }, (_, i) => String(row[`key_${i}`]));
  return {
    keys,
    inKeep: row.in_keep === undefined ? true : Boolean(row.in_keep),
    ...(row.bucket === undefined ? {} : { bucket: Number(row.bucket) }),
  };
}
