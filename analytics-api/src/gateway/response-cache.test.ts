import assert from "node:assert/strict";
import { test } from "node:test";
import { cacheKey, cacheTtlFrom, canonicalJson, ResponseCache, type CachedAnswer } from "./response-cache.ts";

const facts = { responseModel: "m", responseId: "", usage: null, finishReasons: [], complete: true, error: "" };
const entry = (bytes: number, expiresAt = Infinity): CachedAnswer => ({
  contentType: "application/json",
  body: Buffer.alloc(bytes),
  facts,
  expiresAt,
});

test("the key ignores the order of fields but not their values, and separates projects and paths", () => {
  assert.equal(canonicalJson({ b: 1, a: [{ d: 2, c: 3 }] }), '{"a":[{"c":3,"d":2}],"b":1}');
  const body = { model: "gpt-4o", messages: [{ role: "user", content: "hi" }] };
  const same = { messages: [{ content: "hi", role: "user" }], model: "gpt-4o" };
  assert.equal(cacheKey("p", "openai", "/chat/completions", body), cacheKey("p", "openai", "/chat/completions", same));
  assert.notEqual(cacheKey("p", "openai", "/chat/completions", body), cacheKey("q", "openai", "/chat/completions", body));
  assert.notEqual(cacheKey("p", "openai", "/chat/completions", body), cacheKey("p", "openai", "/responses", body));
  assert.notEqual(
    cacheKey("p", "openai", "/chat/completions", body),
    cacheKey("p", "openai", "/chat/completions", { ...body, stream: true }),
  );
});

test("entries expire, the least recently used go first past the bound, and oversized answers are not kept", () => {
  const cache = new ResponseCache(300);
  cache.set("a", entry(100));
  cache.set("b", entry(100));
  cache.set("c", entry(100));
  assert.ok(cache.get("a", 0), "a used: now the most recent");
  cache.set("d", entry(100));
  assert.equal(cache.get("b", 0), undefined, "b was the least recently used");
  assert.ok(cache.get("a", 0) && cache.get("c", 0) && cache.get("d", 0));
  cache.set("e", entry(400));
  assert.equal(cache.get("e", 0), undefined, "bigger than the whole cache");
  cache.set("f", entry(10, 1000));
  assert.ok(cache.get("f", 999));
  assert.equal(cache.get("f", 1000), undefined, "expired");
});

test("x-promptmetrics-cache: true is an hour, seconds up to a day, false or 0 off; anything else says nothing", () => {
  assert.equal(cacheTtlFrom("true"), 3600);
  assert.equal(cacheTtlFrom("60"), 60);
  assert.equal(cacheTtlFrom("999999"), 86_400);
  for (const off of ["0", "00", "false", " FALSE "]) assert.equal(cacheTtlFrom(off), 0, `${off}: off, whatever a rule says`);
  for (const unsaid of ["", "-5", "1e3", "soon"]) assert.equal(cacheTtlFrom(unsaid), undefined, unsaid);
});
