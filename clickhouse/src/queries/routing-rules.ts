// Routing rules of the gateway (routing_rules, migrations 0023 and 0027): one versioned row per rule, the
// newest winning; deleting writes a newer version with is_deleted = 1.
import { z } from "zod";
import type { Store } from "../store.ts";
import { fromDbTime, nextVersion, toDbTime } from "./versioning.ts";

export const STICKY_MODES = ["user", "session", "none"] as const;

export interface RoutingRule {
  projectId: string;
  id: string;
  name: string;
  /** '' matches any. */
  matchPromptName: string;
  matchPromptVersion: string;
  matchModel: string;
  /** Every one of these tags must be on the call. */
  matchTags: string[];
  matchUserId: string;
  /** The model matching calls are sent to; '' leaves the model as asked (a fallback or cache rule). */
  targetModel: string;
  /** The provider of the rule's models ('' when unknown): a rule never sends a call to another API dialect. */
  targetProvider: string;
  /** Of the matching calls, this share (0 < share ≤ 1) goes to the target. */
  share: number;
  sticky: (typeof STICKY_MODES)[number];
  /** Tried in turn when the call fails after its retries: `model` or `model@connection`, at most three. */
  fallbackModels: string[];
  /** Seconds an answer to a matching call is kept for exact repeats; 0: not cached. */
  cacheTtlSeconds: number;
  suggestionId: string;
  createdBy: string;
  createdAt: Date;
}

const Row = z.object({
  project_id: z.string(),
  id: z.string(),
  name: z.string(),
  match_prompt_name: z.string(),
  match_prompt_version: z.string(),
  match_model: z.string(),
  match_tags: z.array(z.string()),
  match_user_id: z.string(),
  target_model: z.string(),
  target_provider: z.string(),
  share: z.coerce.number(),
  sticky: z.enum(STICKY_MODES),
  fallback_models: z.array(z.string()),
  cache_ttl_seconds: z.coerce.number(),
  suggestion_id: z.string(),
  created_by: z.string(),
  created_at: z.string(),
});

const COLUMNS =
  "project_id, id, name, match_prompt_name, match_prompt_version, match_model, match_tags, match_user_id, target_model, target_provider, share, sticky, fallback_models, cache_ttl_seconds, suggestion_id, created_by, created_at";

function toRule(raw: unknown): RoutingRule {
  const row = Row.parse(raw);
  return {
    projectId: row.project_id,
    id: row.id,
    name: row.name,
    matchPromptName: row.match_prompt_name,
    matchPromptVersion: row.match_prompt_version,
    matchModel: row.match_model,
    matchTags: row.match_tags,
    matchUserId: row.match_user_id,
    targetModel: row.target_model,
    targetProvider: row.target_provider,
    share: row.share,
    sticky: row.sticky,
    fallbackModels: row.fallback_models,
    cacheTtlSeconds: row.cache_ttl_seconds,
    suggestionId: row.suggestion_id,
    createdBy: row.created_by,
    createdAt: fromDbTime(row.created_at),
  };
}

function toRow(rule: RoutingRule, isDeleted: 0 | 1) {
  return {
    project_id: rule.projectId,
    id: rule.id,
    name: rule.name,
    match_prompt_name: rule.matchPromptName,
    match_prompt_version: rule.matchPromptVersion,
    match_model: rule.matchModel,
    match_tags: rule.matchTags,
    match_user_id: rule.matchUserId,
    target_model: rule.targetModel,
    target_provider: rule.targetProvider,
    share: rule.share,
    sticky: rule.sticky,
    fallback_models: rule.fallbackModels,
    cache_ttl_seconds: rule.cacheTtlSeconds,
    suggestion_id: rule.suggestionId,
    created_by: rule.createdBy,
    created_at: toDbTime(rule.createdAt),
    version: nextVersion(),
    is_deleted: isDeleted,
  };
}

export async function insertRoutingRule(store: Store, rule: RoutingRule): Promise<void> {
  await store.insert("routing_rules", [toRow(rule, 0)], { tag: "insertRoutingRule" });
}

export async function deleteRoutingRule(store: Store, rule: RoutingRule): Promise<void> {
  await store.insert("routing_rules", [toRow(rule, 1)], { tag: "deleteRoutingRule" });
}

/** The project's rules, newest first (the order the gateway tries them in). */
export async function listRoutingRules(store: Store, { projectId }: { projectId: string }): Promise<RoutingRule[]> {
  const rows = await store.query(
    `SELECT ${COLUMNS} FROM routing_rules FINAL WHERE project_id = {projectId:String} AND is_deleted = 0 ORDER BY created_at DESC, id`,
    { projectId },
    { tag: "listRoutingRules" },
  );
  return rows.map(toRule);
}

/** Every project's rules, newest first: the gateway's cache. */
export async function listAllRoutingRules(store: Store): Promise<RoutingRule[]> {
  const rows = await store.query(
    `SELECT ${COLUMNS} FROM routing_rules FINAL WHERE is_deleted = 0 ORDER BY created_at DESC, id`,
    undefined,
    {
      tag: "listAllRoutingRules",
    },
  );
  return rows.map(toRule);
}
