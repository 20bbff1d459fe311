// Builds the publishable package into dist/: ESM and CommonJS bundles of the library and of the
// register hook (pricing bundled in; OpenTelemetry and tiktoken stay dependencies, so the app and
// we share one OTel API), plus type declarations. Node 24 runs the sources directly; users' Node
// (20.6+) runs these bundles. Then packs it (`npm pack`) into pack/promptmetrics-instrumentation.tgz,
// which the server hands to users at /sdk/promptmetrics-instrumentation.tgz.
import { execFileSync } from "node:child_process";
import { mkdirSync, renameSync, rmSync } from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { build } from "esbuild";

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..");
const dist = path.join(root, "dist");
rmSync(dist, { recursive: true, force: true });

const started = performance.now();
const formats = [
  { format: "esm", extension: ".mjs" },
  { format: "cjs", extension: ".cjs" },
] as const;
await Promise.all(
  formats.map(({ format, extension }) =>
    build({
      entryPoints: { index: path.join(root, "src/index.ts"), register: path.join(root, "src/register.ts") },
      outdir: dist,
      outExtension: { ".js": extension },
      bundle: true,
      splitting: false,
      platform: "node",
      target: "node20.6",
      format,
      external: ["@opentelemetry/*", "tiktoken"],
      sourcemap: true,
      logLevel: "warning",
      // import.meta.url is only read in the ESM build (see register.ts).
      logOverride: { "empty-import-meta": "silent" },
    }),
  ),
);
execFileSync(
  process.execPath,
  [path.join(root, "..", "node_modules", "typescript", "bin", "tsc"), "-p", path.join(root, "tsconfig.build.json")],
  {
    stdio: "inherit",
  },
);

// The very files `npm publish` would upload. No version in the name: the server serves the one it was built with.
const packDir = path.join(root, "pack");
rmSync(packDir, { recursive: true, force: true });
mkdirSync(packDir);
const [packed] = JSON.parse(
  execFileSync("npm", ["pack", "--json", "--ignore-scripts", "--pack-destination", packDir], { cwd: root, encoding: "utf8" }),
) as { filename: string }[];
if (packed === undefined) throw new Error("npm pack wrote no tarball");
renameSync(path.join(packDir, packed.filename), path.join(packDir, "promptmetrics-instrumentation.tgz"));
console.log(`instrumentation: built dist/ and pack/promptmetrics-instrumentation.tgz in ${Math.round(performance.now() - started)} ms`);
