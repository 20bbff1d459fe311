// Attaches prompt/response content that arrives in log records (GenAI events) to the run with the same
// trace and span id, whichever arrives first. Content for a span already written becomes a revision of
// that span (which the rollups do not count again); content that arrives first waits in memory, bounded
// in entries and age, until its span comes in.
import { getSpansByKeys, nextVersion, spanKeyString, toDbTime, type Store } from "@promptmetrics/clickhouse";
import type { SpanRow } from "@promptmetrics/runs";
import type { LogContent } from "../mappers/types.ts";
import type { SpanWriter } from "../writer/span-writer.ts";

export interface ContentAttacher {
  /** Content from a logs request of one project. Resolves when what could be attached is written. */
  attach(projectId: string, contents: LogContent[]): Promise<{ attached: number; waiting: number }>;
  /** Moves waiting content into rows about to be written; returns how many rows received some. */
  fillRows(rows: SpanRow[]): number;
  /** After rows were written: attaches content that arrived while they were queued. */
  afterWrite(rows: SpanRow[]): Promise<number>;
  readonly waiting: number;
}

const MAX_WAITING = 20_000;
const MAX_WAIT_MS = 10 * 60_000;

export function createContentAttacher({ store, writer }: { store: Store; writer: SpanWriter }): ContentAttacher {
  const waiting = new Map<string, { content: LogContent; at: number }>();

  const keyOf = (projectId: string, traceId: string, spanId: string) => spanKeyString({ projectId, traceId, spanId });

  function remember(projectId: string, content: LogContent) {
    const now = Date.now();
    if (waiting.size >= MAX_WAITING) {
      for (const [key, entry] of waiting) {
        if (waiting.size < MAX_WAITING && now - entry.at < MAX_WAIT_MS) break;
        waiting.delete(key); // Map iterates oldest first
      }
    }
    const key = keyOf(projectId, content.traceId, content.spanId);
    const earlier = waiting.get(key)?.content;
    waiting.set(key, { content: earlier ? mergeContent(earlier, content) : content, at: now });
  }

  async function revise(projectId: string, contents: Map<string, LogContent>): Promise<Set<string>> {
    const keys = [...contents.values()].map((c) => ({ traceId: c.traceId, spanId: c.spanId }));
    const stored = await getSpansByKeys(store, { projectId, keys });
    if (stored.length === 0) return new Set();
    const now = toDbTime(new Date());
    const revisions = stored.map((row) => {
      const content = contents.get(keyOf(projectId, row.trace_id, row.span_id))!;
      return { ...withContent(row, content), version: nextVersion(), ingested_at: now, is_revision: true };
    });
    await writer.submit(revisions, {
      bytes: revisions.reduce((sum, r) => sum + r.input_text.length + r.output_text.length + 2048, 0),
      revision: true,
    });
    return new Set(stored.map((row) => keyOf(projectId, row.trace_id, row.span_id)));
  }

  return {
    async attach(projectId, contents) {
      const bySpan = new Map<string, LogContent>();
      for (const content of contents) {
        const key = keyOf(projectId, content.traceId, content.spanId);
        const earlier = bySpan.get(key);
        bySpan.set(key, earlier ? mergeContent(earlier, content) : content);
      }
      const revised = await revise(projectId, bySpan);
      let waitingNow = 0;
      for (const [key, content] of bySpan) {
        if (revised.has(key)) continue;
        remember(projectId, content);
        waitingNow++;
      }
      return { attached: revised.size, waiting: waitingNow };
    },

    fillRows(rows) {
      if (waiting.size === 0) return 0;
      let filled = 0;
      for (let i = 0; i < rows.length; i++) {
        const row = rows[i]!;
        const key = keyOf(row.project_id, row.trace_id, row.span_id);
        const entry = waiting.get(key);
        if (!entry) continue;
        waiting.delete(key);
        rows[i] = withContent(row, entry.content);
        filled++;
      }
      return filled;
    },

    async afterWrite(rows) {
      if (waiting.size === 0) return 0;
      const byProject = new Map<string, Map<string, LogContent>>();
      for (const row of rows) {
        const key = keyOf(row.project_id, row.trace_id, row.span_id);
        const entry = waiting.get(key);
        if (!entry) continue;
        waiting.delete(key);
        const contents = byProject.get(row.project_id) ?? new Map<string, LogContent>();
        contents.set(key, entry.content);
        byProject.set(row.project_id, contents);
      }
      let attached = 0;
      for (const [projectId, contents] of byProject) attached += (await revise(projectId, contents)).size;
      return attached;
    },

    get waiting() {
      return waiting.size;
    },
  };
}

function withContent(row: SpanRow, content: LogContent): SpanRow {
  return {
    ...row,
    input_text: row.input_text || content.inputText,
    output_text: row.output_text || content.outputText,
  };
}

function mergeContent(a: LogContent, b: LogContent): LogContent {
  return {
    traceId: a.traceId,
    spanId: a.spanId,
    inputText: [a.inputText, b.inputText].filter(Boolean).join("\n"),
    outputText: [a.outputText, b.outputText].filter(Boolean).join("\n"),
  };
}
