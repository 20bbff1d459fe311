// Serves the built dashboard (web/dist) from the API's own origin: hashed assets cached for a year,
// every other non-API GET answered with index.html so the client-side routes work on reload.
import fs from "node:fs";
import path from "node:path";
import express, { type Express } from "express";

export function serveWebAssets(app: Express, dir: string): void {
  const webDir = path.resolve(dir);
  const indexFile = path.join(webDir, "index.html");
  // The build writes a .gz beside each text asset (web/scripts/precompress.ts): send it to clients
  // that accept gzip, with the original's type.
  app.use((req, res, next) => {
    if ((req.method !== "GET" && req.method !== "HEAD") || !req.path.startsWith("/assets/") || !/\bgzip\b/.test(req.get("accept-encoding") ?? "")) return next();
    const file = path.join(webDir, path.normalize(req.path).replace(/^([/\\])+/, ""));
    if (!file.startsWith(webDir + path.sep) || !fs.existsSync(`${file}.gz`)) return next();
    res.setHeader("Content-Encoding", "gzip");
    res.setHeader("Vary", "Accept-Encoding");
    res.setHeader("Cache-Control", "public, max-age=31536000, immutable");
    res.type(path.extname(file));
    res.sendFile(`${file}.gz`);
  });
  app.use(
    express.static(webDir, {
      index: false,
      setHeaders(res, file) {
        // Vite names assets after their content hash, so a changed file is a new URL.
        if (file.includes(`${path.sep}assets${path.sep}`)) res.setHeader("Cache-Control", "public, max-age=31536000, immutable");
      },
    }),
  );
  app.use((req, res, next) => {
    if ((req.method !== "GET" && req.method !== "HEAD") || req.path.startsWith("/api/") || req.path === "/api" || req.path === "/healthz") return next();
    if (!fs.existsSync(indexFile)) {
      res.status(503).type("text/plain").send("The dashboard is not built. Run `npm run build` (npm install does it) and restart.\n");
      return;
    }
    res.setHeader("Cache-Control", "no-cache");
    res.sendFile(indexFile);
  });
}
