// The JSON export of an end user's data in a project, as chunks of text: the API streams them and
// `promptmetrics end-user export` writes them to a file, so both give the same document. Runs and the
// other spans of their traces are read a page at a time (memory stays bounded by the page, not the user);
// feedback is one row per rated run.
import { listEndUserFeedback, listEndUserSpansPage, type EndUserKey, type EndUserSpan, type Store } from "@promptmetrics/clickhouse";

export const END_USER_EXPORT_VERSION = 1;

export interface EndUserExportOptions {
  now: Date;
  /** Spans read per round trip. @default 1000 */
  pageSize?: number;
  signal?: AbortSignal | undefined;
}

/**
 * `{ version, projectId, endUserId, exportedAt, runs: [...], spans: [...], feedback: [...] }`: `runs` are
 * the user's LLM runs with their content as stored, `spans` the other spans of the same traces (no end
 * user of their own), `feedback` the current ratings of the runs.
 */
export async function* endUserExportChunks(store: Store, key: EndUserKey, options: EndUserExportOptions): AsyncGenerator<string> {
  const pageSize = options.pageSize ?? 1000;
  const head = {
    version: END_USER_EXPORT_VERSION,
    projectId: key.projectId,
    endUserId: key.endUserId,
    exportedAt: options.now.toISOString(),
  };
  yield `${JSON.stringify(head).slice(0, -1)},\n"runs": [`;
  yield* spanArray(store, key, true, pageSize, options.signal);
  yield `],\n"spans": [`;
  yield* spanArray(store, key, false, pageSize, options.signal);
  yield `],\n"feedback": [`;
  const feedback = await listEndUserFeedback(store, key);
  yield feedback.map((row) => `\n${JSON.stringify(row)}`).join(",");
  yield `]}\n`;
}

async function* spanArray(
  store: Store,
  key: EndUserKey,
  llm: boolean,
  pageSize: number,
  signal: AbortSignal | undefined,
): AsyncGenerator<string> {
  let after: EndUserSpan | undefined;
  let first = true;
  for (;;) {
    signal?.throwIfAborted();
    const page = await listEndUserSpansPage(store, { ...key, llm, after, limit: pageSize });
    if (page.length > 0) {
      yield (first ? "" : ",") + page.map((span) => `\n${JSON.stringify(span)}`).join(",");
      first = false;
    }
    if (page.length < pageSize) return;
    after = page[page.length - 1];
  }
}
