import assert from "node:assert/strict";
import { test } from "node:test";
import type { StoredPriceOverride, StoredSyncedPrice } from "@promptmetrics/pricing";
import { createProjectPricers } from "./project-pricers.ts";

const at = new Date("2026-11-20T10:00:00Z");
const usage = { inputTokens: 1_000_000, outputTokens: 0 };

function override(projectId: string, inputPerMtok: string): StoredPriceOverride {
  return {
    projectId,
    model: "gpt-4o",
    effectiveFrom: "2020-01-01 00:00:00.000",
    inputPerMtok,
    outputPerMtok: "2",
    cachedInputPerMtok: null,
    cacheWrite5mPerMtok: null,
    cacheWrite1hPerMtok: null,
  };
}

const inputCost = (pricers: ReturnType<typeof createProjectPricers>, projectId: string) => {
  const cost = pricers.forProject(projectId).price({ provider: "openai", model: "gpt-4o", at, usage });
  return cost.status === "priced" ? cost.totalUsd : "unknown";
};

async function until(condition: () => boolean, timeoutMs = 5000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!condition()) {
    if (Date.now() > deadline) throw new Error("condition not met in time");
    await new Promise((resolve) => setTimeout(resolve, 5));
  }
}

test("the catalogue until the overrides are read; ready() reads them once; each project its own", async () => {
  let loads = 0;
  let stored = [override("p1", "1")];
  const pricers = createProjectPricers({
    load: async () => {
      loads++;
      return stored;
    },
    refreshMs: 60_000,
  });
  try {
    assert.equal(inputCost(pricers, "p1"), "2.500000000000");
    await Promise.all([pricers.ready(), pricers.ready()]);
    await pricers.ready();
    assert.equal(loads, 1, "concurrent callers share one read, and a loaded cache is not read again");
    assert.equal(inputCost(pricers, "p1"), "1.000000000000");
    assert.equal(inputCost(pricers, "p2"), "2.500000000000");
    stored = [override("p1", "3")];
    await pricers.refresh();
    assert.equal(inputCost(pricers, "p1"), "3.000000000000");
  } finally {
    pricers.close();
  }
});

test("re-read in the background every refreshMs, so a new override prices the next call", async () => {
  let stored: StoredPriceOverride[] = [];
  const pricers = createProjectPricers({ load: async () => stored, refreshMs: 10 });
  try {
    stored = [override("p1", "4")];
    await until(() => inputCost(pricers, "p1") === "4.000000000000");
  } finally {
    pricers.close();
  }
});

test("a project with invalid overrides prices with the catalogue and is reported; others keep theirs", async () => {
  const errors: Array<string | undefined> = [];
  const pricers = createProjectPricers({
    load: async () => [override("p1", "1"), override("p2", "-1")],
    refreshMs: 60_000,
    onError: (_error, projectId) => errors.push(projectId),
  });
  try {
    await pricers.ready();
    assert.deepEqual(errors, ["p2"]);
    assert.equal(inputCost(pricers, "p1"), "1.000000000000");
    assert.equal(inputCost(pricers, "p2"), "2.500000000000");
  } finally {
    pricers.close();
  }
});

test("a refresh reads anew even while another read is under way, and a read that lands late never undoes a newer one", async () => {
  const pending: Array<(records: StoredPriceOverride[]) => void> = [];
  const pricers = createProjectPricers({ load: () => new Promise((resolve) => pending.push(resolve)), refreshMs: 60_000 });
  try {
    const older = pricers.refresh();
    const newer = pricers.refresh();
    assert.equal(pending.length, 2, "two reads, not one shared");
    pending[1]!([override("p1", "5")]);
    await newer;
    pending[0]!([override("p1", "1")]);
    await older;
    assert.equal(inputCost(pricers, "p1"), "5.000000000000");
  } finally {
    pricers.close();
  }
});

function syncedGpt4o(inputPerMtok: string): StoredSyncedPrice {
  return {
    model: "gpt-4o",
    effectiveFrom: "2026-11-01",
    provider: "openai",
    kind: "chat",
    inputPerMtok,
    cachedInputPerMtok: null,
    cacheWrite5mPerMtok: null,
    cacheWrite1hPerMtok: null,
    cacheWrite30mPerMtok: null,
    cacheWrite12hPerMtok: null,
    outputPerMtok: "8",
    rules: "{}",
    source: "prices.json",
    sourceModel: "gpt-4o",
  };
}

test("synced prices price every project; a project's override still wins; an invalid one is reported and left out", async () => {
  const errors: unknown[] = [];
  let synced = [syncedGpt4o("2")];
  const pricers = createProjectPricers({
    load: async () => [override("p1", "1")],
    loadSynced: async () => synced,
    refreshMs: 60_000,
    onError: (error) => errors.push(error),
  });
  try {
    await pricers.ready();
    // 1M input tokens at the synced $2/M; p1's override ($1/M, from 2020) wins over it.
    assert.equal(inputCost(pricers, "p2"), "2.000000000000");
    assert.equal(inputCost(pricers, "p1"), "1.000000000000");
    assert.equal(pricers.forInstall().match("gpt-4o")?.modelId, "gpt-4o");
    synced = [syncedGpt4o("-2")];
    await pricers.refresh();
    assert.equal(errors.length, 1, "the invalid synced price is reported");
    assert.equal(inputCost(pricers, "p2"), "2.500000000000", "and its model keeps the catalogue's price");
  } finally {
    pricers.close();
  }
});
