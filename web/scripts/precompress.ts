// After `vite build`: a .gz beside every JS, CSS, HTML and SVG file of web/dist, so the API server can
// send the compressed bytes without compressing on each request (the first load shrinks about 4×).
import fs from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { gzipSync, constants } from "node:zlib";

const dist = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..", "dist");
const COMPRESSIBLE = /\.(js|css|html|svg|json)$/;
let files = 0;
let before = 0;
let after = 0;
for (const entry of fs.readdirSync(dist, { recursive: true, withFileTypes: true })) {
  if (!entry.isFile() || !COMPRESSIBLE.test(entry.name)) continue;
  const file = path.join(entry.parentPath, entry.name);
  const raw = fs.readFileSync(file);
  const gz = gzipSync(raw, { level: constants.Z_BEST_COMPRESSION });
  fs.writeFileSync(`${file}.gz`, gz);
  files++;
  before += raw.length;
  after += gz.length;
}
console.log(`precompressed ${files} files: ${Math.round(before / 1024)} KiB → ${Math.round(after / 1024)} KiB gzip`);
