// (helper of the web benchmark) The dashboard's JavaScript as a browser loads it from web/dist: the
// initial route (index.html's inline scripts, its module script and modulepreload links, with what they import statically)
// and, for each lazily loaded page, the chunks it adds on top.
import fs from "node:fs";
import path from "node:path";
import zlib from "node:zlib";

export interface FileSize {
  file: string;
  bytes: number;
  /** gzip at its default level, as `vite build` prints it. */
  gzipBytes: number;
}

export interface RouteSize {
  name: string;
  files: FileSize[];
  bytes: number;
  gzipBytes: number;
}

export interface BundleReport {
  /** Everything that loads before any lazy page chunk. */
  initial: RouteSize;
  /** The stylesheets index.html links (one for the whole app). */
  css: RouteSize;
  /** Each page's chunk and the chunks it imports statically that the initial route does not hold. */
  pages: RouteSize[];
}

const STATIC_IMPORT = /(?:^|[;\s}])(?:import|export)\s*(?:[\w$*{}\s,]*?\bfrom\s*)?["'](\.\/[^"']+\.js)["']/g;
const PAGE_CHUNK = /^(.+-page)-[\w-]{8}\.js$/;

export function measureBundle(distDir: string): BundleReport {
  const indexFile = path.join(distDir, "index.html");
  if (!fs.existsSync(indexFile)) throw new Error(`${indexFile} is missing: run \`npm run build\` first`);
  const html = fs.readFileSync(indexFile, "utf8");
  const assets = path.join(distDir, "assets");
  const sizes = new Map<string, FileSize>();
  const sizeOf = (file: string): FileSize => {
    let size = sizes.get(file);
    if (!size) {
      const content = fs.readFileSync(path.join(assets, file));
      size = { file, bytes: content.length, gzipBytes: zlib.gzipSync(content).length };
      sizes.set(file, size);
    }
    return size;
  };

  const entries = [
    ...html.matchAll(/<script[^>]*type="module"[^>]*src="\/assets\/([^"]+\.js)"/g),
    ...html.matchAll(/<link[^>]*rel="modulepreload"[^>]*href="\/assets\/([^"]+\.js)"/g),
  ].map((match) => match[1]!);
  if (entries.length === 0) throw new Error(`${indexFile} has no module script`);
  const initialFiles = staticClosure(assets, entries);
  // index.html's own inline scripts (the theme, the first reads) run before any file: they count too.
  const inline = [...html.matchAll(/<script(?![^>]*\bsrc=)[^>]*>([\s\S]*?)<\/script>/g)].map((match) => match[1]!).join("\n");
  const inlineSize: FileSize[] = inline
    ? [{ file: "index.html inline scripts", bytes: Buffer.byteLength(inline), gzipBytes: zlib.gzipSync(inline).length }]
    : [];
  const initial = route("initial route (index.html)", [...inlineSize, ...[...initialFiles].map(sizeOf)]);
  const stylesheets = [...html.matchAll(/<link[^>]*rel="stylesheet"[^>]*href="\/assets\/([^"]+\.css)"/g)].map((match) => match[1]!);
  const css = route("stylesheet", stylesheets.map(sizeOf));

  const pages = fs
    .readdirSync(assets)
    .flatMap((file) => {
      const name = PAGE_CHUNK.exec(file)?.[1];
      return name ? [{ name, file }] : [];
    })
    .map(({ name, file }) => route(name, [...staticClosure(assets, [file])].filter((chunk) => !initialFiles.has(chunk)).map(sizeOf)))
    .sort((a, b) => b.gzipBytes - a.gzipBytes);
  return { initial, css, pages };
}

/** The files and every chunk they import statically, transitively (dynamic `import()` excluded). */
function staticClosure(assets: string, roots: readonly string[]): Set<string> {
  const seen = new Set<string>();
  const pending = [...roots];
  while (pending.length > 0) {
    const file = pending.pop()!;
    if (seen.has(file)) continue;
    seen.add(file);
    const code = fs.readFileSync(path.join(assets, file), "utf8");
    for (const match of code.matchAll(STATIC_IMPORT)) pending.push(path.basename(match[1]!));
  }
  return seen;
}

function route(name: string, files: FileSize[]): RouteSize {
  return { name, files, bytes: sum(files.map((file) => file.bytes)), gzipBytes: sum(files.map((file) => file.gzipBytes)) };
}

const sum = (values: readonly number[]) => values.reduce((total, value) => total + value, 0);
