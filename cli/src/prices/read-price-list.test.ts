import assert from "node:assert/strict";
import http from "node:http";
import type { AddressInfo } from "node:net";
import { test } from "node:test";
import { displaySource, readPriceList } from "./read-price-list.ts";

test("a source is shown and stored without a URL's credentials or query", () => {
  assert.equal(displaySource("https://ops:hunter2@prices.example.com/list.json?token=s3cret#x"), "https://prices.example.com/list.json?…");
  assert.equal(displaySource("https://prices.example.com/list.json"), "https://prices.example.com/list.json");
  assert.equal(displaySource("/var/lib/prices/list.json"), "/var/lib/prices/list.json");
});

test("a list that cannot be read says where, without the token", async () => {
  const server = http.createServer((_req, res) => res.writeHead(403).end("no"));
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as AddressInfo;
  try {
    await assert.rejects(readPriceList(`http://ops:hunter2@127.0.0.1:${port}/list.json?token=s3cret`), (error: Error) => {
      assert.equal(error.message, `http://127.0.0.1:${port}/list.json?… answered 403 Forbidden`);
      assert.doesNotMatch(error.message, /s3cret|hunter2/);
      return true;
    });
  } finally {
    server.close();
  }
});

test("a URL's user and password are sent as Basic authentication", async () => {
  const server = http.createServer((req, res) => {
    const ok =
      req.headers.authorization === `Basic ${Buffer.from("ops:hunter2").toString("base64")}` && req.url === "/list.json?token=s3cret";
    res.writeHead(ok ? 200 : 401, { "content-type": "application/json" }).end(ok ? '{"gpt-x":{}}' : "{}");
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as AddressInfo;
  try {
    assert.deepEqual(await readPriceList(`http://ops:hunter2@127.0.0.1:${port}/list.json?token=s3cret`), { "gpt-x": {} });
  } finally {
    server.close();
  }
});
