// Reads a request body with a size limit, before and after decompression (gzip or deflate), so that
// neither a large upload nor a small "zip bomb" can exhaust memory.
import type http from "node:http";
import zlib from "node:zlib";

export class BodyError extends Error {
  readonly status: 400 | 413 | 415;
  constructor(status: 400 | 413 | 415, message: string) {
    super(message);
    this.name = "BodyError";
    this.status = status;
  }
}

export async function readBody(req: http.IncomingMessage, maxBytes: number): Promise<Buffer> {
  const declared = Number(req.headers["content-length"]);
  if (Number.isFinite(declared) && declared > maxBytes) {
    req.resume();
    throw new BodyError(413, `Request body of ${declared} bytes is over the limit of ${maxBytes} bytes`);
  }
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of req as AsyncIterable<Buffer>) {
    size += chunk.length;
    if (size > maxBytes) {
      req.resume();
      throw new BodyError(413, `Request body is over the limit of ${maxBytes} bytes`);
    }
    chunks.push(chunk);
  }
  const raw = chunks.length === 1 ? chunks[0]! : Buffer.concat(chunks, size);
  return decompress(raw, String(req.headers["content-encoding"] ?? "identity").toLowerCase(), maxBytes);
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
