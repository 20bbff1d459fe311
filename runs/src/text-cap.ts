// Captured prompt and response text is capped before it is stored, the same way whoever writes the run.
// (The instrumentation, published on its own, truncates with the same marker before sending.)

export const TEXT_CAP_CHARS = 65_536;

/** Caps text at 64 Ki UTF-16 code units, never splitting a surrogate pair, marked "…[truncated N chars]". */
export function capText(text: string): string {
  if (text.length <= TEXT_CAP_CHARS) return text;
  let cut = TEXT_CAP_CHARS;
  const last = text.charCodeAt(cut - 1);
  if (last >= 0xd800 && last <= 0xdbff) cut -= 1;
  return `${text.slice(0, cut)}…[truncated ${text.length - cut} chars]`;
}
