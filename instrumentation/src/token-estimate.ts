// Counts tokens locally with tiktoken when a provider reports no usage (an OpenAI stream without
// include_usage, a stream the consumer left early). Loaded on first use, off the caller's path.
import { diag } from "@opentelemetry/api";

type EncodingName = "o200k_base" | "cl100k_base";

interface Encoder {
  encode_ordinary(text: string): Uint32Array;
}

const encoders = new Map<EncodingName, Promise<Encoder | undefined>>();

/**
 * o200k_base for the GPT-4o generation and later (gpt-4o, gpt-4.1, gpt-4.5, gpt-5, o-series,
 * gpt-oss), cl100k_base for gpt-4, gpt-3.5 and the text-embedding models. tiktoken's own model
 * table matches exact names only, so match by prefix. Other models (Claude, compatible servers)
 * get o200k_base as an approximation: the count is marked estimated either way.
 */
export function encodingForModel(model: string): EncodingName {
  const name = model.toLowerCase().replace(/^(openai\/|ft:)/, "");
  if (/^(gpt-4o|chatgpt-4o|gpt-4\.1|gpt-4\.5|gpt-5|gpt-oss|o\d)/.test(name)) return "o200k_base";
  if (/^(gpt-4|gpt-3\.5|gpt-35|text-embedding-|davinci|babbage)/.test(name)) return "cl100k_base";
  return "o200k_base";
}

function loadEncoder(name: EncodingName): Promise<Encoder | undefined> {
  let encoder = encoders.get(name);
  if (encoder === undefined) {
    encoder = import("tiktoken").then(
      (tiktoken) => tiktoken.get_encoding(name) as Encoder,
      (error: unknown) => {
        diag.warn("promptmetrics: tiktoken could not be loaded; token counts fall back to characters / 4", error);
        return undefined;
      },
    );
    encoders.set(name, encoder);
  }
  return encoder;
}

export interface TokenCounter {
  count(text: string): number;
}

export async function tokenCounterFor(model: string): Promise<TokenCounter> {
  const encoder = await loadEncoder(encodingForModel(model));
  if (encoder === undefined) return { count: (text) => Math.ceil(text.length / 4) };
  return { count: (text) => (text === "" ? 0 : encoder.encode_ordinary(text).length) };
}

/**
 * Tokens of a chat prompt as OpenAI bills it: each message costs its text plus 3 tokens of
 * framing (1 more with a name), and the reply is primed with 3.
 */
export function countChatPrompt(counter: TokenCounter, messages: ReadonlyArray<{ role: string; text: string; name?: string }>): number {
  let total = 3;
  for (const message of messages) {
    total += 3 + counter.count(message.role) + counter.count(message.text);
    if (message.name !== undefined) total += 1 + counter.count(message.name);
  }
  return total;
}
