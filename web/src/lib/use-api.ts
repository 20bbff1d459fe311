// useApi: one API read bound to a component's life. Loading, error and data; the request in flight
// is aborted when the deps change or the component goes away, and a late answer never overwrites a
// newer one. The previous data stays while a new request loads, so tables do not flash empty.
import { useCallback, useEffect, useMemo, useRef, useState } from "react";

export interface ApiState<T> {
  data: T | undefined;
  error: Error | undefined;
  /** True while a request is in flight (also during a reload that keeps the old data). */
  loading: boolean;
  /** Runs the request again with the same deps. */
  reload: () => void;
  /** Replaces the data locally, e.g. after a write answered the new row. */
  setData: (update: T | ((previous: T | undefined) => T)) => void;
}

/**
 * `fn` gets an AbortSignal to pass to the api function; `deps` are what the request depends on (as for
 * useEffect). Pass `null` as fn to skip the request (e.g. until a parameter is known).
 */
export function useApi<T>(fn: ((signal: AbortSignal) => Promise<T>) | null, deps: readonly unknown[]): ApiState<T> {
  const [data, setDataState] = useState<T | undefined>(undefined);
  const [error, setError] = useState<Error | undefined>(undefined);
  const [loading, setLoading] = useState(fn !== null);
  const [generation, setGeneration] = useState(0);
  const fnRef = useRef(fn);
  fnRef.current = fn;

  useEffect(() => {
    const current = fnRef.current;
    if (current === null) {
      setLoading(false);
      return;
    }
    const controller = new AbortController();
    setLoading(true);
    setError(undefined);
    current(controller.signal).then(
      (result) => {
        if (controller.signal.aborted) return;
        setDataState(result);
        setLoading(false);
      },
      (failure: unknown) => {
        if (controller.signal.aborted) return;
        setError(failure instanceof Error ? failure : new Error(String(failure)));
        setLoading(false);
      },
    );
    return () => controller.abort();
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [...deps, generation, fn === null]);

  const reload = useCallback(() => setGeneration((value) => value + 1), []);
  const setData = useCallback((update: T | ((previous: T | undefined) => T)) => {
    setDataState((previous) => (typeof update === "function" ? (update as (previous: T | undefined) => T)(previous) : update));
  }, []);
  // The same object until something in it changes, so a memo() child given the state skips re-rendering
  // when another request of its page answers (a chart is the costly part of a page's render).
  return useMemo(() => ({ data, error, loading, reload, setData }), [data, error, loading, reload, setData]);
}

/** Calls `fn` every `intervalMs` while `active`, starting at once; stops on unmount. For live checks. */
export function usePolling(fn: () => void, intervalMs: number, active = true): void {
  const fnRef = useRef(fn);
  fnRef.current = fn;
  useEffect(() => {
    if (!active) return;
    const timer = setInterval(() => fnRef.current(), intervalMs);
    return () => clearInterval(timer);
  }, [intervalMs, active]);
}
