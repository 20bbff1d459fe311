// Maps the provider names instrumentations write (gen_ai.system, llm.provider, ai.model.provider, ...)
// to the OTel gen_ai.provider.name values (semconv-genai registry.yaml, checked 2026-11-25).

const ALIASES: ReadonlyMap<string, string> = new Map([
  ["openai", "openai"],
  ["azure", "azure.ai.openai"],
  ["azure_openai", "azure.ai.openai"],
  ["azure-openai", "azure.ai.openai"],
  ["azureopenai", "azure.ai.openai"],
  ["azure.openai", "azure.ai.openai"],
  ["az.ai.openai", "azure.ai.openai"],
  ["az.ai.inference", "azure.ai.inference"],
  ["azure_ai_inference", "azure.ai.inference"],
  ["anthropic", "anthropic"],
  ["bedrock", "aws.bedrock"],
  ["aws", "aws.bedrock"], // OpenInference LLMProvider.AWS means Bedrock
  ["aws_bedrock", "aws.bedrock"],
  ["aws-bedrock", "aws.bedrock"],
  ["amazon-bedrock", "aws.bedrock"],
  ["amazon_bedrock", "aws.bedrock"],
  ["vertex", "gcp.vertex_ai"],
  ["vertexai", "gcp.vertex_ai"],
  ["vertex_ai", "gcp.vertex_ai"],
  ["vertex-ai", "gcp.vertex_ai"],
  ["google-vertex", "gcp.vertex_ai"],
  ["gemini", "gcp.gemini"],
  ["google.ai.studio", "gcp.gemini"],
  ["google_ai_studio", "gcp.gemini"],
  ["google.generative-ai", "gcp.gemini"],
  ["google", "gcp.gen_ai"], // OpenInference LLMProvider.GOOGLE covers both Google endpoints
  ["mistral", "mistral_ai"],
  ["mistralai", "mistral_ai"],
  ["xai", "x_ai"],
  ["x-ai", "x_ai"],
  ["moonshot", "moonshot_ai"],
  ["ibm.watson.ai", "ibm.watsonx.ai"],
  ["watsonx", "ibm.watsonx.ai"],
]);

/** Lower-case OTel provider name; unknown names pass through lower-cased, absent gives ''. */
export function normalizeProvider(raw: string | undefined): string {
  if (raw === undefined) return "";
  const key = raw.trim().toLowerCase();
  return ALIASES.get(key) ?? key;
}

/**
 * Vercel AI SDK `ai.model.provider` is "<provider>.<api>" ("openai.chat", "anthropic.messages",
 * "google.vertex.chat", "azure.responses", "amazon-bedrock"): the API suffix is dropped.
 */
export function normalizeVercelProvider(raw: string | undefined): string {
  if (raw === undefined) return "";
  const key = raw.trim().toLowerCase();
  if (key.startsWith("google.vertex") || key.startsWith("vertex.")) return "gcp.vertex_ai";
  if (key.startsWith("google.generative-ai")) return "gcp.gemini";
  const dot = key.indexOf(".");
  return normalizeProvider(dot === -1 ? key : key.slice(0, dot));
}

const CLAUDE = /claude/i;

/**
 * True when the usage numbers are Anthropic's own (input excludes cache reads and writes): the
 * Anthropic API itself, and Claude models reached through Bedrock or Vertex, which pass them through.
 */
export function isAnthropicFamily(provider: string, model: string): boolean {
  return provider === "anthropic" || CLAUDE.test(model);
}
