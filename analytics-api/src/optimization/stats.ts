// The statistics behind "not worse": a model switch is measured only when the cheaper model is shown,
// with 95% confidence, to be no worse than the current one by more than a margin. Proportions (success,
// heuristic quality) use Newcombe's hybrid score interval for a difference of two proportions, built from
// Wilson score intervals (good at small counts and rates near 0 or 1); mean ratings use Welch's interval
// for a difference of means with the normal quantile (ratings are many and bounded). "Not worse" means
// the interval's lower bound of (candidate − current) is above −margin.

/** The normal quantile of a two-sided 95% interval. */
export const Z95 = 1.959963984540054;

export interface Interval {
  low: number;
  high: number;
}

/** Wilson score interval of a proportion: `successes` of `n`. */
export function wilsonInterval(successes: number, n: number, z = Z95): Interval {
  if (n === 0) return { low: 0, high: 1 };
  const p = successes / n;
  const z2 = z * z;
  const centre = (p + z2 / (2 * n)) / (1 + z2 / n);
  const half = (z * Math.sqrt((p * (1 - p)) / n + z2 / (4 * n * n))) / (1 + z2 / n);
  return { low: Math.max(0, centre - half), high: Math.min(1, centre + half) };
}

/** Newcombe's hybrid score interval of p2 − p1 (method 10), from the two Wilson intervals. */
export function proportionDifferenceInterval(s1: number, n1: number, s2: number, n2: number, z = Z95): Interval {
  const p1 = n1 === 0 ? 0 : s1 / n1;
  const p2 = n2 === 0 ? 0 : s2 / n2;
  const w1 = wilsonInterval(s1, n1, z);
  const w2 = wilsonInterval(s2, n2, z);
  const d = p2 - p1;
  return {
    low: d - Math.sqrt((p2 - w2.low) ** 2 + (w1.high - p1) ** 2),
    high: d + Math.sqrt((w2.high - p2) ** 2 + (p1 - w1.low) ** 2),
  };
}

export interface MeanSample {
  n: number;
  mean: number;
  /** Sample standard deviation. */
  sd: number;
}

/** Welch's interval of mean2 − mean1 (normal quantile). Undefined when a side has fewer than 2 values. */
export function meanDifferenceInterval(a: MeanSample, b: MeanSample, z = Z95): Interval | undefined {
  if (a.n < 2 || b.n < 2) return undefined;
  const se = Math.sqrt((a.sd * a.sd) / a.n + (b.sd * b.sd) / b.n);
  const d = b.mean - a.mean;
  return { low: d - z * se, high: d + z * se };
}

/** Whether the candidate is no worse than the current one by more than `margin`, at 95%. */
export function notWorse(interval: Interval | undefined, margin: number): boolean {
  return interval !== undefined && interval.low > -margin;
}
