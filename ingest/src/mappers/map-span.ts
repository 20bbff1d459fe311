// Picks the dialect of a span and maps it to one canonical LLM call (or null for anything else).
//
// Dialect detection, first match wins:
//   1. Instrumentation scope name, when it names the library:
//        "ai" (Vercel AI SDK) with an ai.operationId attribute or an "ai.*" span name → vercel-ai
//          (AI SDK 7 spans under "ai" that carry only gen_ai.* fall through to step 2);
//        "@traceloop/*", "traceloop*" → openllmetry;  "@arizeai/openinference*", "openinference.*" → openinference;
//        "openlit*" → openlit;  "langfuse-sdk*" → langfuse.
//   2. Distinguishing attributes: langfuse.observation.type → langfuse; openinference.span.kind →
//      openinference; ai.operationId → vercel-ai; telemetry.sdk.name = "openlit", gen_ai.application_name
//      or gen_ai.endpoint → openlit; llm.request.type, llm.usage.total_tokens, traceloop.span.kind,
//      gen_ai.prompt.0.content or gen_ai.completion.0.content → openllmetry (Python traceloop-sdk uses
//      "opentelemetry.instrumentation.*" scopes); gen_ai.operation.name, gen_ai.provider.name,
//      gen_ai.system, gen_ai.request.model or gen_ai.usage.{input,prompt}_tokens → genai.
//   3. Otherwise (HTTP, DB, ...) no dialect: null.
//
// Canonical field precedence per dialect ("a > b": a wins; "*" see the token rules below):
//
// | field | genai | openllmetry | openinference | vercel-ai | openlit | langfuse |
// |---|---|---|---|---|---|---|
// | LLM call? / operation | gen_ai.operation.name in {chat, generate_content, text_completion, embeddings, image/audio/rerank ops}, else null; when absent: the span name's first word if an LLM op, else chat if a model or usage is present | traceloop.span.kind set ⇒ null; gen_ai.operation.name > llm.request.type (completion → text_completion) > as genai | openinference.span.kind LLM → chat (text_completion with llm.prompts), EMBEDDING → embeddings, other kinds null | ai.operationId > span name > operation.name's first word; *.doGenerate / *.doStream → chat, *.doEmbed → embeddings, anything else (ai.generateText, ai.streamText, ai.toolCall, ...) null | as genai | langfuse.observation.type generation → gen_ai.operation.name or chat, embedding → embeddings, other types null |
// | provider | gen_ai.provider.name > gen_ai.system | gen_ai.provider.name > gen_ai.system | llm.provider > llm.system | ai.model.provider > gen_ai.system ("openai.chat" → openai) | gen_ai.provider.name > gen_ai.system | gen_ai.provider.name > gen_ai.system > '' |
// | requestModel | gen_ai.request.model | gen_ai.request.model | llm.request.model_name > llm.invocation_parameters.model > llm.model_name (embeddings: embedding.model_name) | ai.model.id > gen_ai.request.model | gen_ai.request.model | gen_ai.request.model > langfuse.observation.model.name |
// | responseModel | gen_ai.response.model | gen_ai.response.model | llm.response.model_name > llm.model_name (embeddings: embedding.model_name) | ai.response.model > gen_ai.response.model | gen_ai.response.model | gen_ai.response.model > langfuse.observation.model.name |
// | input tokens | gen_ai.usage.input_tokens > gen_ai.usage.prompt_tokens; includes cache* | as genai; scope @traceloop/instrumentation-anthropic: excludes cache | llm.token_count.prompt; includes cache* | ai.usage.inputTokens > ai.usage.promptTokens > gen_ai.usage.input_tokens > ai.usage.tokens (embed); includes cache* when ai.usage.{input,output}TokenDetails.* present (v6+) or not Anthropic/Claude; excludes cache otherwise (v4/v5) | gen_ai.usage.input_tokens > gen_ai.usage.prompt_tokens; Anthropic/Claude: excludes cache, else includes* | usage_details JSON: prompt_tokens (includes*) / input_tokens (Anthropic shape excludes, Responses shape includes*) / input (Langfuse buckets: excludes, adds cache buckets); no usage_details: as genai |
// | output tokens | gen_ai.usage.output_tokens > gen_ai.usage.completion_tokens | as genai | llm.token_count.completion | ai.usage.outputTokens > ai.usage.completionTokens > gen_ai.usage.output_tokens | gen_ai.usage.output_tokens > gen_ai.usage.completion_tokens | completion_tokens / output_tokens / output + output_reasoning_tokens |
// | total (fills a missing output only) | gen_ai.usage.total_tokens > llm.usage.total_tokens | as genai | llm.token_count.total | ai.usage.totalTokens | gen_ai.usage.total_tokens > gen_ai.client.token.usage | total_tokens / total |
// | cache read | gen_ai.usage.cache_read.input_tokens > gen_ai.usage.cache_read_input_tokens | as genai | llm.token_count.prompt_details.cache_read | ai.usage.inputTokenDetails.cacheReadTokens > ai.usage.cachedInputTokens > ai.response.providerMetadata anthropic.usage.cache_read_input_tokens > anthropic.cacheReadInputTokens > bedrock.usage.cacheReadInputTokens | gen_ai.usage.cache_read.input_tokens > gen_ai.usage.prompt_tokens_details.cache_read > gen_ai.usage.cache_read_input_tokens | prompt_tokens_details.cached_tokens / cache_read_input_tokens > input_tokens_details.cached_tokens / input_cached_tokens > input_cache_read |
// | cache write | gen_ai.usage.cache_creation.input_tokens > gen_ai.usage.cache_write.input_tokens > gen_ai.usage.cache_creation_input_tokens | as genai | llm.token_count.prompt_details.cache_write | ai.usage.inputTokenDetails.cacheWriteTokens > providerMetadata anthropic.usage.cache_creation_input_tokens > anthropic.cacheCreationInputTokens > bedrock.usage.cacheWriteInputTokens | gen_ai.usage.cache_creation.input_tokens > gen_ai.usage.prompt_tokens_details.cache_write > gen_ai.usage.cache_creation_input_tokens | cache_creation_input_tokens / prompt_tokens_details.cache_write_tokens / input_tokens_details.cache_write_tokens / input_cache_creation (or input_cache_write) + input_cache_creation_5m + input_cache_creation_1h |
// | cache write 1h | anthropic.usage.cache_creation.ephemeral_1h_input_tokens | as genai | — (0) | providerMetadata anthropic.usage.cache_creation.ephemeral_1h_input_tokens | — (0) | cache_creation.ephemeral_1h_input_tokens / input_cache_creation_1h |
// | cache write 12h | openai.usage.cache_creation.12h_input_tokens | as genai | every write when llm.invocation_parameters has prompt_cache_retention 12h or 24h | — (0) | — (0) | every write when langfuse.observation.model.parameters has prompt_cache_retention 12h or 24h (> as genai) |
// | reasoning | gen_ai.usage.reasoning.output_tokens > gen_ai.usage.reasoning_tokens | as genai | llm.token_count.completion_details.reasoning | ai.usage.outputTokenDetails.reasoningTokens > ai.usage.reasoningTokens | gen_ai.usage.reasoning_tokens > gen_ai.usage.completion_tokens_details.reasoning > gen_ai.usage.reasoning.output_tokens | completion_tokens_details.reasoning_tokens / output_tokens_details.reasoning_tokens / output_reasoning_tokens > output_reasoning |
// | usageEstimated | promptmetrics.usage.estimated = true | same | same | same | same | same |
// | reportedCostUsd | null | null | llm.cost.total > llm.cost.prompt + llm.cost.completion | null | gen_ai.usage.cost when > 0 | langfuse.observation.cost_details total > sum of its values |
// | ttftMs | gen_ai.response.time_to_first_chunk (s × 1000) | as genai | "First Token Stream Event" span event time − span start | ai.response.msToFirstChunk > ai.stream.msToFirstChunk | gen_ai.server.time_to_first_token > gen_ai.response.time_to_first_chunk (s × 1000) | langfuse.observation.completion_start_time − span start |
// | finishReason | gen_ai.response.finish_reasons[0] > anthropic.message.stop_reason | gen_ai.response.finish_reasons[0] > gen_ai.completion.0.finish_reason | llm.finish_reason | ai.response.finishReason > gen_ai.response.finish_reasons[0] | gen_ai.response.finish_reasons[0] | gen_ai.response.finish_reasons[0] > "error" when langfuse.observation.level = ERROR |
// | serviceTier | fast when anthropic.usage.speed = fast (Anthropic's fast mode) > openai.response.service_tier > gen_ai.openai.response.service_tier > anthropic.response.service_tier > gen_ai.response.service_tier > openai.request.service_tier > gen_ai.openai.request.service_tier > gen_ai.request.service_tier (default/on_demand → standard, scale → priority, auto/unknown → '') | same | fast when llm.invocation_parameters speed = fast > same | fast when providerMetadata anthropic.usage.speed = fast > same | same | fast when usage_details speed = fast > same |
// | inferenceGeo (lower-case; not '' or "global" ⇒ regional uplift) | anthropic.usage.inference_geo > promptmetrics.inference_geo | as genai | as genai > llm.invocation_parameters inference_geo | providerMetadata anthropic.usage.inference_geo > as genai | as genai | usage_details inference_geo > as genai |
// | userId | promptmetrics.user.id > user.id > enduser.id | promptmetrics.user.id > traceloop.association.properties.user_id > …userId > user.id > enduser.id | promptmetrics.user.id > user.id > enduser.id | promptmetrics.user.id > ai.telemetry.metadata.userId > …user_id > user.id > enduser.id | promptmetrics.user.id > gen_ai.request.user > user.id > enduser.id | promptmetrics.user.id > langfuse.user.id > user.id > enduser.id |
// | sessionId | promptmetrics.session.id > gen_ai.conversation.id > session.id | promptmetrics.session.id > traceloop.association.properties.session_id > …sessionId > gen_ai.conversation.id > session.id | promptmetrics.session.id > session.id > gen_ai.conversation.id | promptmetrics.session.id > ai.telemetry.metadata.sessionId > …session_id > gen_ai.conversation.id > session.id | as genai | promptmetrics.session.id > langfuse.session.id > gen_ai.conversation.id > session.id |
// | promptName | promptmetrics.prompt.name > gen_ai.prompt.name | promptmetrics.prompt.name > traceloop.prompt.key > gen_ai.prompt.name | promptmetrics.prompt.name > prompt.id > gen_ai.prompt.name | promptmetrics.prompt.name > ai.telemetry.metadata.promptName > …prompt_name > gen_ai.prompt.name > metadata.langfusePrompt.name | as genai | promptmetrics.prompt.name > langfuse.observation.prompt.name > gen_ai.prompt.name |
// | promptVersion | promptmetrics.prompt.version | promptmetrics.prompt.version > traceloop.prompt.version | promptmetrics.prompt.version > llm.prompt_template.version | promptmetrics.prompt.version > ai.telemetry.metadata.promptVersion > …prompt_version (> langfusePrompt.version when its name is used) | as genai | promptmetrics.prompt.version > langfuse.observation.prompt.version |
// | tags (union, in this order) | promptmetrics.tags | promptmetrics.tags | promptmetrics.tags, tag.tags | promptmetrics.tags, ai.telemetry.metadata.tags | promptmetrics.tags | promptmetrics.tags, langfuse.trace.tags |
// | inputText | gen_ai.system_instructions + gen_ai.input.messages (> gen_ai.prompt) > span events gen_ai.content.prompt / gen_ai.{system,user,assistant,tool}.message | as genai > gen_ai.prompt.N.{role,content} | llm.input_messages.N.message.* > input.value (embeddings: embedding.embeddings.N.embedding.text) | ai.prompt.messages > ai.prompt > gen_ai.input.messages (embeddings: ai.values > ai.value) | as genai | langfuse.observation.input > as genai |
// | outputText | gen_ai.output.messages (> gen_ai.completion) > span events gen_ai.content.completion / gen_ai.choice | as genai > gen_ai.completion.N.{role,content} | llm.output_messages.N.message.* > output.value (embeddings: '') | ai.response.text > ai.response.object > ai.response.toolCalls (embeddings: '') | as genai | langfuse.observation.output > as genai |
// | inputHash, prefixHash (evidence.ts; pm = promptmetrics.request.input_hash / prefix_hash, else hashed from the content by pricing/evidence) | pm > gen_ai.system_instructions + gen_ai.input.messages (> gen_ai.prompt > span events) + gen_ai.tool.definitions + gen_ai.request.{temperature, top_p, top_k, max_tokens, stop_sequences, frequency_penalty, presence_penalty, seed, choice.count} | as genai > gen_ai.prompt.N.* + llm.request.functions.N.* + gen_ai.request.* | pm > input.value (the request body as sent) > llm.input_messages.N.* + llm.tools.N.tool.json_schema + llm.invocation_parameters (embeddings: '') | pm > ai.prompt.messages > ai.prompt > gen_ai.input.messages, + ai.prompt.tools + ai.settings.* + ai.prompt.toolChoice + gen_ai.request.* (embeddings: '') | as genai | pm > langfuse.observation.input + observation.model.parameters > as genai (embeddings: '') |
// | prefixTokens | cache read + cache write when > 0 > promptmetrics.request.prefix_tokens > the hashed prefix's estimate > 0 | same | same | same | same | same |
// | qualityFlags (OR error and truncated from status and finishReason) | promptmetrics.quality.flags > computed: answer gen_ai.output.messages (> gen_ai.completion > events), JSON asked when gen_ai.output.type = json; else output tokens | as genai > gen_ai.completion.N.* | pm > llm.output_messages.N.* > output.value; JSON asked by the body's or invocation parameters' response format | pm > ai.response.text + ai.response.toolCalls > ai.response.object; generateObject / streamObject ask JSON | as genai | pm > langfuse.observation.output > as genai |
//
// * Token rules (usage.ts): input "includes cache" is still treated as excluding it when the source's
//   input is smaller than its own cache subsets, or when its total equals input + output + cache; the
//   cache tokens are then added. Output is likewise raised by reasoning when output < reasoning or the
//   total equals input + output + reasoning. A missing output is total − input. Subsets are clamped to
//   their totals (cache read + write ≤ input, 1h + 12h ≤ write, reasoning ≤ output); nothing is negative.
// Text fields are capped at 64 Ki characters with "…[truncated N chars]". A failed span (status ERROR)
// with no finish reason gets "error".
import type { DecodedSpan } from "../otlp/types.ts";
import { mapGenAiSpan } from "./genai.ts";
import { mapLangfuseSpan } from "./langfuse.ts";
import { mapOpenInferenceSpan } from "./openinference.ts";
import { mapOpenLitSpan } from "./openlit.ts";
import { mapOpenLlmetrySpan } from "./openllmetry.ts";
import type { Dialect, LlmCall, SpanMapper } from "./types.ts";
import { mapVercelAiSpan } from "./vercel-ai.ts";

