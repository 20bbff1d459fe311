// What a service sees when the ClickHouse server is down: typed, retryable errors (reads retried
// first, writes not), never a hang or a raw socket error.
import assert from "node:assert/strict";
import net from "node:net";
import { test } from "node:test";
import { openStore, StoreUnavailableError } from "../../src/index.ts";

async function closedPort(): Promise<number> {
  const server = net.createServer();
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as net.AddressInfo;
  await new Promise((resolve) => server.close(resolve));
  return port;
}

test("a server store pointed at a closed port fails every call with a retryable StoreUnavailableError", async () => {
  const port = await closedPort();
  const store = openStore({
    kind: "server",
    url: `http://user:secret@127.0.0.1:${port}`,
    user: "default",
    password: "",
    database: "default",
  });
  assert.equal(store.location, `ClickHouse server at http://user:***@127.0.0.1:${port} (database default)`);
  const isUnavailable = (error: unknown) => error instanceof StoreUnavailableError && error.retryable && /ECONNREFUSED/.test(error.message);
  await assert.rejects(store.query("SELECT 1"), isUnavailable);
  await assert.rejects(store.queryText("SELECT 1", undefined, { format: "CSVWithNames", adhoc: {} }), isUnavailable);
  await assert.rejects(store.insert("t", [{ x: 1 }]), isUnavailable);
  await assert.rejects(store.command("SELECT 1"), isUnavailable);
  await assert.rejects(store.ping(), StoreUnavailableError);
  await store.close();
});
