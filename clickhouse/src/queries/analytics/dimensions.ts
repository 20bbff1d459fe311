// How each dimension reads from a source. Rollups have the plain columns; raw spans can also unroll
// tags and look up the member who owns the ingest key.
import type { Dimension } from "./types.ts";

/** The column name a source row carries for each dimension. */
export const DIMENSION_COLUMNS: Record<Dimension, string> = {
  model: "model",
  provider: "provider",
  user: "user_id",
  prompt: "prompt_name",
  promptVersion: "prompt_version",
  tag: "tag",
  member: "member_id",
};

/**
 * SELECT expressions on spans. A run with several tags counts once under each of them, and a run with
 * none under "" (so untagged spend is visible); a run whose key has no known owner, and no recorded
 * creator, has member "".
 */
const RAW_EXPRESSIONS: Record<Dimension, string> = {
  ...DIMENSION_COLUMNS,
  tag: "arrayJoin(if(empty(tags), [''], tags)) AS tag",
  // The key's owner; a run logged through the API from a browser session has no key, only its creator.
  member: "if(key_owners.member_id != '', key_owners.member_id, spans.span_attributes['promptmetrics.created_by']) AS member_id",
};

export function rawDimensionExpression(dimension: Dimension): string {
  return RAW_EXPRESSIONS[dimension];
}

/** The member on a rollup_member_hourly row: the same rule as on spans, from the row's key and creator. */
export const ROLLUP_MEMBER_EXPRESSION = "if(key_owners.member_id != '', key_owners.member_id, created_by) AS member_id";

/**
 * The owner of every key, for the member dimension: the newest version of each key, deleted or not,
 * since a deleted key's runs still belong to whoever owned it. Key ids come from the project's own
 * spans, so the lookup cannot reach another project's runs.
 */
export const KEY_OWNERS_JOIN = keyOwnersJoin("spans");

/** KEY_OWNERS_JOIN against another table that has ingest_key_id (a fixed identifier, never input). */
export function keyOwnersJoin(table: "spans" | "rollup_member_hourly"): string {
  return [
    "LEFT JOIN",
    "(",
    "    SELECT id AS key_id, argMax(user_id, version) AS member_id",
    "    FROM api_keys",
    "    GROUP BY id",
    `) AS key_owners ON key_owners.key_id = ${table}.ingest_key_id`,
  ].join("\n");
}

export function needsKeyOwners(dimensions: readonly Dimension[]): boolean {
  return dimensions.includes("member");
}
