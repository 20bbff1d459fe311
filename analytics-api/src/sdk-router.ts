// GET /sdk/promptmetrics-instrumentation.tgz: the instrumentation package this server was built with
// (the `npm pack` tarball of instrumentation/, written by its build), so that `npm install
// <this server>/sdk/promptmetrics-instrumentation.tgz` instruments an app before the package is on the
// registry. Public, like the package's source: a developer needs it before having an account.
import fs from "node:fs";
import { Router } from "express";
import { NotFoundError } from "./http/errors.ts";

export const SDK_TARBALL_PATH = "/sdk/promptmetrics-instrumentation.tgz";

/** `tarball`: the file to serve; none, or a path with no file yet, answers 404 saying how to build it. */
export function createSdkRouter(tarball: string | undefined): Router {
  const router = Router();
  router.get(SDK_TARBALL_PATH, async (_req, res) => {
    const stat = tarball === undefined ? undefined : await fs.promises.stat(tarball).catch(() => undefined);
    if (tarball === undefined || stat === undefined || !stat.isFile()) {
      throw new NotFoundError(
        "This server has no instrumentation package to hand out: build it with `npm run build` (npm install does it), then restart.",
      );
    }
    res.attachment("promptmetrics-instrumentation.tgz");
    res.type("application/gzip");
    // The URL names no version: caches ask again every time (a 304 while unchanged), so the package of
    // an upgraded server is what the next install gets.
    res.setHeader("Cache-Control", "no-cache");
    res.sendFile(tarball, { cacheControl: false });
  });
  return router;
}