const MAPPERS: Readonly<Record<Dialect, SpanMapper>> = {
  genai: mapGenAiSpan,
  openllmetry: mapOpenLlmetrySpan,
  openinference: mapOpenInferenceSpan,
  "vercel-ai": mapVercelAiSpan,
  openlit: mapOpenLitSpan,
  langfuse: mapLangfuseSpan,
};

function dialectFromScope(span: DecodedSpan): Dialect | null {
  const scope = span.scope.name;
  if (scope === "ai") {
    return span.attributes["ai.operationId"] !== undefined || span.name.startsWith("ai.") ? "vercel-ai" : null;
  }
  if (scope.startsWith("@traceloop/") || scope.startsWith("traceloop")) return "openllmetry";
  if (scope.startsWith("@arizeai/openinference") || scope.startsWith("openinference.")) return "openinference";
  if (scope.startsWith("openlit")) return "openlit";
  if (scope.startsWith("langfuse-sdk")) return "langfuse";
  return null;
}

function dialectFromAttributes(span: DecodedSpan): Dialect | null {
  const a = span.attributes;
  if (a["langfuse.observation.type"] !== undefined) return "langfuse";
  if (a["openinference.span.kind"] !== undefined) return "openinference";
  if (a["ai.operationId"] !== undefined) return "vercel-ai";
  if (a["telemetry.sdk.name"] === "openlit" || a["gen_ai.application_name"] !== undefined || a["gen_ai.endpoint"] !== undefined) {
    return "openlit";
  }
  if (
    a["llm.request.type"] !== undefined ||
    a["llm.usage.total_tokens"] !== undefined ||
    a["traceloop.span.kind"] !== undefined ||
    a["gen_ai.prompt.0.content"] !== undefined ||
    a["gen_ai.completion.0.content"] !== undefined
  ) {
    return "openllmetry";
  }
  if (
    a["gen_ai.operation.name"] !== undefined ||
    a["gen_ai.provider.name"] !== undefined ||
    a["gen_ai.system"] !== undefined ||
    a["gen_ai.request.model"] !== undefined ||
    a["gen_ai.usage.input_tokens"] !== undefined ||
    a["gen_ai.usage.prompt_tokens"] !== undefined
  ) {
    return "genai";
  }
  return null;
}

/** The dialect a span is written in, or null when it carries no LLM instrumentation at all. */
export function detectDialect(span: DecodedSpan): Dialect | null {
  return dialectFromScope(span) ?? dialectFromAttributes(span);
}

/** One canonical LLM call, or null when the span is not an LLM call (HTTP, DB, tool, agent, workflow, parent). */
export function mapSpan(span: DecodedSpan): LlmCall | null {
  // Our instrumentation's span of a call sent through a PromptMetrics gateway: the gateway records the
  // run (with the provider's own answer), so this one stays a plain span and the call counts once.
  if (span.attributes["promptmetrics.endpoint.kind"] === "gateway") return null;
  const dialect = detectDialect(span);
  return dialect === null ? null : MAPPERS[dialect](span);
}
