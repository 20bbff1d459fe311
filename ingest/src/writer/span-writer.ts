// Micro-batches the rows of concurrent requests into one insert (bounded in rows, and by a short
// linger), so that many small OTLP exports become few large inserts. A request's promise settles only
// after the insert that carries its rows has returned: acknowledged means written.
// Memory is bounded: past `maxQueueBytes` of waiting rows, new requests are refused (the server answers
// 429 with Retry-After, which OTLP exporters honour). Re-sent spans are dropped before the insert
// (see dedupe-batch.ts), so a retried export never counts twice, and two reports of one provider call
// become one run (pair-runs.ts).
import { hasRecentSdkRuns, retractRunsFromRollups, spanRowKey, type Store } from "@promptmetrics/clickhouse";
import type { SpanRow } from "@promptmetrics/runs";
import { dedupeBatch } from "./dedupe-batch.ts";
import { pairRuns, SdkSpanProjects, SDK_SCOPE_PREFIX } from "./pair-runs.ts";
import type { RecentKeys } from "./recent-keys.ts";

export interface WriteOutcome {
  written: number;
  /** Rows dropped because the same span was already written (or appeared twice). */
  duplicates: number;
}

export interface WriterStats {
  queuedRows: number;
  queuedBytes: number;
  batches: number;
}

export interface WriterObserver {
  onBatchWritten?(info: { rows: number; duplicates: number; requests: number; durationMs: number }): void;
  onBatchFailed?(info: { rows: number; error: unknown }): void;
  /** Rows written as plain spans because another report of the same call is the run. */
  onRunsMerged?(rows: number): void;
  /** Runs written again merged could not be taken out of the rollups (the batch itself is written). */
  onRetractFailed?(info: { error: unknown }): void;
}

/** The queue is full (or the writer is closing): try again later. */
export class OverloadedError extends Error {
  readonly retryAfterSeconds: number;
  constructor(message: string, retryAfterSeconds: number) {
    super(message);
    this.name = "OverloadedError";
    this.retryAfterSeconds = retryAfterSeconds;
  }
}

/** The store refused or could not take the insert; nothing of the request was acknowledged. */
export class WriteFailedError extends Error {
  constructor(cause: unknown) {
    super(`Could not write spans: ${cause instanceof Error ? cause.message : String(cause)}`, { cause });
    this.name = "WriteFailedError";
  }
}

export interface SpanWriter {
  /**
   * `revision`: rows that deliberately replace stored spans (late content); never deduplicated.
   * `fresh`: rows with ids just minted at random (the gateway's runs): nothing stored can share them, so
   * they skip the duplicate checks and are not remembered among the recent keys.
   */
  submit(rows: SpanRow[], opts: { bytes: number; revision?: boolean; fresh?: boolean }): Promise<WriteOutcome>;
  stats(): WriterStats;
  /** Writes everything already accepted, then refuses new work. */
  close(): Promise<void>;
}

interface Pending {
  rows: SpanRow[];
  bytes: number;
  revision: boolean;
  fresh: boolean;
  resolve(outcome: WriteOutcome): void;
  reject(error: unknown): void;
}

export interface SpanWriterOptions {
  store: Store;
  recentKeys: RecentKeys;
  maxBatchRows: number;
  maxQueueBytes: number;
  lingerMs: number;
  /**
   * Inserts in flight at once (1: strict group commit). With 2, the next batch is checked and paired
   * while the current one is written, and starts its own insert once it is as large as the one in flight,
   * so the engine never waits for the JavaScript side. @default 1
   */
  maxConcurrentInserts?: number;
  observer?: WriterObserver;
}

interface InFlight {
  rows: number;
  /** Settles when the batch's insert has returned (either way). */
  landed: Promise<void>;
  /** Settles when the batch's requests are answered. */
  done?: Promise<void>;
}

