// What the SDK install test needs besides the server: a fresh app directory, and a registry on
// loopback that serves the instrumentation's dependencies, packed from this repository's own
// node_modules at the versions its package-lock.json holds. So `npm install <server>/sdk/...tgz` runs
// as a user's would (the dependencies resolved by npm from a registry, nothing pre-locked), without the
// network and with an npm cache of its own.
import { execFile } from "node:child_process";
import fs from "node:fs";
import http from "node:http";
import type { AddressInfo } from "node:net";
import os from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { promisify } from "node:util";

export const REPO_ROOT = fileURLToPath(new URL("../../../", import.meta.url));
export const run = promisify(execFile);

interface LockEntry {
  version?: string;
  dependencies?: Record<string, string>;
  optionalDependencies?: Record<string, string>;
  peerDependencies?: Record<string, string>;
  peerDependenciesMeta?: Record<string, { optional?: boolean }>;
}

/** Where node finds `name` from the package at lock path `from` (e.g. "instrumentation"): nearest node_modules first. */
function locate(packages: Record<string, LockEntry>, from: string, name: string): string | undefined {
  let at = from;
  for (;;) {
    const candidate = at === "" ? `node_modules/${name}` : `${at}/node_modules/${name}`;
    if (packages[candidate] !== undefined) return candidate;
    if (at === "") return undefined;
    const nested = at.lastIndexOf("/node_modules/");
    at = nested === -1 ? "" : at.slice(0, nested);
  }
}

/** The installed folders of everything @promptmetrics/instrumentation needs at run time (its dependencies, theirs, and peers). */
export function instrumentationDependencyDirs(): string[] {
  const { packages } = JSON.parse(fs.readFileSync(path.join(REPO_ROOT, "package-lock.json"), "utf8")) as {
    packages: Record<string, LockEntry>;
  };
  const found = new Set<string>();
  const visit = (from: string) => {
    const entry = packages[from]!;
    for (const name of Object.keys({ ...entry.dependencies, ...entry.optionalDependencies, ...entry.peerDependencies })) {
      const location = locate(packages, from, name);
      if (location === undefined) {
        if (entry.optionalDependencies?.[name] !== undefined || entry.peerDependenciesMeta?.[name]?.optional) continue;
        throw new Error(`${from} needs ${name}, which the root package-lock.json does not hold`);
      }
      if (found.has(location)) continue;
      found.add(location);
      visit(location);
    }
  };
  visit("instrumentation");
  return [...found].map((location) => path.join(REPO_ROOT, location));
}

export interface LocalRegistry {
  url: string;
  /** Package names asked for, as npm asked for them. */
  requested: string[];
  close(): Promise<void>;
}

interface Manifest {
  name: string;
  version: string;
  [key: string]: unknown;
}

/** A registry serving `dirs` (installed package folders) as `npm pack` tarballs. */
export async function startLocalRegistry(dirs: readonly string[], workDir: string): Promise<LocalRegistry> {
  const tarballs = path.join(workDir, "tarballs");
  fs.mkdirSync(tarballs, { recursive: true });
  const { stdout } = await run("npm", ["pack", ...dirs, "--json", "--ignore-scripts", "--pack-destination", tarballs], {
    cwd: workDir,
    maxBuffer: 64 * 1024 * 1024,
  });
  const packed = JSON.parse(stdout) as { name: string; version: string; filename: string; integrity: string }[];
  const versions = new Map<string, Map<string, { manifest: Manifest; filename: string; integrity: string }>>();
  packed.forEach((item, index) => {
    const manifest = JSON.parse(fs.readFileSync(path.join(dirs[index]!, "package.json"), "utf8")) as Manifest;
    if (!versions.has(item.name)) versions.set(item.name, new Map());
    versions.get(item.name)!.set(item.version, { manifest, filename: item.filename, integrity: item.integrity });
  });

  const requested: string[] = [];
  let url = "";
  const server = http.createServer((req, res) => {
    const pathname = decodeURIComponent(new URL(req.url ?? "/", "http://x").pathname);
    if (pathname.startsWith("/-/tarballs/")) {
      const file = path.join(tarballs, path.basename(pathname));
      if (!fs.existsSync(file)) return void res.writeHead(404).end();
      res.writeHead(200, { "content-type": "application/octet-stream" });
      return void fs.createReadStream(file).pipe(res);
    }
    const name = pathname.slice(1);
    requested.push(name);
    const known = versions.get(name);
    if (known === undefined) return void res.writeHead(404, { "content-type": "application/json" }).end('{"error":"Not found"}');
    const list = [...known.entries()];
    const packument = {
      name,
      "dist-tags": { latest: list.at(-1)![0] },
      versions: Object.fromEntries(
        list.map(([version, { manifest, filename, integrity }]) => [
          version,
          { ...manifest, dist: { tarball: `${url}/-/tarballs/${encodeURIComponent(filename)}`, integrity } },
        ]),
      ),
    };
    res.writeHead(200, { "content-type": "application/json" }).end(JSON.stringify(packument));
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  return {
    url,
    requested,
    async close() {
      server.closeAllConnections();
      await new Promise((resolve) => server.close(resolve));
    },
  };
}

/** `npm install <spec>` in `appDir` from `registry` only, with a cache of its own and no install scripts. */
export async function npmInstall(appDir: string, spec: string, registry: string): Promise<void> {
  const env = { PATH: process.env.PATH ?? "", HOME: appDir };
  await run(
    "npm",
    [
      "install",
      spec,
      "--registry",
      registry,
      "--cache",
      path.join(appDir, ".npm-cache"),
      "--ignore-scripts",
      "--no-audit",
      "--no-fund",
      "--no-update-notifier",
    ],
    {
      cwd: appDir,
      env,
      maxBuffer: 16 * 1024 * 1024,
    },
  );
}

/** An empty app: a directory with a package.json and nothing installed. */
export function createEmptyApp(): { dir: string; remove(): void } {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "pm-sdk-app-"));
  fs.writeFileSync(
    path.join(dir, "package.json"),
    `${JSON.stringify({ name: "my-llm-app", version: "1.0.0", private: true, type: "module" }, null, 2)}\n`,
  );
  return { dir, remove: () => fs.rmSync(dir, { recursive: true, force: true }) };
}
