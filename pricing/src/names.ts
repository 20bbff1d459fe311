// One definition of "the same model name", shared by the catalogue's uniqueness check and the matcher,
// and the pure rewrites that turn the spellings routers and clouds use into catalogue spellings.

// One trailing release marker: OpenAI dates (-2024-08-06), Anthropic dates (-20250929), or -latest.
// clickhouse/src/queries/optimization/prompt-model-figures.ts groups runs by the same pattern in SQL.
export const RELEASE_SUFFIX = /-(?:\d{4}-\d{2}-\d{2}|\d{8}|latest)$/;

/**
 * A model's name without its release marker: "gpt-4o-mini-2024-07-18" (what OpenAI answers) and
 * "gpt-4o-mini" (what the caller asked for) are one model to group, suggest and route by.
 */
export function modelFamily(name: string): string {
  return name.replace(RELEASE_SUFFIX, "");
}

/** Names compare case-insensitively and without surrounding whitespace. */
export function normalizeName(name: string): string {
  return name.trim().toLowerCase();
}

const CLAUDE_FAMILIES = "opus|sonnet|haiku|fable|mythos";
// claude-4.5-sonnet, claude-4-5-haiku, claude-5-fable, claude-5.1-fable-20260901: version before family.
const VERSION_FIRST_CLAUDE = new RegExp(`^claude-(\\d+)(?:[.-](\\d+))?-(${CLAUDE_FAMILIES})(-.*)?$`);
// claude-opus-4-6[1m]: Claude Code's context-window suffix.
const CONTEXT_SUFFIX = /\[\d+[km]\]$/;
// -v1, -v2 as Bedrock and Vertex append them (anthropic.claude-...-v1:0, claude-...-V1@20250929).
const VERSION_SUFFIX = /-v\d+$/;

/**
 * Rewrites one Claude spelling towards Anthropic's own (claude-<family>-<major>-<minor>): drops a
 * `[1m]` context suffix, a Bedrock `:0` / `:200k` tail, a `-v1` version, turns dots into dashes
 * (Claude ids never contain dots) and moves a leading version behind the family from Claude 4 on,
 * where Anthropic's ids put the family first. Claude 3.x ids keep the version first
 * (claude-3-5-sonnet), as Anthropic wrote them. Non-Claude names come back unchanged.
 */
export function canonicalClaudeName(name: string): string {
  if (!name.startsWith("claude")) return name;
  let out = name.replace(CONTEXT_SUFFIX, "");
  const colon = out.indexOf(":");
  if (colon >= 0) out = out.slice(0, colon);
  out = out.replaceAll(".", "-").replace(VERSION_SUFFIX, "");
  const m = VERSION_FIRST_CLAUDE.exec(out);
  if (m && Number(m[1]) >= 4) {
    const [, major, minor, family, rest] = m;
    out = `claude-${family}-${major}${minor === undefined ? "" : `-${minor}`}${rest ?? ""}`;
  }
  return out;
}

/**
 * Azure OpenAI spells GPT-3.5 without the dot in model and deployment names (gpt-35-turbo-0125);
 * OpenAI writes gpt-3.5-turbo-0125. Other names come back unchanged.
 */
export function azureOpenAIName(name: string): string {
  return name.startsWith("gpt-35-") ? `gpt-3.5-${name.slice("gpt-35-".length)}` : name;
}
