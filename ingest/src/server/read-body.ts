// Reads a request body with a size limit, before and after decompression (gzip or deflate), so that
// neither a large upload nor a small "zip bomb" can exhaust memory.
import type http from "node:http";
import zlib from "node:zlib";
import { AdmissionRefusedError, type AdmissionTicket } from "./admission.ts";

export class BodyError extends Error {
  readonly status: 400 | 413 | 415;
  constructor(status: 400 | 413 | 415, message: string) {
    super(message);
    this.name = "BodyError";
    this.status = status;
  }
}

/**
 * `ticket`: the request's share of the admission budget; it holds the declared length before a byte is
 * read, then whatever more arrives or decompression makes. A spent budget throws AdmissionRefusedError
 * and the rest of the body is discarded unread into memory.
 */
export async function readBody(req: http.IncomingMessage, maxBytes: number, ticket?: AdmissionTicket): Promise<Buffer> {
  const declared = Number(req.headers["content-length"]);
  if (Number.isFinite(declared) && declared > maxBytes) {
    req.resume();
    throw new BodyError(413, `Request body of ${declared} bytes is over the limit of ${maxBytes} bytes`);
  }
  const hold = (bytes: number) => {
    if (ticket && !ticket.holdAtLeast(bytes)) {
      req.resume();
      throw new AdmissionRefusedError();
    }
  };
  if (Number.isFinite(declared)) hold(declared);
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of req as AsyncIterable<Buffer>) {
    size += chunk.length;
    if (size > maxBytes) {
      req.resume();
      throw new BodyError(413, `Request body is over the limit of ${maxBytes} bytes`);
    }
    hold(size);
    chunks.push(chunk);
  }
  const raw = chunks.length === 1 ? chunks[0]! : Buffer.concat(chunks, size);
  const body = decompress(raw, String(req.headers["content-encoding"] ?? "identity").toLowerCase(), maxBytes);
  // Both buffers live until the request is decoded: hold their sum.
  if (body !== raw) hold(raw.length + body.length);
  return body;
}

function decompress(body: Buffer, encoding: string, maxBytes: number): Buffer {
  if (encoding === "identity" || encoding === "") return body;
  const options = { maxOutputLength: maxBytes };
  try {
    if (encoding === "gzip" || encoding === "x-gzip") return zlib.gunzipSync(body, options);
    if (encoding === "deflate") return zlib.inflateSync(body, options);
  } catch (error) {
    const code = (error as { code?: string }).code;
    if (code === "ERR_BUFFER_TOO_LARGE") throw new BodyError(413, `Decompressed body is over the limit of ${maxBytes} bytes`);
    throw new BodyError(400, `Body is not valid ${encoding}: ${(error as Error).message}`);
  }
  throw new BodyError(415, `Content-Encoding ${encoding} is not supported (use gzip, deflate or none)`);
}
