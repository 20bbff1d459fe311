import assert from "node:assert/strict";
import { test } from "node:test";
import { generateKey, hashSecret, keyPrefix } from "./api-keys.ts";

test("generated keys carry their kind, 256 random bits, and a SHA-256 hash of the secret", () => {
  const a = generateKey("ingest");
  const b = generateKey("api");
  assert.match(a.secret, /^pm_ingest_[A-Za-z0-9_-]{43}$/);
  assert.match(b.secret, /^pm_api_[A-Za-z0-9_-]{43}$/);
  assert.equal(a.secretHash, hashSecret(a.secret));
  assert.notEqual(a.secretHash, generateKey("ingest").secretHash);
  assert.equal(hashSecret("abc"), "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");
});

test("a prefix shows our key's kind and six characters, and at most a quarter of a user's own key", () => {
  assert.equal(keyPrefix("pm_ingest_ABCDEFGHIJ"), "pm_ingest_ABCDEF");
  assert.equal(keyPrefix("pm_api_ABCDEFGHIJ"), "pm_api_ABCDEF");
  assert.equal(keyPrefix("0123456789abcdef"), "0123");
  assert.equal(keyPrefix("0123456789abcdef0123456789abcdef"), "01234567");
});
