// The scheduler's idea of "now". Production uses the system clock; tests hand in a clock they set, so
// a test can stand at 08:59 local time on the day clocks change and watch exactly one run happen.
export interface Clock {
  now(): Date;
}

export const systemClock: Clock = { now: () => new Date() };
