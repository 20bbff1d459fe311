// GET /sdk/promptmetrics-instrumentation.tgz: the instrumentation package the server was built with,
// and what the onboarding's first command does with it: `npm install <that URL>` in a fresh app, which
// then imports the package (ESM and CommonJS). Needs the build (`npm run build`; `npm test` runs it).
import assert from "node:assert/strict";
import fs from "node:fs";
import path from "node:path";
import { after, before, test } from "node:test";
import { openTestStore, startApi, type TestApi, type TestStore } from "./accounts-harness.ts";
import {
  createEmptyApp,
  instrumentationDependencyDirs,
  npmInstall,
  REPO_ROOT,
  run,
  startLocalRegistry,
  type LocalRegistry,
} from "./sdk-app.ts";

const TARBALL = path.join(REPO_ROOT, "instrumentation/pack/promptmetrics-instrumentation.tgz");
const { version } = JSON.parse(fs.readFileSync(path.join(REPO_ROOT, "instrumentation/package.json"), "utf8")) as { version: string };

let db: TestStore;
let api: TestApi;
let unbuilt: TestApi;

before(async () => {
  assert.ok(fs.existsSync(TARBALL), `${TARBALL} is missing: run \`npm run build\` first (\`npm test\` does it)`);
  db = await openTestStore();
  api = await startApi({ store: db.store, sdkTarball: TARBALL });
  unbuilt = await startApi({ store: db.store, sdkTarball: path.join(REPO_ROOT, "instrumentation/pack/not-built.tgz") });
});
after(async () => {
  await api?.close();
  await unbuilt?.close();
  await db?.close();
});

test("the package tarball, to anyone, as a gzip attachment that caches revalidate", async () => {
  const response = await fetch(`${api.url}/sdk/promptmetrics-instrumentation.tgz`);
  assert.equal(response.status, 200);
  assert.equal(response.headers.get("content-type"), "application/gzip");
  assert.equal(response.headers.get("content-disposition"), "attachment; filename=promptmetrics-instrumentation.tgz");
  assert.equal(response.headers.get("cache-control"), "no-cache");
  const body = Buffer.from(await response.arrayBuffer());
  assert.deepEqual(body, fs.readFileSync(TARBALL));
  const manifest = JSON.parse((await run("tar", ["-xzOf", TARBALL, "package/package.json"])).stdout) as { name: string; version: string };
  assert.deepEqual(
    { name: manifest.name, version: manifest.version },
    { name: "@promptmetrics/instrumentation", version },
    "the version of this checkout",
  );

  const etag = response.headers.get("etag");
  assert.ok(etag);
  // (fetch adds Cache-Control: no-cache to a conditional request unless told otherwise; npm and browsers revalidate with max-age=0.)
  const again = await fetch(`${api.url}/sdk/promptmetrics-instrumentation.tgz`, {
    headers: { "if-none-match": etag, "cache-control": "max-age=0" },
  });
  assert.equal(again.status, 304);
});

test("a server without the built package answers 404 saying how to build it", async () => {
  const response = await fetch(`${unbuilt.url}/sdk/promptmetrics-instrumentation.tgz`);
  assert.equal(response.status, 404);
  const body = (await response.json()) as { error: { code: string; message: string } };
  assert.equal(body.error.code, "not_found");
  assert.match(body.error.message, /npm run build/);
});

test("a fresh app installs it with `npm install <url>` and imports it, ESM and CommonJS", { timeout: 180_000 }, async () => {
  const app = createEmptyApp();
  let registry: LocalRegistry | undefined;
  try {
    registry = await startLocalRegistry(instrumentationDependencyDirs(), app.dir);
    const url = `${api.url}/sdk/promptmetrics-instrumentation.tgz`;
    await npmInstall(app.dir, url, registry.url);

    const manifest = JSON.parse(fs.readFileSync(path.join(app.dir, "package.json"), "utf8")) as { dependencies: Record<string, string> };
    assert.deepEqual(manifest.dependencies, { "@promptmetrics/instrumentation": url });
    assert.ok(!registry.requested.includes("@promptmetrics/instrumentation"), "the package itself came from the server, not a registry");
    assert.ok(registry.requested.includes("@opentelemetry/api"), "its dependencies came from the registry");

    const expected = ["AnthropicInstrumentation", "OpenAIInstrumentation", "instrument", "withContext"];
    const esm = await run(
      process.execPath,
      [
        "--input-type=module",
        "--eval",
        "const m = await import('@promptmetrics/instrumentation'); console.log(JSON.stringify(Object.keys(m).sort()))",
      ],
      { cwd: app.dir },
    );
    const cjs = await run(
      process.execPath,
      ["--input-type=commonjs", "--eval", "console.log(JSON.stringify(Object.keys(require('@promptmetrics/instrumentation')).sort()))"],
      { cwd: app.dir },
    );
    for (const [kind, { stdout }] of [
      ["ESM", esm],
      ["CommonJS", cjs],
    ] as const) {
      const names = JSON.parse(stdout) as string[];
      for (const name of expected) assert.ok(names.includes(name), `${kind} import lacks ${name}: ${names.join(", ")}`);
    }
    const installed = JSON.parse(
      fs.readFileSync(path.join(app.dir, "node_modules/@promptmetrics/instrumentation/package.json"), "utf8"),
    ) as { version: string };
    assert.equal(installed.version, version);
  } finally {
    await registry?.close();
    app.remove();
  }
});
