import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { applyDiscount, formatUsd, parsePrice, scaleAmount } from "./money.ts";

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
