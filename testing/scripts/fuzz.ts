// npm run fuzz [-- --runs N] [--seed S] [--target name[,name]] [--path P]
// Runs every fuzz target (testing/src/fuzz/targets) in a process of its own, one after the other, for
// N inputs in all (default 1,000,000), split by each target's share: most on the fast in-process
// decoders and CSV writer, fewer on the real HTTP listeners and the SQL console (docs/design/fuzzing.md).
// Prints inputs, crashes, hangs, unhandled rejections and time per target and in total; exits 1 on any
// finding, with the shrunk counterexample and the command that replays it.
// FUZZ_TARGET, FUZZ_SEED and FUZZ_PATH in the environment do what --target, --seed and --path do.
import { parseArgs } from "node:util";
import { runInChild } from "../src/fuzz/child.ts";
import { formatReport, type FuzzReport } from "../src/fuzz/driver.ts";
import { FUZZ_TARGETS, fuzzTarget } from "../src/fuzz/targets/index.ts";

const { values } = parseArgs({
  options: {
    runs: { type: "string" },
    seed: { type: "string", default: process.env.FUZZ_SEED },
    target: { type: "string", default: process.env.FUZZ_TARGET },
    path: { type: "string", default: process.env.FUZZ_PATH },
  },
});

const targets = values.target ? values.target.split(",").map((name) => fuzzTarget(name.trim())) : FUZZ_TARGETS;
const seed = values.seed === undefined ? Math.floor(Math.random() * 2 ** 31) : Number(values.seed);
const defaultTotal = targets.reduce((sum, t) => sum + t.defaultRuns, 0);
const total = values.runs === undefined ? defaultTotal : Number(values.runs);
if (!Number.isSafeInteger(seed) || !Number.isSafeInteger(total) || total < targets.length) {
  console.error("--seed and --runs take whole numbers (--runs at least one per target)");
  process.exit(2);
}

console.log(`fuzzing ${targets.map((t) => t.name).join(", ")}: ${total.toLocaleString("en")} inputs, seed ${seed}`);
const reports: FuzzReport[] = [];
for (const target of targets) {
  const runs = Math.max(1, Math.round((total * target.defaultRuns) / defaultTotal));
  const report = await runInChild({ target: target.name, runs, seed, ...(values.path === undefined ? {} : { path: values.path }) });
  reports.push(report);
  console.log(formatReport(report));
}
const sum = (key: "inputs" | "crashes" | "hangs" | "rejections" | "ms") => reports.reduce((n, r) => n + r[key], 0);
console.log(
  formatReport({
    target: "total",
    inputs: sum("inputs"),
    crashes: sum("crashes"),
    hangs: sum("hangs"),
    rejections: sum("rejections"),
    ms: sum("ms"),
    seed,
  }),
);
process.exit(sum("crashes") + sum("hangs") + sum("rejections") > 0 ? 1 : 0);
