import assert from "node:assert/strict";
import { test } from "node:test";
import { isAllowedHost, parseHost, type HostPolicy } from "./host-allowlist.ts";

test("parseHost takes a name or an IP literal with an optional port, and nothing else", () => {
  assert.deepEqual(parseHost("Metrics.Example.com"), { name: "metrics.example.com", port: undefined });
  assert.deepEqual(parseHost("metrics.example.com.:8443"), { name: "metrics.example.com", port: 8443 });
  assert.deepEqual(parseHost("[::1]:3000"), { name: "[::1]", port: 3000 });
  assert.deepEqual(parseHost("127.0.0.1"), { name: "127.0.0.1", port: undefined });
  for (const bad of [
    "",
    "https://x.example",
    "x.example/path",
    "user@127.0.0.1",
    "x.example:0",
    "x.example:70000",
    "x.example:1:2",
    "[::1",
    "[not-ip]",
    ".example.com",
    "a..b",
    "a b",
  ]) {
    assert.equal(parseHost(bad), undefined, bad);
  }
});

test("isAllowedHost: loopback names, IP literals, the public URL's host name, the allowed hosts", () => {
  const policy: HostPolicy = {
    publicUrl: "https://metrics.example.com",
    allowedHosts: [parseHost("dash.internal")!, parseHost("ops.internal:8080")!, parseHost("tls.internal:443")!],
  };
  const allowed = [
    "localhost:3000",
    "LOCALHOST",
    "localhost.:3000",
    "app.localhost:5173",
    "127.0.0.1:3000",
    "127.8.9.10",
    "[::1]:3000",
    "[::ffff:127.0.0.1]",
    "10.1.2.3:3000",
    "[2001:db8::1]",
    "metrics.example.com",
    "metrics.example.com:8443",
    "dash.internal:1234",
    "ops.internal:8080",
    "tls.internal",
  ];
  const refused = [
    undefined,
    "",
    "attacker.example:3000",
    "localhost.attacker.example",
    "127.0.0.1.nip.example",
    "example.com",
    "ops.internal:9090",
    "ops.internal",
    "evil.metrics.example.com",
    "metrics.example.com.evil.example",
    "127.1",
    "user@localhost",
  ];
  for (const host of allowed) assert.equal(isAllowedHost(host, policy), true, String(host));
  for (const host of refused) assert.equal(isAllowedHost(host, policy), false, String(host));
  assert.equal(
    isAllowedHost("metrics.example.com", { publicUrl: undefined, allowedHosts: [] }),
    false,
    "no public URL: only loopback and IP literals",
  );
});
