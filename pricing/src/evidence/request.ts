// Content-free evidence of a request: the hash of its whole input (two runs with the same input_hash
// asked the same thing: a response cache would have answered the second) and of its stable prefix (what
// prompt caching could reuse), with the prefix's size in tokens. Both hashes are taken over one
// provider-neutral canonical form, so a request hashes alike whether our instrumentation saw its body or
// the ingest read it back from a dialect's content attributes. The model is never part of either hash.
import { canonicalHash, canonicalJson, HASH_HEX_LENGTH, jsonish, sha256Hex } from "./canonical-json.ts";
import { isObject, readMessages, readPart, type Json, type Message, type Part } from "./messages.ts";

/** Bumped when the canonical form changes, so that hashes of different forms never meet. */
export const CANONICAL_FORM_VERSION = 1;

/** A request in whatever shape its source holds it; every field is read leniently. */
export interface RequestShape {
  /** System instructions: text, a list of parts or blocks, or a message. */
  system?: unknown;
  /** The conversation: a list of messages of any known shape, or plain text (one user message). */
  messages?: unknown;
  /** Tool definitions of any known shape (objects, or JSON strings of them). */
  tools?: unknown;
  /** The request's parameters under the provider's or the dialect's names; see REQUEST_PARAMETERS. */
  params?: Readonly<Json>;
}

export interface RequestEvidence {
  /** '' when the request carries no content (no system, tools or messages). */
  inputHash: string;
  /** '' when the request has no stable prefix. */
  prefixHash: string;
  /** ceil(UTF-8 bytes of the prefix's text / 4): an estimate; 0 without a prefix. */
  prefixTokensEstimate: number;
}

const NO_EVIDENCE: RequestEvidence = { inputHash: "", prefixHash: "", prefixTokensEstimate: 0 };

/**
 * The parameters that change what a request asks, canonical name first, then the names sources use for
 * it (dotted names are nested: `text.format` is the Responses API's response format). Everything else
 * (stream, stream_options, user, metadata, store, service_tier, prompt_cache_key, ...) changes how the
 * answer is delivered or billed, not what it says, and is not hashed; nor is the model.
 */
export const REQUEST_PARAMETERS: ReadonlyArray<readonly [string, readonly string[]]> = [
  ["temperature", ["temperature"]],
  ["top_p", ["top_p", "topP"]],
  ["top_k", ["top_k", "topK"]],
  ["max_tokens", ["max_tokens", "max_completion_tokens", "max_output_tokens", "maxTokens", "maxOutputTokens"]],
  ["stop", ["stop", "stop_sequences", "stopSequences"]],
  ["frequency_penalty", ["frequency_penalty", "frequencyPenalty"]],
  ["presence_penalty", ["presence_penalty", "presencePenalty"]],
  ["seed", ["seed"]],
  ["n", ["n", "choice_count"]],
  ["response_format", ["response_format", "text.format", "output_format", "responseFormat"]],
  ["tool_choice", ["tool_choice", "toolChoice"]],
  ["parallel_tool_calls", ["parallel_tool_calls"]],
  ["reasoning_effort", ["reasoning_effort", "reasoning.effort"]],
  ["thinking", ["thinking"]],
  ["verbosity", ["verbosity", "text.verbosity"]],
  ["logprobs", ["logprobs"]],
  ["top_logprobs", ["top_logprobs"]],
  ["logit_bias", ["logit_bias"]],
  ["previous_response_id", ["previous_response_id"]],
];

const NUMERIC = new Set([
  "temperature",
  "top_p",
  "top_k",
  "max_tokens",
  "frequency_penalty",
  "presence_penalty",
  "seed",
  "n",
  "top_logprobs",
]);

/** For each key a request may carry, the bits (by index in REQUEST_PARAMETERS) of the parameters read from it. */
const PARAMETER_BITS = new Map<string, number>();
REQUEST_PARAMETERS.forEach(([, sources], index) => {
  for (const source of sources) {
    // A dotted name is read from its outer object, or from a key with the dot in it.
    for (const key of new Set([source, source.split(".")[0]!])) PARAMETER_BITS.set(key, (PARAMETER_BITS.get(key) ?? 0) | (1 << index));
  }
});

