import assert from "node:assert/strict";
import { test } from "node:test";
import { generateKey, hashSecret, keyPrefix, shownKeyPrefix } from "./api-keys.ts";

test("generated keys carry their kind, 256 random bits, and a SHA-256 hash of the secret", () => {
  const a = generateKey("ingest");
  const b = generateKey("api");
  assert.match(a.secret, /^pm_ingest_[A-Za-z0-9_-]{43}$/);
  assert.match(b.secret, /^pm_api_[A-Za-z0-9_-]{43}$/);
  assert.equal(a.secretHash, hashSecret(a.secret));
  assert.notEqual(a.secretHash, generateKey("ingest").secretHash);
  assert.equal(hashSecret("abc"), "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");
});

test("a prefix shows our key's kind and six characters, and nothing of a key the user chose", () => {
  const random = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopq";
  assert.equal(keyPrefix(`pm_ingest_${random}`), "pm_ingest_ABCDEF");
  assert.equal(keyPrefix(`pm_api_${random}`), "pm_api_ABCDEF");
  const fingerprint = (secret: string) => `custom_${hashSecret(secret).slice(0, 6)}`;
  // The probe's key: starting with pm_ once made the whole of it its "prefix".
  assert.equal(keyPrefix("pm_prodsecretkey_1"), fingerprint("pm_prodsecretkey_1"));
  assert.match(keyPrefix("pm_prodsecretkey_1"), /^custom_[0-9a-f]{6}$/);
  // Our kinds with the wrong length or alphabet are chosen keys too.
  assert.equal(keyPrefix("pm_ingest_ABCDEFGHIJ"), fingerprint("pm_ingest_ABCDEFGHIJ"));
  assert.equal(keyPrefix(`pm_ingest_${random}x`), fingerprint(`pm_ingest_${random}x`));
  assert.equal(keyPrefix(`pm_ingest_${random.slice(1)}!`), fingerprint(`pm_ingest_${random.slice(1)}!`));
  assert.equal(keyPrefix("0123456789abcdef"), fingerprint("0123456789abcdef"));
  assert.equal(keyPrefix("0123456789abcdef0123456789abcdef"), fingerprint("0123456789abcdef0123456789abcdef"));
});

test("a stored prefix is shown as is only in one of the two safe forms; older ones are fingerprinted", () => {
  assert.equal(shownKeyPrefix("pm_ingest_ABC-_9"), "pm_ingest_ABC-_9");
  assert.equal(shownKeyPrefix("pm_api_ABCDEF"), "pm_api_ABCDEF");
  assert.equal(shownKeyPrefix("custom_0a1b2c"), "custom_0a1b2c");
  // What older versions stored for chosen keys: the whole key, or its first quarter.
  for (const legacy of ["pm_prodsecretkey_1", "acme-ing", "0123", "pm_ingest_ABCDEFG", "custom_0A1B2C", "custom_0a1b2c3", ""]) {
    const shown = shownKeyPrefix(legacy);
    assert.equal(shown, `custom_${hashSecret(legacy).slice(0, 6)}`, legacy);
  }
  // A whole key stored as its prefix gets the fingerprint the key itself now gets.
  assert.equal(shownKeyPrefix("pm_prodsecretkey_1"), keyPrefix("pm_prodsecretkey_1"));
});
