import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { meanDifferenceInterval, notWorse, proportionDifferenceInterval, wilsonInterval } from "./stats.ts";

const close = (actual: number, expected: number, digits = 4) =>
  assert.ok(Math.abs(actual - expected) < 10 ** -digits, `${actual} ≈ ${expected}`);

describe("intervals", () => {
  it("Wilson: 81 of 263 (Newcombe 1998, table I) is 0.2553 to 0.3662", () => {
    const { low, high } = wilsonInterval(81, 263);
    close(low, 0.2553);
    close(high, 0.3662);
  });

  it("Wilson stays within [0, 1] at 0 and n successes, and is all of it with no data", () => {
    close(wilsonInterval(0, 10).low, 0, 12);
    close(wilsonInterval(10, 10).high, 1, 12);
    assert.deepEqual(wilsonInterval(0, 0), { low: 0, high: 1 });
  });

  it("Newcombe's hybrid score interval: 56/70 against 48/80 (Newcombe 1998, table II, method 10) is 0.0524 to 0.3339", () => {
    // The paper's difference is p1 − p2 = 0.8 − 0.6; ours is second − first.
    const { low, high } = proportionDifferenceInterval(48, 80, 56, 70);
    close(low, 0.0524);
    close(high, 0.3339);
  });

  it("Welch: means 4.2 and 4.0 (sd 1, 100 each) differ by −0.2 ± 0.277", () => {
    const interval = meanDifferenceInterval({ n: 100, mean: 4.2, sd: 1 }, { n: 100, mean: 4.0, sd: 1 })!;
    close(interval.low, -0.2 - 1.959964 * Math.sqrt(0.02));
    close(interval.high, -0.2 + 1.959964 * Math.sqrt(0.02));
    assert.equal(meanDifferenceInterval({ n: 1, mean: 4, sd: 0 }, { n: 100, mean: 4, sd: 1 }), undefined);
  });

  it("not worse: the lower bound must clear the margin", () => {
    assert.equal(notWorse({ low: -0.019, high: 0.05 }, 0.02), true);
    assert.equal(notWorse({ low: -0.021, high: 0.05 }, 0.02), false);
    assert.equal(notWorse(undefined, 0.02), false);
  });
});
