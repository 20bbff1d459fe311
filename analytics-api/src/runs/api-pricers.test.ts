import assert from "node:assert/strict";
import { test } from "node:test";
import { createPricer } from "@promptmetrics/pricing";
import type { ProjectPricers } from "@promptmetrics/runs";
import { lazyPricers } from "./api-pricers.ts";

function stubPricers(): ProjectPricers & { closed: number } {
  const pricer = createPricer();
  return {
    closed: 0,
    forProject: () => pricer,
    forInstall: () => pricer,
    refresh: async () => {},
    ready: async () => {},
    close() {
      this.closed++;
    },
  };
}

test("the app's own price cache is made on first use, once, and closing stops it", () => {
  const made: ReturnType<typeof stubPricers>[] = [];
  const lazy = lazyPricers(() => {
    made.push(stubPricers());
    return made.at(-1)!;
  });
  assert.equal(made.length, 0, "nothing made (no timer) before a run is logged");
  assert.equal(lazy.get(), lazy.get());
  assert.equal(made.length, 1);
  lazy.close();
  assert.equal(made[0]!.closed, 1);
});

test("closing an app that never logged a run makes nothing; a late request gets a cache already closed", () => {
  const made: ReturnType<typeof stubPricers>[] = [];
  const lazy = lazyPricers(() => {
    made.push(stubPricers());
    return made.at(-1)!;
  });
  lazy.close();
  assert.equal(made.length, 0);
  lazy.get();
  assert.equal(made[0]!.closed, 1);
});