function lookup(params: Readonly<Json>, name: string): unknown {
  if (name in params) return params[name];
  const dot = name.indexOf(".");
  if (dot === -1) return undefined;
  const outer = params[name.slice(0, dot)];
  return isObject(outer) ? outer[name.slice(dot + 1)] : undefined;
}

function numberOf(value: unknown): number | undefined {
  if (typeof value === "number") return Number.isFinite(value) ? value : undefined;
  if (typeof value === "string" && value.trim() !== "") {
    const parsed = Number(value);
    return Number.isFinite(parsed) ? parsed : undefined;
  }
  return undefined;
}

function canonicalParam(name: string, raw: unknown): unknown {
  if (raw === undefined || raw === null || raw === "") return undefined;
  if (NUMERIC.has(name)) {
    const number = numberOf(raw);
    // One choice is the default: asking for it is the same request as not asking.
    return name === "n" && number === 1 ? undefined : number;
  }
  if (name === "stop") {
    const list = typeof raw === "string" ? [raw] : Array.isArray(raw) ? raw.filter((item) => typeof item === "string") : [];
    return list.length === 0 ? undefined : list;
  }
  const value = jsonish(raw);
  // A plain-text response format is what every API gives unasked.
  if (name === "response_format" && isObject(value) && value["type"] === "text" && Object.keys(value).length === 1) return undefined;
  return value;
}

/** The request's parameters under their canonical names, each in one form (numbers as numbers, stop as a list). */
export function canonicalParams(params: Readonly<Json> | undefined): Json {
  const out: Json = {};
  if (params === undefined) return out;
  // Only the parameters whose names the request carries are looked up: a request holds a handful of
  // the ~30 names, and this runs on every call the instrumentation sees.
  let present = 0;
  for (const key in params) present |= PARAMETER_BITS.get(key) ?? 0;
  if (present === 0) return out;
  for (let index = 0; index < REQUEST_PARAMETERS.length; index++) {
    if ((present & (1 << index)) === 0) continue;
    const [name, sources] = REQUEST_PARAMETERS[index]!;
    for (const source of sources) {
      const value = canonicalParam(name, lookup(params, source));
      if (value !== undefined) {
        out[name] = value;
        break;
      }
    }
  }
  return out;
}

/** The record without its undefined members, so that the canonical form reads as it is hashed. */
function defined(record: Json): Json {
  for (const key of Object.keys(record)) if (record[key] === undefined) delete record[key];
  return record;
}

interface CanonicalTool {
  tool: Json;
  breakpoint: boolean;
}

/**
 * A tool by what the model sees of it: a function's name, description and parameter schema (OpenAI's
 * `function` wrapper, Anthropic's `input_schema` and the Vercel AI SDK's `inputSchema` read alike); an
 * OpenAI custom tool's name, description and format; a built-in tool as given. `strict`, ids and
 * `cache_control` are not part of it.
 */
function canonicalTool(raw: unknown): CanonicalTool | null {
  const tool = jsonish(raw);
  if (!isObject(tool)) return null;
  const breakpoint = isObject(tool["cache_control"]);
  const fn = isObject(tool["function"]) ? tool["function"] : isObject(tool["custom"]) ? tool["custom"] : tool;
  const name = typeof fn["name"] === "string" ? fn["name"] : undefined;
  const description = typeof fn["description"] === "string" && fn["description"] !== "" ? fn["description"] : undefined;
  const schema = fn["parameters"] ?? fn["input_schema"] ?? fn["inputSchema"];
  const type = tool["type"];
  if (schema !== undefined || type === undefined || type === "function") {
    return { tool: defined({ name: name ?? "", description, parameters: schema === undefined ? undefined : jsonish(schema) }), breakpoint };
  }
  if (type === "custom") return { tool: defined({ type: "custom", name: name ?? "", description, format: fn["format"] }), breakpoint };
  const { cache_control: _cacheControl, ...builtin } = tool;
  return { tool: { builtin }, breakpoint };
}

function canonicalPart(part: Part): Json {
  switch (part.type) {
    case "text":
    case "refusal":
      return { type: "text", text: part.text };
    case "thinking":
      return { type: "thinking", text: part.text };
    case "tool_call": {
      const args = jsonish(part.arguments);
      return { type: "tool_call", name: part.name, arguments: args === undefined || args === null || args === "" ? {} : args };
    }
    case "tool_result":
      return { type: "tool_result", content: resultValue(part.content) };
    case "media":
      return defined({ type: "media", modality: part.modality, ref: part.ref });
  }
}

