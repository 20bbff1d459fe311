// Serves the built dashboard (web/dist) from the API's own origin: hashed assets cached for a year,
// every other non-API GET answered with index.html so the client-side routes work on reload, under a
// Content-Security-Policy made from the file as served (its inline theme script allowed by hash).
import fs from "node:fs";
import path from "node:path";
import express, { type Express, type RequestHandler } from "express";
import { pageContentSecurityPolicy } from "./http/security-headers.ts";

/**
 * Styles need no 'unsafe-inline': the built CSS is a file, and React and Recharts set inline styles
 * through element.style, which a CSP does not govern. (Tremor's donut chart calls
 * setAttribute("style", "outline: none") on its slices in an effect that, as the dashboard uses it, runs
 * before they are drawn: no violation shows in the browser; blocked, it would only leave the focus outline on.)
 */
export function dashboardContentSecurityPolicy(html: string): string {
  return pageContentSecurityPolicy(html, { load: "self" });
}

export function serveWebAssets(app: Express, dir: string): void {
  const webDir = path.resolve(dir);
  const indexFile = path.join(webDir, "index.html");
  // The build writes a .gz beside each text asset (web/scripts/precompress.ts): send it to clients
  // that accept gzip, with the original's type.
  app.use((req, res, next) => {
    if (
      (req.method !== "GET" && req.method !== "HEAD") ||
      !req.path.startsWith("/assets/") ||
      !/\bgzip\b/.test(req.get("accept-encoding") ?? "")
    )
      return next();
    const file = path.join(webDir, path.normalize(req.path).replace(/^([/\\])+/, ""));
    if (!file.startsWith(webDir + path.sep) || !fs.existsSync(`${file}.gz`)) return next();
    res.setHeader("Content-Encoding", "gzip");
    res.setHeader("Vary", "Accept-Encoding");
    res.setHeader("Cache-Control", "public, max-age=31536000, immutable");
    res.type(path.extname(file));
    res.sendFile(`${file}.gz`);
  });
  // Read on every request (it is small and never cached), so the policy always matches the file sent,
  // even after a rebuild while the server runs.
  const sendIndex: RequestHandler = async (_req, res) => {
    const html = await fs.promises.readFile(indexFile, "utf8").catch((error: NodeJS.ErrnoException) => {
      if (error.code === "ENOENT") return undefined;
      throw error;
    });
    if (html === undefined) {
      res.status(503).type("text/plain").send("The dashboard is not built. Run `npm run build` (npm install does it) and restart.\n");
      return;
    }
    res.setHeader("Content-Security-Policy", dashboardContentSecurityPolicy(html));
    res.setHeader("Cache-Control", "no-cache");
    res.type("html").send(html);
  };
  // Before the static files, which would send it without its policy.
  app.get("/index.html", sendIndex);
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
    if ((req.method !== "GET" && req.method !== "HEAD") || req.path.startsWith("/api/") || req.path === "/api" || req.path === "/healthz")
      return next();
    return sendIndex(req, res, next);
  });
}
