// Run inside the image's runtime stage (see Dockerfile): rewrites the copied root package.json so that
// `npm install --omit=dev` installs only what the services run (the runtime workspaces, their production
// dependencies), and strips the web workspace to its built files (its React dependencies are compiled
// into web/dist). Usage: node runtime-manifest.ts <app dir>
import fs from "node:fs";
import path from "node:path";

/** The workspaces the `ingest`, `api` and `migrate` commands load. */
export const RUNTIME_WORKSPACES = ["pricing", "runs", "clickhouse", "ingest", "analytics-api", "cli", "web"];

interface Manifest {
  name: string;
  version: string;
  workspaces?: string[];
  scripts?: Record<string, string>;
  dependencies?: Record<string, string>;
  devDependencies?: Record<string, string>;
  [key: string]: unknown;
}

export function runtimeRootManifest(root: Manifest): Manifest {
  const { scripts: _scripts, devDependencies: _dev, allowScripts: _allow, ...rest } = root;
  return { ...rest, workspaces: RUNTIME_WORKSPACES };
}

export function builtWebManifest(web: Manifest): Manifest {
  return { name: web.name, version: web.version, private: true, type: "module", exports: { "./package.json": "./package.json" } };
}

function rewrite(file: string, change: (manifest: Manifest) => Manifest): void {
  const manifest = JSON.parse(fs.readFileSync(file, "utf8")) as Manifest;
  fs.writeFileSync(file, `${JSON.stringify(change(manifest), null, 2)}\n`);
}

if (import.meta.main) {
  const appDir = path.resolve(process.argv[2] ?? ".");
  rewrite(path.join(appDir, "package.json"), runtimeRootManifest);
  rewrite(path.join(appDir, "web", "package.json"), builtWebManifest);
}