/** A tool result: text (or the JSON it holds), a list of text blocks as their text, else the value. */
function resultValue(content: unknown): unknown {
  if (Array.isArray(content)) {
    const parts = content.map(readPart);
    if (parts.every((part) => part === null || part.type === "text")) {
      return jsonish(parts.map((part) => (part === null ? "" : (part as { text: string }).text)).join(""));
    }
    return parts.filter((part) => part !== null).map(canonicalPart);
  }
  return jsonish(content) ?? "";
}

function canonicalMessage(message: Message, partCount = message.parts.length): Json {
  return { role: message.role, parts: message.parts.slice(0, partCount).map(canonicalPart) };
}

/** The text of the system instructions, in order, and the index of the last one marked as a cache breakpoint. */
function systemTexts(system: unknown): { texts: string[]; breakpoint: number } {
  if (system === undefined || system === null) return { texts: [], breakpoint: -1 };
  const messages = readMessages(Array.isArray(system) ? [{ role: "system", content: system }] : [system], "system");
  const texts: string[] = [];
  let breakpoint = -1;
  for (const message of messages) {
    message.parts.forEach((part, index) => {
      if (part.type !== "text") return;
      texts.push(part.text);
      if (index === message.breakpoint) breakpoint = texts.length - 1;
    });
  }
  return { texts, breakpoint };
}

interface Canonical {
  system: string[];
  systemBreakpoint: number;
  tools: Json[];
  toolBreakpoint: number;
  messages: Message[];
  params: Json;
}

function canonicalize(shape: RequestShape): Canonical {
  const system = systemTexts(shape.system);
  const messages = readMessages(shape.messages, "user");
  // Leading system (and developer) messages are system instructions, however the source split them off.
  while (messages.length > 0 && messages[0]!.role === "system") {
    const message = messages.shift()!;
    message.parts.forEach((part, index) => {
      if (part.type !== "text") return;
      system.texts.push(part.text);
      if (index === message.breakpoint) system.breakpoint = system.texts.length - 1;
    });
  }
  const tools: Json[] = [];
  let toolBreakpoint = -1;
  const rawTools = jsonish(shape.tools);
  if (Array.isArray(rawTools)) {
    for (const raw of rawTools) {
      const tool = canonicalTool(raw);
      if (tool === null) continue;
      tools.push(tool.tool);
      if (tool.breakpoint) toolBreakpoint = tools.length - 1;
    }
  }
  return {
    system: system.texts,
    systemBreakpoint: system.breakpoint,
    tools,
    toolBreakpoint,
    messages,
    params: canonicalParams(shape.params),
  };
}

function form(parts: { system?: string[]; tools?: Json[]; messages?: Json[]; params?: Json }): Json {
  return defined({
    v: CANONICAL_FORM_VERSION,
    system: parts.system?.length ? parts.system : undefined,
    tools: parts.tools?.length ? parts.tools : undefined,
    messages: parts.messages?.length ? parts.messages : undefined,
    params: parts.params && Object.keys(parts.params).length > 0 ? parts.params : undefined,
  });
}

/**
 * The canonical form of the whole request: `{ v, system, tools, messages, params }` with empty members
 * left out. Exported for tests and for the documentation's examples.
 */
export function canonicalRequest(shape: RequestShape): Json {
  const c = canonicalize(shape);
  return form({ system: c.system, tools: c.tools, messages: c.messages.map((message) => canonicalMessage(message)), params: c.params });
}

/**
 * The stable prefix: what a provider's prompt cache could reuse on the next call. With cache breakpoints
 * (Anthropic `cache_control`), everything up to and including the last one, in the order the provider
 * caches (tools, then system, then messages, a message up to its marked part). Without, the system
 * instructions, the tools and the messages before the last user turn. No parameters.
 */
export function canonicalPrefix(shape: RequestShape): Json {
  return prefixOf(canonicalize(shape));
}

