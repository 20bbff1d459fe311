// The fuzz targets in `npm test`: each target's fixed corpus (hand-picked hostile inputs and every
// finding so far) and a few hundred to a few thousand seeded inputs, the same properties as `npm run
// fuzz`. A failure prints the shrunk counterexample and the command that replays it.
import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { runInChild } from "./child.ts";
import { formatReport, runTarget } from "./driver.ts";
import { FUZZ_TARGETS } from "./targets/index.ts";

const SEED = 20_260_116;

describe("fuzz corpus and seeded runs", () => {
  for (const target of FUZZ_TARGETS) {
    it(`${target.name}: ${target.testRuns} inputs and the corpus, no crash, hang or unhandled rejection`, async () => {
      const report = target.usesStore
        ? await runInChild({ target: target.name, runs: target.testRuns, seed: SEED, quiet: true })
        : await runTarget(target, { runs: target.testRuns, seed: SEED, timeoutMs: target.timeoutMs ?? 5_000 });
      assert.equal(report.finding, undefined, formatReport(report));
      assert.ok(report.inputs >= target.testRuns, `${report.inputs} inputs ran`);
    });
  }
});
