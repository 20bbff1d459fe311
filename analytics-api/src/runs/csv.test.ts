import assert from "node:assert/strict";
import { test } from "node:test";
import { csvField, csvRow } from "./csv.ts";

test("plain values are written as they are", () => {
  assert.equal(csvRow(["gpt-4o", 12, 0.5, true, false]), "gpt-4o,12,0.5,true,false\r\n");
});

test("a field with a comma, quote, CR or LF is quoted and its quotes doubled (RFC 4180)", () => {
  assert.equal(csvField("a,b"), '"a,b"');
  assert.equal(csvField('say "hi"'), '"say ""hi"""');
  assert.equal(csvField("line 1\nline 2"), '"line 1\nline 2"');
  assert.equal(csvField("cr\rhere"), '"cr\rhere"');
  assert.equal(csvField("crlf\r\n"), '"crlf\r\n"');
  assert.equal(csvField('"'), '""""');
  assert.equal(csvField("' OR 1=1 --"), "' OR 1=1 --");
});

test("null is empty; arrays and objects are JSON (quoted because JSON has quotes and commas)", () => {
  assert.equal(csvRow([null, undefined, "", ["a", "b"], { k: "v" }]), ',,,"[""a"",""b""]","{""k"":""v""}"\r\n');
  assert.equal(csvField([]), "[]");
});

test("a row ends with CRLF even when its last field is empty", () => {
  assert.equal(csvRow(["a", null]), "a,\r\n");
});
