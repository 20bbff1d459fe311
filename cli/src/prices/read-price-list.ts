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

/**
 * The source as it may be shown and stored: a URL without its user, password and query (where a token
 * would travel), a path as it is.
 */
export function displaySource(source: string): string {
  if (!/^https?:\/\//i.test(source)) return source;
  try {
    const url = new URL(source);
    url.username = "";
    url.password = "";
    const hidden = url.search !== "" || url.hash !== "";
    url.search = "";
    url.hash = "";
    return `${url.toString()}${hidden ? "?…" : ""}`;
  } catch {
    return "(an unreadable URL)";
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
    throw new PriceListError(`${displaySource(source)} is not JSON: ${(error as Error).message}`, { cause: error });
  }
}

async function download(url: string, maxBytes: number, options: ReadPriceListOptions): Promise<string> {
  // fetch refuses a URL with credentials: they travel as Basic authentication instead.
  const target = new URL(url);
  const headers: Record<string, string> = { accept: "application/json" };
  if (target.username !== "" || target.password !== "") {
    const user = decodeURIComponent(target.username);
    const password = decodeURIComponent(target.password);
    headers["authorization"] = `Basic ${Buffer.from(`${user}:${password}`).toString("base64")}`;
    target.username = "";
    target.password = "";
  }
  let response: Response;
  try {
    response = await (options.fetch ?? fetch)(target, { signal: AbortSignal.timeout(options.timeoutMs ?? 60_000), headers });
  } catch (error) {
    // The runtime's message may quote the URL, query and all.
    const message = (error as Error).message.split(url).join(displaySource(url)).split(target.toString()).join(displaySource(url));
    throw new PriceListError(`could not read ${displaySource(url)}: ${message}`, { cause: error });
  }
  const shown = displaySource(url);
  if (!response.ok) throw new PriceListError(`${shown} answered ${response.status} ${response.statusText}`.trim());
  const declared = Number(response.headers.get("content-length") ?? "0");
  if (declared > maxBytes) throw new PriceListError(`${shown} is ${declared} bytes, more than a price list (${maxBytes})`);
  const text = await response.text();
  if (Buffer.byteLength(text) > maxBytes) throw new PriceListError(`${shown} is more than ${maxBytes} bytes, more than a price list`);
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
