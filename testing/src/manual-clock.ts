// A clock a test sets by hand, for the scheduler (and whatever takes its Clock): time stands still
// until the test moves it.
export interface ManualClock {
  now(): Date;
  /** Moves to an instant (ISO text or Date). */
  set(at: Date | string): void;
  /** Moves forward by `ms`. */
  advance(ms: number): void;
}

export function manualClock(start: Date | string): ManualClock {
  let current = new Date(start).getTime();
  return {
    now: () => new Date(current),
    set: (at) => {
      current = new Date(at).getTime();
    },
    advance: (ms) => {
      current += ms;
    },
  };
}
