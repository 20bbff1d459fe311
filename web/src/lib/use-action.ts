// useAction: a write started by the user (submit, click) with its busy flag and error message, so
// forms show a spinner and the API's reason without each one keeping that state by hand.
import { useCallback, useRef, useState } from "react";

export interface Action<Args extends unknown[], Result> {
  /** Runs the action; resolves undefined when it failed (the message is in `error`). */
  run: (...args: Args) => Promise<Result | undefined>;
  busy: boolean;
  error: string | undefined;
  reset: () => void;
}

export function useAction<Args extends unknown[], Result>(fn: (...args: Args) => Promise<Result>): Action<Args, Result> {
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | undefined>(undefined);
  const fnRef = useRef(fn);
  fnRef.current = fn;
  const run = useCallback(async (...args: Args) => {
    setBusy(true);
    setError(undefined);
    try {
      return await fnRef.current(...args);
    } catch (failure) {
      setError(failure instanceof Error ? failure.message : String(failure));
      return undefined;
    } finally {
      setBusy(false);
    }
  }, []);
  const reset = useCallback(() => setError(undefined), []);
  return { run, busy, error, reset };
}
