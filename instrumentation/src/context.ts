// withContext: who and what an LLM call is for (end user, session, prompt, tags, metadata), carried
// in the OpenTelemetry context so every call inside the callback records it, however deep.
import { context, createContextKey, type Attributes } from "@opentelemetry/api";
import {
  ATTR_GEN_AI_CONVERSATION_ID,
  ATTR_PM_INFERENCE_GEO,
  ATTR_PM_METADATA_PREFIX,
  ATTR_PM_PROMPT_NAME,
  ATTR_PM_PROMPT_VERSION,
  ATTR_PM_SESSION_ID,
  ATTR_PM_TAGS,
  ATTR_PM_USER_ID,
} from "./semconv.ts";
import type { PromptMetricsContext } from "./types.ts";

// createContextKey uses Symbol.for, so every copy of this package in a process shares the key.
const CONTEXT_KEY = createContextKey("promptmetrics.context");

/**
 * Runs `fn` with `values` attached to every LLM span started inside it (also across awaits).
 * Nested calls merge: inner scalars win, tags add up, metadata keys override.
 * Needs an OpenTelemetry context manager, which `register` and NodeSDK install.
 */
export function withContext<T>(values: PromptMetricsContext, fn: () => T): T {
  const merged = mergeContexts(getContext(), values);
  return context.with(context.active().setValue(CONTEXT_KEY, merged), fn);
}

/** The values `withContext` set for the current call, if any. */
export function getContext(): PromptMetricsContext | undefined {
  return context.active().getValue(CONTEXT_KEY) as PromptMetricsContext | undefined;
}

export function mergeContexts(outer: PromptMetricsContext | undefined, inner: PromptMetricsContext): PromptMetricsContext {
  if (outer === undefined) return { ...inner, ...(inner.tags ? { tags: [...new Set(inner.tags)] } : {}) };
  const tags = [...new Set([...(outer.tags ?? []), ...(inner.tags ?? [])])];
  const metadata = outer.metadata || inner.metadata ? { ...outer.metadata, ...inner.metadata } : undefined;
  return {
    userId: inner.userId ?? outer.userId,
    sessionId: inner.sessionId ?? outer.sessionId,
    promptName: inner.promptName ?? outer.promptName,
    promptVersion: inner.promptVersion ?? outer.promptVersion,
    inferenceGeo: inner.inferenceGeo ?? outer.inferenceGeo,
    ...(tags.length > 0 ? { tags } : {}),
    ...(metadata ? { metadata } : {}),
  };
}

/** The span attributes of a context; values that are not the documented types are skipped. */
export function contextAttributes(values: PromptMetricsContext | undefined): Attributes {
  const attributes: Attributes = {};
  if (values === undefined) return attributes;
  if (typeof values.userId === "string" && values.userId !== "") attributes[ATTR_PM_USER_ID] = values.userId;
  if (typeof values.sessionId === "string" && values.sessionId !== "") {
    attributes[ATTR_PM_SESSION_ID] = values.sessionId;
    attributes[ATTR_GEN_AI_CONVERSATION_ID] = values.sessionId;
  }
  if (typeof values.promptName === "string" && values.promptName !== "") attributes[ATTR_PM_PROMPT_NAME] = values.promptName;
  if (typeof values.inferenceGeo === "string" && values.inferenceGeo !== "") attributes[ATTR_PM_INFERENCE_GEO] = values.inferenceGeo;
  if (values.promptVersion !== undefined && values.promptVersion !== null && `${values.promptVersion}` !== "") {
    attributes[ATTR_PM_PROMPT_VERSION] = String(values.promptVersion);
  }
  if (Array.isArray(values.tags)) {
    const tags = values.tags.filter((tag): tag is string => typeof tag === "string" && tag !== "");
    if (tags.length > 0) attributes[ATTR_PM_TAGS] = tags;
  }
  if (values.metadata !== undefined && typeof values.metadata === "object") {
    for (const [key, value] of Object.entries(values.metadata)) {
      if (typeof value === "string" || typeof value === "number" || typeof value === "boolean") {
        attributes[ATTR_PM_METADATA_PREFIX + key] = value;
      }
    }
  }
  return attributes;
}
