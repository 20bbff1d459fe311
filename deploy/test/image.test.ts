// The image without Docker: the Dockerfile's shape (pinned base, multi-stage, non-root, production
// dependencies only), then its runtime stage replayed in a temporary directory — the same COPY and RUN
// steps, against this checkout's build output — and the result started as the image starts it.
import assert from "node:assert/strict";
import { spawnSync } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { after, before, test } from "node:test";
import { fileURLToPath } from "node:url";
import { RUNTIME_WORKSPACES } from "../image/runtime-manifest.ts";
import { copyParts, parseDockerfile, type Stage } from "./dockerfile.ts";

const ROOT = fileURLToPath(new URL("../../", import.meta.url));
const dockerfile = parseDockerfile(fs.readFileSync(path.join(ROOT, "Dockerfile"), "utf8"));
const build = dockerfile.stages.find((stage) => stage.name === "build")!;
const runtime = dockerfile.stages.at(-1)!;
const appDir = fs.mkdtempSync(path.join(os.tmpdir(), "pm-image-"));

function instructions(stage: Stage, keyword: string): string[] {
  return stage.instructions.filter((i) => i.keyword === keyword).map((i) => i.args);
}

test("two stages on a pinned Node 24 base; the runtime stage runs as the node user", () => {
  assert.equal(dockerfile.stages.length, 2);
  assert.ok(build, "a stage named build");
  assert.equal(runtime.name, "runtime");
  const rootPackage = JSON.parse(fs.readFileSync(path.join(ROOT, "package.json"), "utf8")) as { devDependencies: { node: string } };
  for (const stage of dockerfile.stages)
    assert.equal(stage.from, `node:${rootPackage.devDependencies.node}-bookworm-slim`, "the Node the project pins");
  assert.deepEqual(instructions(runtime, "USER"), ["node"]);
  assert.deepEqual(instructions(runtime, "ENTRYPOINT"), ['["node", "/app/cli/bin/promptmetrics.ts"]']);
  assert.match(instructions(runtime, "EXPOSE")[0] ?? "", /^3000 4318$/);
});

test("the runtime stage copies sources and build output, never the build stage's node_modules", () => {
  const copies = instructions(runtime, "COPY").map(copyParts);
  assert.ok(copies.every((copy) => copy.from === "build"));
  assert.ok(copies.every((copy) => copy.sources.every((source) => !source.includes("node_modules"))));
  const copiedWorkspaces = new Set(
    copies
      .flatMap((copy) => copy.sources)
      .map((source) => source.split("/")[2])
      .filter((name) => name && !name.includes(".")),
  );
  for (const workspace of RUNTIME_WORKSPACES) assert.ok(copiedWorkspaces.has(workspace), `copies ${workspace}`);
  const install = instructions(runtime, "RUN").join(" ");
  assert.match(install, /npm install --omit=dev --omit=optional --ignore-scripts/);
});

before(() => {
  // Replay the runtime stage: /src is this checkout (built by `npm test`), /app a temporary directory.
  for (const instruction of runtime.instructions) {
    if (instruction.keyword === "COPY") {
      const { sources, destination } = copyParts(instruction.args);
      for (const source of sources) {
        const from = path.join(ROOT, source.replace(/^\/src\//, ""));
        assert.ok(fs.existsSync(from), `the Dockerfile copies ${source}, which the build stage does not have`);
        const to = path.join(appDir, destination.replace(/^\/app\/?/, ""));
        const target = destination.endsWith("/") ? path.join(to, path.basename(from)) : to;
        fs.cpSync(from, target, { recursive: true });
      }
    } else if (instruction.keyword === "RUN") {
      const command = instruction.args.replaceAll("/app", appDir);
      const result = spawnSync("sh", ["-c", command], { cwd: appDir, encoding: "utf8", timeout: 600_000 });
      assert.equal(result.status, 0, `RUN ${command}\n${result.stdout}\n${result.stderr}`);
    }
  }
});
after(() => fs.rmSync(appDir, { recursive: true, force: true }));

function runImage(args: string[], env: Record<string, string> = {}) {
  const result = spawnSync(process.execPath, [path.join(appDir, "cli/bin/promptmetrics.ts"), ...args], {
    cwd: appDir,
    env: { PATH: process.env.PATH ?? "", HOME: os.tmpdir(), NODE_ENV: "production", ...env },
    encoding: "utf8",
    timeout: 60_000,
  });
  return { status: result.status, stdout: result.stdout, stderr: result.stderr };
}

test("the replayed image holds production dependencies only: no chDB engine, no test files, no dev tools", (t) => {
  const du = spawnSync("du", ["-sm", appDir], { encoding: "utf8" });
  t.diagnostic(`/app is ${du.stdout.split("\t")[0]} MB (plus the Node base image)`);
  assert.equal(fs.existsSync(path.join(appDir, "node_modules/@chdb")), false, "the 540 MB engine library is left out");
  assert.equal(fs.existsSync(path.join(appDir, "node_modules/typescript")), false);
  assert.equal(fs.existsSync(path.join(appDir, "node_modules/react")), false, "the dashboard's React is compiled into web/dist");
  assert.ok(fs.existsSync(path.join(appDir, "node_modules/@clickhouse/client")));
  assert.ok(fs.existsSync(path.join(appDir, "web/dist/index.html")));
  assert.ok(
    fs.existsSync(path.join(appDir, "instrumentation/pack/promptmetrics-instrumentation.tgz")),
    "the instrumentation package the API hands out",
  );
  assert.equal(fs.existsSync(path.join(appDir, "deploy")), false);
  const testFiles = fs
    .readdirSync(appDir, { recursive: true })
    .filter((file) => String(file).endsWith(".test.ts") && !String(file).includes("node_modules"));
  assert.deepEqual(testFiles, []);
});

test("the image's command starts: help, and every role needs a migrated server it can reach", () => {
  const help = runImage(["--help"]);
  assert.equal(help.status, 0, help.stderr);
  assert.match(help.stdout, /ingest\s+Run the OTLP\/HTTP receiver alone/);
  for (const role of ["api", "ingest", "migrate"]) {
    const unreachable = runImage([role], { CLICKHOUSE_URL: "http://127.0.0.1:9", CLICKHOUSE_DATABASE: "promptmetrics" });
    assert.equal(unreachable.status, 1, `${role}: ${unreachable.stderr}`);
    assert.match(unreachable.stderr, /ClickHouse server unreachable \(ECONNREFUSED\)/, role);
    assert.doesNotMatch(unreachable.stderr, /ERR_MODULE_NOT_FOUND|Cannot find (module|package)/, role);
  }
  const embedded = runImage(["migrate"], { PROMPTMETRICS_DATA_DIR: path.join(appDir, "data") });
  assert.equal(embedded.status, 1);
  assert.match(embedded.stderr, /The embedded store needs the chdb package.*Set CLICKHOUSE_URL/);
});
