// The contract between the export route (export-router.ts, which owns GET /api/analytics/export and
// `what=runs`) and the exports that plug into it (analytics/exporters.ts). Its own module, so neither
// side imports the other.
import type { Request } from "express";
import type { ApiRouterDeps } from "../router-deps.ts";
import type { EXPORT_FORMATS } from "./params.ts";

export type ExportFormat = (typeof EXPORT_FORMATS)[number];

/**
 * Writes one kind of export. It gets the raw query string (with `what` and `format` in it, so a
 * strict schema can include them) and must check access itself before writing anything. Write rows
 * through `download`, which sets the headers on first use, respects back-pressure and stops when the
 * client goes away; give `signal` to every store read, so that a read under way stops then too.
 */
export type Exporter = (ctx: {
  req: Request;
  deps: ApiRouterDeps;
  format: ExportFormat;
  download: Download;
  signal: AbortSignal;
}) => Promise<void>;

export interface Download {
  /** Sets the status, type and `attachment; filename=…` headers; call once, before the first write. */
  start(filename: string): void;
  /** Resolves when the chunk is handed on; false when the client has gone and the export should stop. */
  write(chunk: string): Promise<boolean>;
  end(): void;
}
