// User, session, prompt and tags of a call. Our own promptmetrics.* attributes win, then the
// dialect's own names, then the general OTel ones (gen_ai.conversation.id, user.id, enduser.id,
// session.id, gen_ai.prompt.name). Tags are the union, ours first.
import type { Attributes } from "../otlp/types.ts";
import { firstString, readBool, readString, readStringList } from "./attr-read.ts";

export interface IdentitySources {
  user?: readonly string[];
  session?: readonly string[];
  promptName?: readonly string[];
  promptVersion?: readonly string[];
  tags?: readonly string[];
}

export interface Identity {
  userId: string;
  sessionId: string;
  promptName: string;
  promptVersion: string;
  tags: string[];
  usageEstimated: boolean;
}

const NONE: readonly string[] = [];
const GENERIC_USER = ["user.id", "enduser.id"] as const;
const GENERIC_SESSION = ["gen_ai.conversation.id", "session.id"] as const;
const GENERIC_PROMPT_NAME = ["gen_ai.prompt.name"] as const;

function pick(attrs: Attributes, own: string, dialect: readonly string[], generic: readonly string[]): string {
  return readString(attrs, own) ?? firstString(attrs, dialect) ?? firstString(attrs, generic) ?? "";
}

export function readIdentity(attrs: Attributes, sources: IdentitySources): Identity {
  const tags = readStringList(attrs, "promptmetrics.tags");
  for (const key of sources.tags ?? NONE) {
    for (const tag of readStringList(attrs, key)) if (!tags.includes(tag)) tags.push(tag);
  }
  return {
    userId: pick(attrs, "promptmetrics.user.id", sources.user ?? NONE, GENERIC_USER),
    sessionId: pick(attrs, "promptmetrics.session.id", sources.session ?? NONE, GENERIC_SESSION),
    promptName: pick(attrs, "promptmetrics.prompt.name", sources.promptName ?? NONE, GENERIC_PROMPT_NAME),
    promptVersion: pick(attrs, "promptmetrics.prompt.version", sources.promptVersion ?? NONE, NONE),
    tags,
    usageEstimated: readBool(attrs, "promptmetrics.usage.estimated"),
  };
}
