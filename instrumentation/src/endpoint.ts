// Which provider a client talks to, from its base URL: OpenAI itself, Azure OpenAI, a known
// OpenAI-compatible service, Anthropic (direct, Bedrock or Vertex), or an unknown compatible server.
import type { ProviderFamily } from "./adapter.ts";

/** gateway: a PromptMetrics gateway, which records the call itself (the ingest keeps our span as a plain span). */
export type EndpointKind = "official" | "azure" | "compatible" | "gateway";

const GATEWAY_PATH = /\/api\/integrations\/(openai|anthropic)(\/v1)?\/?$/;

export interface Endpoint {
  /** gen_ai.provider.name */
  provider: string;
  kind: EndpointKind;
  address: string | undefined;
  port: number | undefined;
}

// Hosts of OpenAI-compatible APIs, with the provider name the GenAI conventions (or common use) give them.
const COMPATIBLE_HOSTS: ReadonlyArray<readonly [suffix: string, provider: string]> = [
  ["api.groq.com", "groq"],
  ["api.deepseek.com", "deepseek"],
  ["api.mistral.ai", "mistral_ai"],
  ["api.x.ai", "x_ai"],
  ["openrouter.ai", "openrouter"],
  ["api.together.xyz", "together_ai"],
  ["api.fireworks.ai", "fireworks"],
  ["api.perplexity.ai", "perplexity"],
  ["generativelanguage.googleapis.com", "gcp.gemini"],
  ["api.cerebras.ai", "cerebras"],
];

const AZURE_SUFFIXES = [".openai.azure.com", ".cognitiveservices.azure.com", ".services.ai.azure.com"];

function hostMatches(host: string, suffix: string): boolean {
  return host === suffix || host.endsWith(`.${suffix}`) || (suffix.startsWith(".") && host.endsWith(suffix));
}

// Clients are long-lived and few: remember each base URL's answer instead of parsing it per call.
const known = new Map<string, Endpoint>();
const KNOWN_LIMIT = 256;

export function describeEndpoint(baseURL: unknown, family: ProviderFamily): Endpoint {
  if (typeof baseURL !== "string") return parseEndpoint(baseURL, family);
  const key = `${family} ${baseURL}`;
  let endpoint = known.get(key);
  if (endpoint === undefined) {
    endpoint = parseEndpoint(baseURL, family);
    if (known.size >= KNOWN_LIMIT) known.clear();
    known.set(key, endpoint);
  }
  return endpoint;
}

function parseEndpoint(baseURL: unknown, family: ProviderFamily): Endpoint {
  let url: URL | undefined;
  try {
    url = typeof baseURL === "string" ? new URL(baseURL) : undefined;
  } catch {
    url = undefined;
  }
  const address = url?.hostname.replace(/^\[(.*)\]$/, "$1");
  const port = url === undefined ? undefined : url.port !== "" ? Number(url.port) : url.protocol === "http:" ? 80 : 443;
  const host = (address ?? "").toLowerCase();
  const at = (provider: string, kind: EndpointKind): Endpoint => ({ provider, kind, address, port });
  if (url && GATEWAY_PATH.test(url.pathname)) return at(family === "anthropic" ? "anthropic" : "openai", "gateway");

  if (family === "anthropic") {
    if (host === "api.anthropic.com") return at("anthropic", "official");
    if (host.startsWith("bedrock-runtime.") && host.endsWith(".amazonaws.com")) return at("aws.bedrock", "compatible");
    if (host.endsWith("aiplatform.googleapis.com")) return at("gcp.vertex_ai", "compatible");
    return at("anthropic", "compatible");
  }
  if (host === "api.openai.com") return at("openai", "official");
  if (AZURE_SUFFIXES.some((suffix) => host.endsWith(suffix))) return at("azure.ai.openai", "azure");
  for (const [suffix, provider] of COMPATIBLE_HOSTS) if (hostMatches(host, suffix)) return at(provider, "compatible");
  // An unknown server that speaks OpenAI's API: a gateway, a proxy or a self-hosted model.
  return at("openai", "compatible");
}
