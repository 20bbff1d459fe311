// How `promptmetrics backup` reaches the running server, which holds the embedded data dir (one process
// per directory): a Unix socket in a directory of the data dir only the server's user may enter
// (<dataDir>/promptmetrics-admin/backup.sock, 0700). Local by construction, and whoever may connect may
// read the data dir anyway. The server takes the backup on its own store, so it is consistent while
// ingest and the API keep running; one at a time.
import fs from "node:fs";
import http from "node:http";
import path from "node:path";
import { BackupError, type BackupManifest, type Store } from "@promptmetrics/clickhouse";
import { backupThroughStaging } from "./embedded-backups.ts";

export const ADMIN_DIR = "promptmetrics-admin";
const SOCKET_FILE = "backup.sock";
/** Unix socket paths are limited to 108 bytes on Linux (104 on macOS). */
const MAX_SOCKET_PATH = 100;
const MAX_BODY_BYTES = 16 * 1024;

export function backupSocketPath(dataDir: string): string {
  return path.join(path.resolve(dataDir), ADMIN_DIR, SOCKET_FILE);
}

export interface BackupSocket {
  close(): Promise<void>;
}

/** Listens for backup requests; resolves with a no-op when the data dir's path is too long for a socket. */
export async function startBackupSocket(store: Store, dataDir: string, log: (line: string) => void): Promise<BackupSocket> {
  const socket = backupSocketPath(dataDir);
  if (Buffer.byteLength(socket) > MAX_SOCKET_PATH) {
    log(`[backup] online backups are off: the data dir's path is too long for a Unix socket (${socket}); stop the server to back up`);
    return { close: async () => {} };
  }
  fs.mkdirSync(path.dirname(socket), { recursive: true, mode: 0o700 });
  fs.chmodSync(path.dirname(socket), 0o700);
  // A socket left by a server that was killed: this process holds the data dir now, so it is stale.
  fs.rmSync(socket, { force: true });
  let busy = false;
  const server = http.createServer((req, res) => {
    const reply = (status: number, body: unknown) => {
      res.writeHead(status, { "Content-Type": "application/json" });
      res.end(JSON.stringify(body));
    };
    if (req.method !== "POST" || req.url !== "/backup") return reply(404, { error: { code: "not_found", message: "POST /backup only" } });
    readBody(req)
      .then(async (text) => {
        const target = (JSON.parse(text) as { dir?: unknown } | null)?.dir;
        if (typeof target !== "string" || !path.isAbsolute(target)) {
          return reply(400, { error: { code: "BACKUP_FAILED", message: "dir must be an absolute path" } });
        }
        if (busy)
          return reply(409, {
            error: { code: "BACKUP_BUSY", message: "A backup is already running on this server; try again when it ends." },
          });
        busy = true;
        const startedAt = performance.now();
        try {
          const manifest = await backupThroughStaging(store, { dataDir, target, mode: "online" });
          log(`[backup] backed up to ${target} in ${Math.round(performance.now() - startedAt)} ms`);
          reply(200, { manifest, pid: process.pid });
        } finally {
          busy = false;
        }
      })
      .catch((error: unknown) => {
        const code = error instanceof BackupError ? error.code : "BACKUP_FAILED";
        const message = error instanceof Error ? error.message : String(error);
        log(`[backup] failed: ${message}`);
        if (!res.headersSent) reply(error instanceof BackupError ? 409 : 500, { error: { code, message } });
      });
  });
  await new Promise<void>((resolve, reject) => {
    server.once("error", reject);
    server.listen(socket, () => resolve());
  });
  fs.chmodSync(socket, 0o600);
  return {
    close: () =>
      new Promise<void>((resolve) => {
        server.close(() => resolve());
        fs.rmSync(socket, { force: true });
      }),
  };
}

function readBody(req: http.IncomingMessage): Promise<string> {
  return new Promise((resolve, reject) => {
    let size = 0;
    const chunks: Buffer[] = [];
    req.on("data", (chunk: Buffer) => {
      size += chunk.length;
      if (size > MAX_BODY_BYTES) {
        reject(new BackupError("request too large", "BACKUP_FAILED"));
        req.destroy();
      } else chunks.push(chunk);
    });
    req.on("end", () => resolve(Buffer.concat(chunks).toString("utf8")));
    req.on("error", reject);
  });
}

/**
 * Asks the server holding `dataDir` for a backup to `target`. Resolves undefined when no server
 * listens there (none runs, or one without the socket): the caller opens the store itself.
 */
export function requestOnlineBackup(dataDir: string, target: string): Promise<{ manifest: BackupManifest; pid: number } | undefined> {
  const socketPath = backupSocketPath(dataDir);
  if (!fs.existsSync(socketPath)) return Promise.resolve(undefined);
  return new Promise((resolve, reject) => {
    const req = http.request({ socketPath, method: "POST", path: "/backup", headers: { "Content-Type": "application/json" } }, (res) => {
      const chunks: Buffer[] = [];
      res.on("data", (chunk: Buffer) => chunks.push(chunk));
      res.on("end", () => {
        try {
          const body = JSON.parse(Buffer.concat(chunks).toString("utf8")) as {
            manifest?: BackupManifest;
            pid?: number;
            error?: { code?: string; message?: string };
          };
          if (res.statusCode === 200 && body.manifest) return resolve({ manifest: body.manifest, pid: body.pid ?? 0 });
          reject(
            new BackupError(
              `The running server could not back up: ${body.error?.message ?? `status ${res.statusCode}`}`,
              (body.error?.code as BackupError["code"] | undefined) ?? "BACKUP_FAILED",
            ),
          );
        } catch (error) {
          reject(error as Error);
        }
      });
    });
    req.on("error", (error: NodeJS.ErrnoException) => {
      // A socket file with nobody behind it: left by a server that was killed.
      if (error.code === "ECONNREFUSED" || error.code === "ENOENT") resolve(undefined);
      else reject(error);
    });
    req.end(JSON.stringify({ dir: target }));
  });
}
