// An end user's data rights in a project (owners and admins): GET /api/projects/:projectId/end-users/
// :endUserId/export streams everything stored of them as JSON, DELETE .../end-users/:endUserId deletes it
// (runs with their content, the other spans of their traces, feedback) and recomputes the rollup hours it
// touched, answering what went. The id is the end user's `user_id` exactly as their runs carry it.
import { Router, type Request } from "express";
import { deleteEndUserData, fromDbTime } from "@promptmetrics/clickhouse";
import { requireRole } from "../access/roles.ts";
import { AppError, ValidationError } from "../http/errors.ts";
import { requestSignal } from "../http/request-signal.ts";
import { NoQuery, parseQuery } from "../http/validate.ts";
import type { ApiRouterDeps } from "../router-deps.ts";
import { endUserExportChunks } from "./end-user-export.ts";
import type { EndUserDeletionView } from "./data-rights-views.ts";
import { writeChunk } from "../http/write-chunk.ts";

export interface EndUserRouterOptions {
  /** The store is a cluster: deletion (which rebuilds rollup partitions) is refused there, as re-pricing is. */
  onCluster?: boolean | undefined;
  /** Spans read per round trip of an export. */
  pageSize?: number | undefined;
}

const ROLE_MESSAGE = "An end user's data is exported and deleted by the org's owners and admins";

export function createEndUserRouter(deps: ApiRouterDeps, options: EndUserRouterOptions = {}): Router {
  const router = Router();

  router.get("/api/projects/:projectId/end-users/:endUserId/export", async (req, res) => {
    const access = await deps.authorizeProject(req, req.params.projectId);
    requireRole(access, "admin", ROLE_MESSAGE);
    parseQuery(NoQuery, req.query);
    const endUserId = endUserIdOf(req);
    const signal = requestSignal(res);
    const chunks = endUserExportChunks(
      deps.store,
      { projectId: access.projectId, endUserId },
      { now: deps.now(), pageSize: options.pageSize, signal },
    );
    try {
      let started = false;
      for await (const chunk of chunks) {
        if (!started) {
          res.status(200);
          res.setHeader("Content-Type", "application/json; charset=utf-8");
          res.setHeader("Content-Disposition", 'attachment; filename="end-user-export.json"');
          res.setHeader("Cache-Control", "no-store");
          started = true;
        }
        if (!(await writeChunk(res, chunk))) return;
      }
      res.end();
    } catch (error) {
      // Before the first byte the error handler answers; after it the download can only be cut short.
      if (!res.headersSent) throw error;
      res.destroy(error instanceof Error ? error : new Error(String(error)));
    }
  });

  router.delete("/api/projects/:projectId/end-users/:endUserId", async (req, res) => {
    const access = await deps.authorizeProject(req, req.params.projectId);
    requireRole(access, "admin", ROLE_MESSAGE);
    parseQuery(NoQuery, req.query);
    const endUserId = endUserIdOf(req);
    if (options.onCluster) {
      throw new AppError(
        501,
        "not_on_cluster",
        "Deleting an end user does not run on a cluster yet: it recomputes rollup partitions, which needs each shard's *_local tables.",
      );
    }
    const deleted = await deleteEndUserData(deps.store, { projectId: access.projectId, endUserId });
    const answer: EndUserDeletionView = {
      projectId: access.projectId,
      endUserId,
      runs: deleted.runs,
      spans: deleted.spans,
      feedback: deleted.feedback,
      hoursRebuilt: deleted.hours.length,
      hours: deleted.hours.map((hour) => fromDbTime(hour).toISOString()),
    };
    res.json(answer);
  });

  return router;
}

function endUserIdOf(req: Request): string {
  const id = req.params.endUserId;
  if (typeof id !== "string" || id === "") throw new ValidationError("endUserId: must not be empty", "endUserId");
  return id;
}