export function createSpanWriter(options: SpanWriterOptions): SpanWriter {
  const { store, recentKeys, maxBatchRows, maxQueueBytes, lingerMs, observer } = options;
  const maxConcurrent = Math.max(1, options.maxConcurrentInserts ?? 1);
  const sdkProjects = new SdkSpanProjects((projectId) => hasRecentSdkRuns(store, { projectId, scopePrefix: SDK_SCOPE_PREFIX }));
  // Keys of rows checked and on their way into the store: a later batch checked meanwhile must see them.
  const writing = new Set<string>();
  let inFlightHits = 0;
  const knownKeys = {
    has(key: string) {
      if (!writing.has(key)) return recentKeys.has(key);
      inFlightHits++;
      return true;
    },
  };
  const pending: Pending[] = [];
  const inFlight: InFlight[] = [];
  // Batches are checked and paired one at a time, in order; only their inserts overlap.
  let preparing: Promise<unknown> = Promise.resolve();
  let pendingRows = 0;
  let queuedBytes = 0;
  let batches = 0;
  let lingerTimer: NodeJS.Timeout | undefined;
  let closing = false;

  /** `afterWrite`: an insert just returned, so what waits goes at once (group commit, no linger). */
  const schedule = (afterWrite = false) => {
    while (pending.length > 0 && inFlight.length < maxConcurrent) {
      if (inFlight.length === 0) {
        if (!(afterWrite || pendingRows >= maxBatchRows || lingerMs === 0 || closing)) {
          lingerTimer ??= setTimeout(() => {
            lingerTimer = undefined;
            if (inFlight.length === 0) startBatch();
          }, lingerMs);
          return;
        }
      } else {
        // Another insert only once the next batch is as large as the one in flight: a trickle of small
        // inserts would cost the engine more (each insert has a fixed cost) than waiting does.
        const largest = Math.max(...inFlight.map((item) => item.rows));
        if (!(closing || pendingRows >= Math.min(maxBatchRows, largest))) return;
      }
      startBatch();
    }
  };

  function startBatch() {
    if (lingerTimer) clearTimeout(lingerTimer);
    lingerTimer = undefined;
    const batch = takeBatch();
    if (batch.length === 0) return;
    const earlier = inFlight.map((item) => item.landed);
    let markLanded!: () => void;
    const entry: InFlight = { rows: batch.reduce((sum, item) => sum + item.rows.length, 0), landed: new Promise((r) => (markLanded = r)) };
    inFlight.push(entry);
    entry.done = writeBatch(batch, earlier, markLanded).finally(() => {
      inFlight.splice(inFlight.indexOf(entry), 1);
      schedule(true);
    });
  }

  function takeBatch(): Pending[] {
    const batch: Pending[] = [];
    let rows = 0;
    while (pending.length > 0 && (batch.length === 0 || rows + pending[0]!.rows.length <= maxBatchRows)) {
      const next = pending.shift()!;
      rows += next.rows.length;
      pendingRows -= next.rows.length;
      batch.push(next);
    }
    return batch;
  }

  async function prepare(batch: Pending[], earlier: Promise<void>[]) {
    inFlightHits = 0;
    let deduped = await dedupeBatch(store, knownKeys, batch);
    if (inFlightHits > 0) {
      // Spans also in a batch still being written are only duplicates if that insert succeeds: wait for
      // it and check again (its failure leaves them to this batch, never acknowledged and unwritten).
      await Promise.all(earlier);
      deduped = await dedupeBatch(store, knownKeys, batch);
    }
    // Pairing with stored runs must see what earlier batches write: their inserts land first.
    const paired = await pairRuns(store, deduped.rows, sdkProjects, { beforeStoreLookup: () => Promise.all(earlier) });
    const fresh = batch.some((item) => item.fresh) ? new Set(batch.flatMap((item) => (item.fresh ? item.rows : []))) : undefined;
    const remembered = paired.rows.filter((row) => !row.is_revision && !fresh?.has(row)).map(spanRowKey);
    for (const key of remembered) writing.add(key);
    return { ...paired, duplicatesPerRequest: deduped.duplicatesPerRequest, remembered };
  }

  async function writeBatch(batch: Pending[], earlier: Promise<void>[], markLanded: () => void) {
    const started = performance.now();
    const bytes = batch.reduce((sum, item) => sum + item.bytes, 0);
    let remembered: string[] = [];
    try {
      const prepared = preparing.then(() => prepare(batch, earlier));
      preparing = prepared.catch(() => undefined);
      const { rows, retract, merged, duplicatesPerRequest, ...rest } = await prepared;
      remembered = rest.remembered;
      try {
        await store.insert("spans", rows, { tag: "insertSpans" });
      } finally {
        markLanded();
      }
      for (const key of remembered) recentKeys.add(key);
      if (merged > 0) observer?.onRunsMerged?.(merged);
      // After the insert: a failure here leaves the replaced runs counted twice (never lost), and the
      // start-up agreement check (clickhouse/src/queries/rollup-agreement.ts) rebuilds such hours.
      if (retract.length > 0) await retractRunsFromRollups(store, retract).catch((error) => observer?.onRetractFailed?.({ error }));
      batches++;
      const duplicates = duplicatesPerRequest.reduce((sum, n) => sum + n, 0);
      observer?.onBatchWritten?.({ rows: rows.length, duplicates, requests: batch.length, durationMs: performance.now() - started });
      batch.forEach((item, i) =>
        item.resolve({ written: item.rows.length - duplicatesPerRequest[i]!, duplicates: duplicatesPerRequest[i]! }),
      );
    } catch (error) {
      markLanded();
      observer?.onBatchFailed?.({ rows: batch.reduce((sum, item) => sum + item.rows.length, 0), error });
      const failure = new WriteFailedError(error);
      for (const item of batch) item.reject(failure);
    } finally {
      for (const key of remembered) writing.delete(key);
      queuedBytes -= bytes;
    }
  }

  return {
    submit(rows, { bytes, revision = false, fresh = false }) {
      if (closing) return Promise.reject(new OverloadedError("The ingest is shutting down", 5));
      if (rows.length === 0) return Promise.resolve({ written: 0, duplicates: 0 });
      // An oversized request is still taken when nothing else waits, so it can never be refused forever.
      if (queuedBytes > 0 && queuedBytes + bytes > maxQueueBytes) {
        return Promise.reject(new OverloadedError(`The write queue is full (${queuedBytes} bytes waiting)`, 1));
      }
      queuedBytes += bytes;
      pendingRows += rows.length;
      return new Promise<WriteOutcome>((resolve, reject) => {
        pending.push({ rows, bytes, revision, fresh, resolve, reject });
        schedule();
      });
    },
    stats: () => ({ queuedRows: pendingRows, queuedBytes, batches }),
    async close() {
      closing = true;
      schedule();
      while (inFlight.length > 0 || pending.length > 0) {
        await Promise.all(inFlight.map((item) => item.done));
        schedule();
      }
    },
  };
}
