import assert from "node:assert/strict";
import { randomBytes } from "node:crypto";
import { test } from "node:test";
import { openKey, sealKey, SealedKeyError } from "./key-seal.ts";
import { MasterKeyError, parseMasterKey } from "./master-key.ts";

const hex = randomBytes(32).toString("hex");

test("a master key is 32 bytes as hex or base64, and a malformed one is refused without echoing it", () => {
  const fromHex = parseMasterKey(hex);
  const fromBase64 = parseMasterKey(Buffer.from(hex, "hex").toString("base64"));
  assert.deepEqual(fromHex.bytes, fromBase64.bytes);
  assert.equal(fromHex.id, fromBase64.id);
  assert.match(fromHex.id, /^[0-9a-f]{16}$/);
  for (const bad of ["", "abc", hex.slice(2), Buffer.alloc(16).toString("base64"), `${hex}00`]) {
    assert.throws(
      () => parseMasterKey(bad),
      (error: unknown) =>
        error instanceof MasterKeyError && /PROMPTMETRICS_MASTER_KEY/.test(error.message) && (bad === "" || !error.message.includes(bad)),
    );
  }
});

test("a sealed key opens under its master key and connection only, and each seal differs", () => {
  const master = parseMasterKey(hex);
  const secret = "sk-proj-abcdefghijklmnop1234";
  const sealed = sealKey(master, secret, "pk_1");
  assert.ok(!sealed.includes(secret) && !sealed.includes("1234"));
  assert.notEqual(sealKey(master, secret, "pk_1"), sealed, "a fresh IV each time");
  assert.equal(openKey(master, sealed, "pk_1"), secret);
  assert.throws(() => openKey(master, sealed, "pk_2"), SealedKeyError, "bound to its connection");
  assert.throws(() => openKey(parseMasterKey(randomBytes(32).toString("hex")), sealed, "pk_1"), SealedKeyError, "another master key");
  const flipped = sealed.slice(0, -2) + (sealed.at(-2) === "A" ? "B" : "A") + sealed.at(-1);
  assert.throws(() => openKey(master, flipped, "pk_1"), SealedKeyError, "tampered");
  assert.throws(() => openKey(master, "v0.xyz", "pk_1"), SealedKeyError);
});
