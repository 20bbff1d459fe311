import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { applyDiscount, formatPrice, formatUsd, parsePrice, perTokenToPriceUnits, scaleAmount } from "./money.ts";

describe("parsePrice", () => {
  it("turns USD per 1M tokens into whole pico-dollars per token", () => {
    // $2.50 per 1M tokens = $0.0000025 per token = 2,500,000 pico-dollars.
    assert.equal(parsePrice("2.50"), 2_500_000n);
    assert.equal(parsePrice("0.075"), 75_000n);
    assert.equal(parsePrice("15"), 15_000_000n);
    assert.equal(parsePrice("0"), 0n);
    assert.equal(parsePrice("0.000001"), 1n);
  });

  it("rejects anything that is not a plain non-negative decimal with at most 6 decimals", () => {
    for (const bad of ["", "-1", "1e-7", "0.0000001", "1,5", " 1", "01", ".5", "5.", "NaN"]) {
      assert.equal(parsePrice(bad), undefined, bad);
    }
  });
});

describe("formatUsd", () => {
  it("always prints 12 fractional digits", () => {
    assert.equal(formatUsd(2_500_000n), "0.000002500000");
    assert.equal(formatUsd(1_522_500_000_000n), "1.522500000000");
    assert.equal(formatUsd(0n), "0.000000000000");
    assert.equal(formatUsd(-5n), "-0.000000000005");
  });
});

describe("applyDiscount", () => {
  it("halves exactly when no fraction arises", () => {
    assert.equal(applyDiscount(10_500_000_000n, 50), 5_250_000_000n);
    assert.equal(applyDiscount(4n, 50), 2n);
  });

  it("rounds half up only where halving leaves half a pico-dollar", () => {
    assert.equal(applyDiscount(3n, 50), 2n);
    assert.equal(applyDiscount(1n, 50), 1n);
    assert.equal(applyDiscount(0n, 50), 0n);
  });

  it("handles other percentages and no discount", () => {
    assert.equal(applyDiscount(1000n, 25), 750n);
    assert.equal(applyDiscount(7n, 0), 7n);
    assert.equal(applyDiscount(7n, 100), 0n);
  });
});

describe("scaleAmount", () => {
  it("multiplies by a fraction and rounds half up once", () => {
    assert.equal(scaleAmount(35n, 11n, 10n), 39n); // 38.5 → 39
    assert.equal(scaleAmount(34n, 11n, 10n), 37n); // 37.4 → 37
    assert.equal(scaleAmount(5n, 55n, 100n), 3n); // 2.75 → 3
    assert.equal(scaleAmount(1n, 1n, 2n), 1n); // 0.5 → 1
    assert.equal(scaleAmount(1_000_000n, 55n, 100n), 550_000n);
    assert.equal(scaleAmount(0n, 11n, 10n), 0n);
  });
});

describe("formatPrice and perTokenToPriceUnits", () => {
  it("print parsePrice units back in their shortest form", () => {
    assert.equal(formatPrice(2_500_000n), "2.5");
    assert.equal(formatPrice(15_000_000n), "15");
    assert.equal(formatPrice(75_000n), "0.075");
    assert.equal(formatPrice(1n), "0.000001");
    assert.equal(formatPrice(0n), "0");
  });

  it("turn a price list's USD per token into USD per 1M tokens exactly, from the number's decimal form", () => {
    const cases: [number, string | undefined][] = [
      [2.5e-6, "2.5"],
      [1.1e-6, "1.1"], // 1.1e-06 × 1e6 in floating point is 1.0999999999999999
      [1.3e-7, "0.13"],
      [3.75e-8, "0.0375"],
      [0.000168, "168"],
      [5e-9, "0.005"],
      [0, "0"],
      [1.25e-13, undefined], // finer than 6 decimals per 1M tokens
      [-1e-6, undefined],
      [Number.NaN, undefined],
    ];
    for (const [perToken, expected] of cases) {
      const units = perTokenToPriceUnits(perToken);
      assert.equal(units === undefined ? undefined : formatPrice(units), expected, String(perToken));
    }
  });
});
