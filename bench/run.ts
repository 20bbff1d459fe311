// Runs one benchmark by name: `npm run bench -- <name> [args]` runs bench/<name>.ts in a child Node with
// the arguments after the name; with no name it lists the benchmarks and the first line of each one's header.
import { spawn } from "node:child_process";
import fs from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";

const BENCH_DIR = path.dirname(fileURLToPath(import.meta.url));

function listBenchmarks(): { name: string; summary: string }[] {
  const names = fs
    .readdirSync(BENCH_DIR)
    .filter((file) => file.endsWith(".ts") && file !== "run.ts" && !file.endsWith(".test.ts"))
    .map((file) => file.slice(0, -".ts".length));
  // `<name>-<part>.ts` beside a `<name>.ts` is a helper of that benchmark (instrumentation-child.ts), not one itself.
  const isHelper = (name: string) => names.some((other) => name.startsWith(`${other}-`));
  return names
    .filter((name) => !isHelper(name))
    .sort()
    .map((name) => {
      const header = fs.readFileSync(path.join(BENCH_DIR, `${name}.ts`), "utf8").split("\n")[0] ?? "";
      return { name, summary: header.replace(/^\/\/\s*/, "") };
    });
}

const [name, ...args] = process.argv.slice(2);
const benchmarks = listBenchmarks();
if (!name || name === "--help" || name === "-h") {
  console.log("Usage: npm run bench -- <name> [args]\n\nBenchmarks:");
  const width = Math.max(...benchmarks.map((bench) => bench.name.length)) + 2;
  for (const bench of benchmarks) console.log(`  ${bench.name.padEnd(width)}${bench.summary}`);
  process.exit(0);
}
if (!benchmarks.some((bench) => bench.name === name)) {
  console.error(`No benchmark named "${name}". Known: ${benchmarks.map((bench) => bench.name).join(", ")}`);
  process.exit(2);
}

// A child process of its own, so each benchmark sees its own argv (e.g. otlp-decode's iteration count).
const child = spawn(process.execPath, [...process.execArgv, path.join(BENCH_DIR, `${name}.ts`), ...args], { stdio: "inherit" });
// Ctrl-C reaches the child too (same process group); forward a SIGTERM sent to this process alone.
process.on("SIGTERM", () => child.kill("SIGTERM"));
child.on("exit", (code, signal) => process.exit(code ?? (signal ? 1 : 0)));
