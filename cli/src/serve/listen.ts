// Binding a service's HTTP server to its port and closing it gracefully: shared by the all-in-one
// process and the single-role services.
import type http from "node:http";
import type { AddressInfo } from "node:net";
import { answerClientErrors } from "@promptmetrics/analytics-api";

const SHUTDOWN_GRACE_MS = 10_000;

export class ListenError extends Error {
  constructor(variable: string, address: string, cause: NodeJS.ErrnoException) {
    const reason = cause.code === "EADDRINUSE" ? "the port is already in use" : cause.message;
    super(`Cannot listen on ${address}: ${reason}. Choose another port with ${variable}.`, { cause });
    this.name = "ListenError";
  }
}

/**
 * Listens and resolves with the server's URL (the real port when 0 was asked for). Every server bound here
 * answers what Node's parser refuses (headers over 16 KiB, a malformed request line) with a JSON error.
 */
export function listen(server: http.Server, port: number, host: string, variable: string): Promise<string> {
  answerClientErrors(server);
  return new Promise((resolve, reject) => {
    const onError = (error: NodeJS.ErrnoException) => reject(new ListenError(variable, `${host}:${port}`, error));
    server.once("error", onError);
    server.listen(port, host, () => {
      server.off("error", onError);
      const address = server.address() as AddressInfo;
      const shownHost = address.family === "IPv6" ? `[${address.address}]` : address.address;
      resolve(`http://${shownHost}:${address.port}`);
    });
  });
}

/** Stops accepting connections, lets requests in flight finish, and cuts what is left after a grace period. */
export function closeGracefully(server: http.Server): Promise<void> {
  if (!server.listening) return Promise.resolve();
  return new Promise((resolve) => {
    const timer = setTimeout(() => server.closeAllConnections(), SHUTDOWN_GRACE_MS);
    server.close(() => {
      clearTimeout(timer);
      resolve();
    });
    server.closeIdleConnections();
  });
}