function prefixOf(c: Canonical): Json {
  let last = -1;
  c.messages.forEach((message, index) => {
    if (message.breakpoint >= 0) last = index;
  });
  if (last >= 0) {
    const marked = c.messages[last]!;
    const messages = c.messages.slice(0, last).map((message) => canonicalMessage(message));
    messages.push(canonicalMessage(marked, marked.breakpoint + 1));
    return form({ system: c.system, tools: c.tools, messages });
  }
  if (c.systemBreakpoint >= 0) return form({ system: c.system.slice(0, c.systemBreakpoint + 1), tools: c.tools });
  if (c.toolBreakpoint >= 0) return form({ tools: c.tools.slice(0, c.toolBreakpoint + 1) });
  let lastUser = -1;
  c.messages.forEach((message, index) => {
    if (message.role === "user") lastUser = index;
  });
  // No user turn at all: no message is known to stay.
  const kept = Math.max(0, lastUser);
  return form({ system: c.system, tools: c.tools, messages: c.messages.slice(0, kept).map((message) => canonicalMessage(message)) });
}

/** The estimate used when the provider reported no cache figures: ceil(UTF-8 bytes / 4). */
export function estimateTokens(text: string): number {
  return Math.ceil(Buffer.byteLength(text, "utf8") / 4);
}

// requestEvidence writes the canonical JSON of the input and of the prefix straight from the canonical
// pieces, each piece serialised once and shared by both, instead of building the two forms as objects and
// serialising each whole: it runs on every call the instrumentation sees. The text is exactly what
// canonicalJson(canonicalRequest(shape)) and canonicalJson(canonicalPrefix(shape)) write (request.test.ts
// checks that over many shapes): our own objects' keys are written in sorted order, and whatever came from
// the request (tool schemas, arguments, parameters) still goes through canonicalJson.

/** A `"key":value` member as canonicalJson writes it, or "" for a member it leaves out. */
function member(key: string, value: unknown): string {
  return value === undefined || typeof value === "function" ? "" : `"${key}":${canonicalJson(value)}`;
}

/** A canonical part's JSON and what it adds to the prefix's text (see prefixText). */
interface WrittenPart {
  json: string;
  text: string;
}

function writePart(part: Part): WrittenPart {
  switch (part.type) {
    case "text":
    case "refusal":
      return { json: `{"text":${JSON.stringify(part.text)},"type":"text"}`, text: part.text };
    case "thinking":
      return { json: `{"text":${JSON.stringify(part.text)},"type":"thinking"}`, text: part.text };
    case "tool_call": {
      const parsed = jsonish(part.arguments);
      const args = parsed === undefined || parsed === null || parsed === "" ? {} : parsed;
      const written = member("arguments", args);
      const name = JSON.stringify(part.name);
      return {
        json: `{${written === "" ? "" : `${written},`}"name":${name},"type":"tool_call"}`,
        text: part.name + canonicalJson(args),
      };
    }
    case "tool_result": {
      const content = resultValue(part.content);
      const written = member("content", content);
      return {
        json: `{${written === "" ? "" : `${written},`}"type":"tool_result"}`,
        text: typeof content === "string" ? content : canonicalJson(content),
      };
    }
    case "media": {
      const ref = part.ref === undefined ? "" : `"ref":${JSON.stringify(part.ref)},`;
      return { json: `{"modality":${JSON.stringify(part.modality)},${ref}"type":"media"}`, text: "" };
    }
  }
}

/** One message's canonical JSON (its first `partCount` parts), with the text of those parts. */
function writeMessage(message: Message, written: WrittenPart[], partCount = written.length): WrittenPart {
  let parts = "";
  let text = "";
  for (let i = 0; i < partCount; i++) {
    if (i > 0) parts += ",";
    parts += written[i]!.json;
    text += written[i]!.text;
  }
  return { json: `{"parts":[${parts}],"role":${JSON.stringify(message.role)}}`, text };
}

/** `{ v, system, tools, messages, params }` as canonicalJson writes form(...): members sorted, empty ones left out. */
function writeForm(messages: readonly string[], params: string, system: readonly string[], tools: readonly string[]): string {
  let out = "{";
  if (messages.length > 0) out += `"messages":[${messages.join(",")}],`;
  if (params !== "") out += `"params":${params},`;
  if (system.length > 0) out += `"system":[${system.join(",")}],`;
  if (tools.length > 0) out += `"tools":[${tools.join(",")}],`;
  return `${out}"v":${CANONICAL_FORM_VERSION}}`;
}

