// What Node's HTTP parser refuses before our handlers run, on both ports of `promptmetrics start`: a
// request line over the 16 KiB header limit is a JSON 431 and a malformed request line a JSON 400, in
// the API's error shape, as every other error (found by `npm run fuzz`, target api-requests: Node's
// bare 431 had no body).
import assert from "node:assert/strict";
import fs from "node:fs";
import net from "node:net";
import os from "node:os";
import path from "node:path";
import { after, before, test } from "node:test";
import { killQuietly, startCli, type RunningCli } from "../cli-process.ts";

const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), "pm-client-errors-"));
let running: RunningCli | undefined;
const urls = { api: "", otlp: "" };

before(async () => {
  running = startCli(["start"], { PROMPTMETRICS_DATA_DIR: dataDir });
  urls.api = (await running.waitFor(/API and dashboard\s+(http:\/\/\S+)/))[1]!;
  urls.otlp = (await running.waitFor(/OTLP\/HTTP ingest\s+(http:\/\/\S+)/))[1]!;
});
after(() => {
  killQuietly(running);
  fs.rmSync(dataDir, { recursive: true, force: true });
});

interface RawResponse {
  statusLine: string;
  headers: Map<string, string>;
  body: string;
}

/** Sends `request` as raw bytes and reads until the server closes the connection. */
function sendRaw(url: string, request: string): Promise<RawResponse> {
  const { hostname, port } = new URL(url);
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    const socket = net.connect(Number(port), hostname, () => socket.write(request));
    socket.on("data", (chunk) => chunks.push(chunk));
    socket.on("error", reject);
    socket.on("close", () => {
      const text = Buffer.concat(chunks).toString("utf8");
      const [head = "", body = ""] = text.split("\r\n\r\n", 2);
      const [statusLine = "", ...lines] = head.split("\r\n");
      const headers = new Map(
        lines.map((line) => [line.slice(0, line.indexOf(":")).toLowerCase(), line.slice(line.indexOf(":") + 1).trim()]),
      );
      resolve({ statusLine, headers, body });
    });
  });
}

for (const port of ["api", "otlp"] as const) {
  test(`${port} port: a 20 KiB request line is a JSON 431 naming the 16 KiB limit`, async () => {
    const response = await sendRaw(urls[port], `GET /api/runs?q=${"x".repeat(20 * 1024)} HTTP/1.1\r\nHost: localhost\r\n\r\n`);
    assert.equal(response.statusLine, "HTTP/1.1 431 Request Header Fields Too Large");
    assert.equal(response.headers.get("content-type"), "application/json");
    assert.equal(response.headers.get("connection"), "close");
    assert.deepEqual(JSON.parse(response.body), {
      error: {
        code: "headers_too_large",
        message: "The request line and headers exceed 16 KiB; send long values in a request body instead",
      },
    });
  });

  test(`${port} port: a malformed request line is a JSON 400`, async () => {
    const response = await sendRaw(urls[port], "GET\u0001 / HTTP/1.1\r\nHost: localhost\r\n\r\n");
    assert.equal(response.statusLine, "HTTP/1.1 400 Bad Request");
    assert.equal(response.headers.get("content-type"), "application/json");
    assert.deepEqual(JSON.parse(response.body), { error: { code: "bad_request", message: "Malformed HTTP request (HPE_INVALID_METHOD)" } });
  });
}

test("the server still answers ordinary requests after refusing those", async () => {
  assert.equal((await fetch(`${urls.api}/healthz`)).status, 200);
  assert.equal((await fetch(`${urls.otlp}/healthz`)).status, 200);
});
