// How a run's input or output text reads: JSON pretty-printed, the ingest's "role: text" transcripts
// (ingest/src/mappers/content-render.ts writes them) split into messages, anything else as it is; and
// whether the text is long enough to fold.

export type TextView =
  { kind: "empty" } | { kind: "json"; text: string } | { kind: "messages"; messages: Message[] } | { kind: "plain"; text: string };

export interface Message {
  role: string;
  text: string;
}

/** Roles the ingest writes as line prefixes. */
const ROLES = ["system", "developer", "user", "assistant", "tool", "function", "model"] as const;
const ROLE_LINE = new RegExp(`^(${ROLES.join("|")}): ?(.*)$`);

export function viewOfText(text: string): TextView {
  if (text.trim() === "") return { kind: "empty" };
  const json = prettyJson(text);
  if (json !== undefined) return { kind: "json", text: json };
  const messages = splitMessages(text);
  if (messages) return { kind: "messages", messages };
  return { kind: "plain", text };
}

/** The text as indented JSON when it is a JSON object or array; undefined otherwise. */
export function prettyJson(text: string): string | undefined {
  const trimmed = text.trim();
  const opens = trimmed[0];
  if ((opens !== "{" && opens !== "[") || trimmed.length < 2) return undefined;
  try {
    const value: unknown = JSON.parse(trimmed);
    return typeof value === "object" && value !== null ? JSON.stringify(value, null, 2) : undefined;
  } catch {
    return undefined;
  }
}

/**
 * "system: Be brief.\nuser: Hi\nthere" as [system "Be brief.", user "Hi\nthere"]: a line starting with a
 * role opens a message, other lines continue the last one. Undefined unless the first line has a role.
 */
export function splitMessages(text: string): Message[] | undefined {
  const lines = text.split(/\r?\n/);
  if (!ROLE_LINE.test(lines[0] ?? "")) return undefined;
  const messages: Message[] = [];
  for (const line of lines) {
    const match = ROLE_LINE.exec(line);
    const current = messages[messages.length - 1];
    if (match) messages.push({ role: match[1]!, text: match[2]! });
    else if (current) current.text += `\n${line}`;
  }
  return messages;
}

export function countLines(text: string): number {
  return text === "" ? 0 : text.split(/\r?\n/).length;
}

/** Long texts start folded: more lines or characters than fit a screen comfortably. */
export function isLongText(text: string, { maxLines = 24, maxChars = 2000 }: { maxLines?: number; maxChars?: number } = {}): boolean {
  return text.length > maxChars || countLines(text) > maxLines;
}

/** The text of a view, as shown (for the line count of a folded view). */
export function shownText(view: TextView): string {
  switch (view.kind) {
    case "empty":
      return "";
    case "messages":
      return view.messages.map((message) => message.text).join("\n");
    default:
      return view.text;
  }
}
