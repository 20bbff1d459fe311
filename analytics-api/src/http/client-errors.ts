// Requests Node's HTTP parser refuses before any handler runs (headers past its size limit, a malformed
// request line, a request that took too long to arrive) answered as every other error of ours: a JSON
// { error: { code, message } } body, not Node's bare status line. One helper for every server we bind,
// the API's and the OTLP receiver's alike.
import http from "node:http";
import type { Duplex } from "node:stream";
import { AppError, toErrorBody } from "./errors.ts";

const answering = new WeakSet<http.Server>();

/** Installs the `clientError` handler on `server` (in place of Node's default answer); once per server. */
export function answerClientErrors(server: http.Server): http.Server {
  if (answering.has(server)) return server;
  answering.add(server);
  server.on("clientError", (error: NodeJS.ErrnoException, socket: Duplex) => {
    // A reset or half-gone peer cannot read an answer; and raw bytes written into a response already
    // under way (a pipelined request after it) would corrupt it. Node's own handler checks the same.
    const inFlight = (socket as Duplex & { _httpMessage?: { headersSent?: boolean } })._httpMessage;
    if (error.code === "ECONNRESET" || !socket.writable || inFlight?.headersSent) {
      socket.destroy();
      return;
    }
    socket.end(clientErrorResponse(error.code), () => socket.destroy());
  });
  return server;
}

/** The whole raw HTTP/1.1 response for a parser error code. */
export function clientErrorResponse(code: string | undefined): string {
  const error = clientErrorFor(code);
  const payload = JSON.stringify(toErrorBody(error));
  return [
    `HTTP/1.1 ${error.status} ${http.STATUS_CODES[error.status]}`,
    "Content-Type: application/json",
    `Content-Length: ${Buffer.byteLength(payload)}`,
    "Connection: close",
    "X-Content-Type-Options: nosniff",
    "",
    payload,
  ].join("\r\n");
}

function clientErrorFor(code: string | undefined): AppError {
  switch (code) {
    case "HPE_HEADER_OVERFLOW":
      return new AppError(
        431,
        "headers_too_large",
        `The request line and headers exceed ${kib(http.maxHeaderSize)}; send long values in a request body instead`,
      );
    case "HPE_CHUNK_EXTENSIONS_OVERFLOW":
      return new AppError(413, "payload_too_large", "The request's chunk extensions are too large");
    case "ERR_HTTP_REQUEST_TIMEOUT":
      return new AppError(408, "request_timeout", "The request did not arrive in time");
    default:
      return new AppError(400, "bad_request", `Malformed HTTP request${code ? ` (${code})` : ""}`);
  }
}

function kib(bytes: number): string {
  return bytes % 1024 === 0 ? `${bytes / 1024} KiB` : `${bytes} bytes`;
}
