// A local HTTP endpoint that fails the way a ClickHouse server's HTTP interface fails, at the wire
// level, switchable at runtime: the port closed (connection refused), a connection reset part-way
// through the request body, no answer at all (past the client's timeout), or an HTTP error whose
// body and X-ClickHouse-Exception-Code header are ClickHouse's own. It injects faults; it is not a
// database: it stores nothing and answers no query. Given an `upstream` (a real server, from
// CLICKHOUSE_URL) it forwards every request it does not fail, so a fault can be cleared and the
// same client recovers against real storage.
import http from "node:http";
import type { AddressInfo, Socket } from "node:net";

/** A ClickHouse exception as the server sends it: status, code, name and message. */
export interface ClickHouseException {
  status: number;
  code: number;
  name: string;
  message: string;
}

/** Exceptions a loaded or failing server answers with (message texts as ClickHouse words them). */
export const CLICKHOUSE_EXCEPTIONS = {
  memoryLimit: {
    status: 500,
    code: 241,
    name: "MEMORY_LIMIT_EXCEEDED",
    message:
      "Memory limit (total) exceeded: would use 3.73 GiB (attempt to allocate chunk of 4194304 bytes), maximum: 3.60 GiB. " +
      "OvercommitTracker decision: Query was selected to stop by OvercommitTracker.",
  },
  tooManyParts: {
    status: 500,
    code: 252,
    name: "TOO_MANY_PARTS",
    message:
      "Too many parts (3001 with average size of 12.31 KiB) in table 'default.spans (a1b2c3d4)'. Merges are processing significantly slower than inserts.",
  },
  tooManySimultaneousQueries: {
    status: 503,
    code: 202,
    name: "TOO_MANY_SIMULTANEOUS_QUERIES",
    message: "Too many simultaneous queries. Maximum: 100.",
  },
  notEnoughSpace: {
    status: 500,
    code: 243,
    name: "NOT_ENOUGH_SPACE",
    message: "Cannot reserve 1.00 MiB, not enough space.",
  },
} as const satisfies Record<string, ClickHouseException>;

export type ClickHouseFault =
  /** No fault: forward to the upstream server (only with one; this endpoint answers nothing itself). */
  | { kind: "none" }
  /** The port is closed and every open connection dropped, as when the server process has gone. */
  | { kind: "refuse" }
  /** The connection is reset once part of the request body has arrived. */
  | { kind: "reset" }
  /** The request is read and never answered. */
  | { kind: "hang" }
  /** The server answers with this exception. */
  | { kind: "exception"; exception: ClickHouseException };

export interface FaultOptions {
  /** Fail only INSERT statements and forward the rest (needs an upstream). @default "all" */
  only?: "all" | "inserts";
}

export interface FaultyClickHouse {
  /** The endpoint's URL, for the server store's `url`. */
  readonly url: string;
  /** Requests that reached the endpoint and were failed, by statement kind. */
  readonly failed: { inserts: number; other: number };
  setFault(fault: ClickHouseFault, opts?: FaultOptions): Promise<void>;
  close(): Promise<void>;
}

export async function startFaultyClickHouse(opts: { upstream?: string } = {}): Promise<FaultyClickHouse> {
  const upstream = opts.upstream === undefined ? undefined : new URL(opts.upstream);
  let fault: ClickHouseFault = { kind: "refuse" };
  let only: "all" | "inserts" = "all";
  const failed = { inserts: 0, other: 0 };
  const sockets = new Set<Socket>();
  const hung = new Set<Socket>();
  const server = http.createServer((req, res) => {
    const insert = isInsert(req.url);
    if (fault.kind === "none" || (only === "inserts" && !insert)) return forward(req, res);
    // A request already under way when the port closed: the server is gone for it too.
    if (fault.kind === "refuse") return req.socket.destroy();
    if (insert) failed.inserts++;
    else failed.other++;
    if (fault.kind === "hang") hung.add(req.socket);
    inject(fault, req, res);
  });
  server.on("connection", (socket) => {
    sockets.add(socket);
    socket.on("close", () => sockets.delete(socket));
  });
  // Bind once to learn a free port, then close it: the endpoint starts out refusing.
  await listen(0);
  const { port } = server.address() as AddressInfo;
  await stopListening();

  return {
    url: `http://127.0.0.1:${port}`,
    failed,
    async setFault(next, faultOpts = {}) {
      const nextOnly = faultOpts.only ?? "all";
      if (!upstream && (next.kind === "none" || nextOnly === "inserts")) {
        throw new Error("faulty-clickhouse: without an upstream server there is nothing to forward to; it stores nothing itself");
      }
      // Hung requests end with the fault; other open connections stay, as on a live server.
      for (const socket of hung) socket.destroy();
      hung.clear();
      fault = next;
      only = nextOnly;
      if (next.kind === "refuse") {
        dropConnections();
        await stopListening();
      } else if (!server.listening) await listen(port);
    },
    async close() {
      dropConnections();
      await stopListening();
    },
  };

  function listen(onPort: number): Promise<void> {
    return new Promise((resolve, reject) => {
      server.once("error", reject);
      server.listen(onPort, "127.0.0.1", () => {
        server.off("error", reject);
        resolve();
      });
    });
  }

  function stopListening(): Promise<void> {
    if (!server.listening) return Promise.resolve();
    return new Promise((resolve) => server.close(() => resolve()));
  }

  /** A server that has gone or changed state does not keep the client's pooled keep-alive sockets. */
  function dropConnections() {
    for (const socket of sockets) socket.destroy();
    sockets.clear();
    hung.clear();
  }

  function forward(req: http.IncomingMessage, res: http.ServerResponse) {
    const target = upstream!;
    const proxied = http.request(
      { host: target.hostname, port: target.port || 80, method: req.method, path: req.url, headers: { ...req.headers, host: target.host } },
      (answer) => {
        res.writeHead(answer.statusCode ?? 502, answer.headers);
        answer.pipe(res);
      },
    );
    proxied.on("error", () => res.destroy());
    req.pipe(proxied);
  }
}

function inject(fault: Exclude<ClickHouseFault, { kind: "none" | "refuse" }>, req: http.IncomingMessage, res: http.ServerResponse) {
  switch (fault.kind) {
    case "reset": {
      // After the first chunk of the body (or at once when there is none): the client is mid-request.
      const reset = () => req.socket.resetAndDestroy();
      req.once("data", reset);
      req.once("end", reset);
      return;
    }
    case "hang":
      req.resume();
      return;
    case "exception": {
      const { status, code, name, message } = fault.exception;
      const body = `Code: ${code}. DB::Exception: ${message} (${name}) (version 24.8.4.13 (official build))\n`;
      req.resume();
      req.once("end", () => {
        res.writeHead(status, {
          "Content-Type": "text/plain; charset=UTF-8",
          "X-ClickHouse-Exception-Code": String(code),
          "X-ClickHouse-Server-Display-Name": "faulty-clickhouse",
          "Content-Length": Buffer.byteLength(body),
        });
        res.end(body);
      });
      return;
    }
  }
}

/** The client sends an insert's statement in the URL (`?query=INSERT INTO ...`) and its rows as the body. */
function isInsert(url: string | undefined): boolean {
  const query = new URL(url ?? "/", "http://localhost").searchParams.get("query") ?? "";
  return /^\s*INSERT\b/i.test(query);
}
