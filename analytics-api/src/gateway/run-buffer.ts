// Gateway runs are handed to the writer in batches: one insert per call costs the embedded engine more
// CPU than the call itself (bench/gateway.ts: about 15 ms of server CPU per call written alone, 1 ms at
// 32 calls at once), so runs wait here up to FLUSH_MS or MAX_SPANS and go to the recorder together. The
// client's answer never waits for this. A graceful stop flushes; a kill -9 loses at most the runs of the
// last FLUSH_MS (the calls themselves were answered). A batch the store refuses (unavailable, overloaded)
// is tried again after 1, 2 and 4 s, then reported and dropped: a run is telemetry, never the call.
import type { GatewayRecorder, GatewaySpan } from "./gateway-span.ts";

const FLUSH_MS = 1000;
const MAX_SPANS = 2_000;
const RETRY_DELAYS_MS = [1000, 2000, 4000];

export interface RunBuffer {
  /** `onWritten`: called once the run is in the store (the limits stop counting it as pending then). */
  add(key: { keyId: string; projectId: string }, span: GatewaySpan, onWritten?: () => void): void;
  /** Writes everything held now. */
  flush(): Promise<void>;
}

export function createRunBuffer(
  recorder: GatewayRecorder,
  onError: (error: unknown) => void,
  retryDelaysMs: readonly number[] = RETRY_DELAYS_MS,
): RunBuffer {
  const write = async (key: { keyId: string; projectId: string }, spans: GatewaySpan[], written: (() => void)[]) => {
    for (let attempt = 0; ; attempt++) {
      try {
        await recorder(key, spans);
        for (const done of written) done();
        return;
      } catch (error) {
        if (attempt >= retryDelaysMs.length) return onError(error);
        await new Promise((resolve) => setTimeout(resolve, retryDelaysMs[attempt]));
      }
    }
  };
  let held = new Map<string, { key: { keyId: string; projectId: string }; spans: GatewaySpan[]; written: (() => void)[] }>();
  let count = 0;
  let timer: NodeJS.Timeout | undefined;
  const writing = new Set<Promise<void>>();

  const flushHeld = (): Promise<void> => {
    if (timer) clearTimeout(timer);
    timer = undefined;
    const batch = held;
    held = new Map();
    count = 0;
    const writes = [...batch.values()].map(({ key, spans, written }) => write(key, spans, written));
    const done = Promise.all(writes).then(() => {});
    writing.add(done);
    void done.finally(() => writing.delete(done));
    return done;
  };

  return {
    add(key, span, onWritten) {
      const id = `${key.projectId}\u0000${key.keyId}`;
      let entry = held.get(id);
      if (!entry) {
        entry = { key, spans: [], written: [] };
        held.set(id, entry);
      }
      entry.spans.push(span);
      if (onWritten) entry.written.push(onWritten);
      if (++count >= MAX_SPANS) void flushHeld();
      else if (!timer) {
        timer = setTimeout(() => void flushHeld(), FLUSH_MS);
        timer.unref();
      }
    },
    async flush() {
      await flushHeld();
      await Promise.all(writing);
    },
  };
}
