// Reads the price list `prices sync` maps: from an http(s) URL, or from a file (a path or a file: URL) for
// installs without internet access. Returns the parsed JSON; the mapping is pricing's job.
import fs from "node:fs/promises";
import { fileURLToPath } from "node:url";

/** The list could not be read or is not JSON; the message says which and where. */
export class PriceListError extends Error {
  constructor(message: string, options?: ErrorOptions) {
    super(message, options);
    this.name = "PriceListError";
  }
}

export interface ReadPriceListOptions {
  /** @default 60 s */
  timeoutMs?: number;
  /** LiteLLM's list is about 1.6 MB; anything this large is not a price list. @default 64 MiB */
  maxBytes?: number;
  fetch?: typeof fetch;
}

export async function readPriceList(source: string, options: ReadPriceListOptions = {}): Promise<unknown> {
  const maxBytes = options.maxBytes ?? 64 * 1024 * 1024;
  const text = /^https?:\/\//i.test(source) ? await download(source, maxBytes, options) : await readFile(source, maxBytes);
  try {
    return JSON.parse(text) as unknown;
  } catch (error) {
    throw new PriceListError(`${source} is not JSON: ${(error as Error).message}`, { cause: error });
  }
}

async function download(url: string, maxBytes: number, options: ReadPriceListOptions): Promise<string> {
  let response: Response;
  try {
    response = await (options.fetch ?? fetch)(url, {
      signal: AbortSignal.timeout(options.timeoutMs ?? 60_000),
      headers: { accept: "application/json" },
    });
  } catch (error) {
    throw new PriceListError(`could not read ${url}: ${(error as Error).message}`, { cause: error });
  }
  if (!response.ok) throw new PriceListError(`${url} answered ${response.status} ${response.statusText}`.trim());
  const declared = Number(response.headers.get("content-length") ?? "0");
  if (declared > maxBytes) throw new PriceListError(`${url} is ${declared} bytes, more than a price list (${maxBytes})`);
  const text = await response.text();
  if (Buffer.byteLength(text) > maxBytes) throw new PriceListError(`${url} is more than ${maxBytes} bytes, more than a price list`);
  return text;
}

async function readFile(source: string, maxBytes: number): Promise<string> {
  const file = /^file:\/\//i.test(source) ? fileURLToPath(source) : source;
  try {
    const stat = await fs.stat(file);
    if (stat.size > maxBytes) throw new PriceListError(`${file} is ${stat.size} bytes, more than a price list (${maxBytes})`);
    return await fs.readFile(file, "utf8");
  } catch (error) {
    if (error instanceof PriceListError) throw error;
    throw new PriceListError(`could not read ${file}: ${(error as Error).message}`, { cause: error });
  }
}