/** The first 32 hex digits of the SHA-256 of canonical JSON text already written. */
function hashText(json: string): string {
  return sha256Hex(json).slice(0, HASH_HEX_LENGTH);
}

/** The request's input hash, prefix hash and estimated prefix tokens (see the module comment). */
export function requestEvidence(shape: RequestShape): RequestEvidence {
  const c = canonicalize(shape);
  if (c.system.length === 0 && c.tools.length === 0 && c.messages.length === 0) return NO_EVIDENCE;
  const system = c.system.map((text) => JSON.stringify(text));
  const tools = c.tools.map((tool) => canonicalJson(tool));
  const parts = c.messages.map((message) => message.parts.map(writePart));
  const messages = c.messages.map((message, index) => writeMessage(message, parts[index]!));
  const params = Object.keys(c.params).length > 0 ? canonicalJson(c.params) : "";
  const inputHash = hashText(
    writeForm(
      messages.map((message) => message.json),
      params,
      system,
      tools,
    ),
  );

  // The prefix, chosen as prefixOf chooses it.
  let prefixMessages: WrittenPart[] = [];
  let prefixSystem = c.system;
  let prefixTools = c.tools.length;
  let last = -1;
  c.messages.forEach((message, index) => {
    if (message.breakpoint >= 0) last = index;
  });
  if (last >= 0) {
    prefixMessages = messages.slice(0, last);
    prefixMessages.push(writeMessage(c.messages[last]!, parts[last]!, c.messages[last]!.breakpoint + 1));
  } else if (c.systemBreakpoint >= 0) {
    prefixSystem = c.system.slice(0, c.systemBreakpoint + 1);
  } else if (c.toolBreakpoint >= 0) {
    prefixSystem = [];
    prefixTools = c.toolBreakpoint + 1;
  } else {
    let lastUser = -1;
    c.messages.forEach((message, index) => {
      if (message.role === "user") lastUser = index;
    });
    prefixMessages = messages.slice(0, Math.max(0, lastUser));
  }
  if (prefixSystem.length === 0 && prefixTools === 0 && prefixMessages.length === 0) {
    return { inputHash, prefixHash: "", prefixTokensEstimate: 0 };
  }
  const prefixToolJson = tools.slice(0, prefixTools);
  const prefixHash = hashText(
    writeForm(
      prefixMessages.map((message) => message.json),
      "",
      system.slice(0, prefixSystem.length),
      prefixToolJson,
    ),
  );
  const text = prefixSystem.join("") + prefixToolJson.join("") + prefixMessages.map((message) => message.text).join("");
  return { inputHash, prefixHash, prefixTokensEstimate: estimateTokens(text) };
}

const UINT32_MAX = 4_294_967_295;

/**
 * The prefix's tokens as stored: exact when the provider reported cache activity (a call that read or
 * wrote the cache was told the cached prefix's size: Anthropic's cache_read + cache_creation input
 * tokens, OpenAI's cached_tokens + cache_write_tokens), else the estimate.
 */
export function prefixTokens(estimate: number, usage: { cacheReadTokens: number; cacheWriteTokens: number } | undefined): number {
  const cached = usage === undefined ? 0 : usage.cacheReadTokens + usage.cacheWriteTokens;
  return Math.min(UINT32_MAX, Math.max(0, Math.round(cached > 0 ? cached : estimate)));
}

/**
 * A provider request body as sent: OpenAI chat (`messages`), OpenAI Responses (`instructions`, `input`),
 * Anthropic Messages (`system`, `messages`), each with its `tools` and parameters.
 */
export function requestShapeFromBody(body: Readonly<Json>): RequestShape {
  return {
    system: body["system"] ?? body["instructions"],
    messages: body["messages"] ?? body["input"],
    tools: body["tools"],
    params: body,
  };
}

/** An embeddings request: its inputs (text, a list of texts, or token arrays), `dimensions` and `encoding_format`. */
export function embeddingsInputHash(body: Readonly<Json>): string {
  const input = body["input"];
  if (input === undefined || input === null || input === "") return "";
  return canonicalHash({
    v: CANONICAL_FORM_VERSION,
    operation: "embeddings",
    input: Array.isArray(input) ? input : [input],
    params: { dimensions: numberOf(body["dimensions"]), encoding_format: body["encoding_format"] ?? undefined },
  });
}
