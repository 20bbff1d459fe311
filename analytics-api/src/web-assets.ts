// Serves the built dashboard (web/dist) from the API's own origin: hashed assets cached for a year,
// every other non-API GET answered with index.html so the client-side routes work on reload.
import fs from "node:fs";
import path from "node:path";
import express, { type Express } from "express";

export function serveWebAssets(app: Express, webDir: string): void {
  const indexFile = path.join(webDir, "index.html");
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
