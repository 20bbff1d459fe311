import assert from "node:assert/strict";
import { test } from "node:test";
import { countLines, isLongText, prettyJson, shownText, splitMessages, viewOfText } from "./run-text.ts";

test("JSON objects and arrays are pretty-printed; scalars and broken JSON are not", () => {
  assert.equal(prettyJson('{"a":1,"b":[true,null]}'), '{\n  "a": 1,\n  "b": [\n    true,\n    null\n  ]\n}');
  assert.equal(prettyJson("  [1,2]\n"), "[\n  1,\n  2\n]");
  assert.equal(prettyJson('"text"'), undefined);
  assert.equal(prettyJson("42"), undefined);
  assert.equal(prettyJson("{not json"), undefined);
  assert.equal(prettyJson("[x] is a checkbox"), undefined);
  assert.deepEqual(viewOfText('{"query":"weather"}'), { kind: "json", text: '{\n  "query": "weather"\n}' });
});

test("role transcripts split into messages, continuation lines stay with their message", () => {
  assert.deepEqual(splitMessages("system: Be brief.\nuser: Hi\nthere\n\nassistant: Hello"), [
    { role: "system", text: "Be brief." },
    { role: "user", text: "Hi\nthere\n" },
    { role: "assistant", text: "Hello" },
  ]);
  assert.deepEqual(splitMessages("user:no space"), [{ role: "user", text: "no space" }]);
  assert.equal(splitMessages("Dear user: hello"), undefined);
  assert.equal(splitMessages("Summarize this\nuser: x"), undefined);
  assert.deepEqual(viewOfText("assistant: Paris."), { kind: "messages", messages: [{ role: "assistant", text: "Paris." }] });
});

test("plain text stays as it is, blank text is empty", () => {
  assert.deepEqual(viewOfText("line one\n  line two"), { kind: "plain", text: "line one\n  line two" });
  assert.deepEqual(viewOfText("  \n "), { kind: "empty" });
  assert.equal(shownText({ kind: "empty" }), "");
  assert.equal(
    shownText({
      kind: "messages",
      messages: [
        { role: "user", text: "a" },
        { role: "assistant", text: "b\nc" },
      ],
    }),
    "a\nb\nc",
  );
});

test("long texts fold by lines or characters", () => {
  assert.equal(countLines(""), 0);
  assert.equal(countLines("a\r\nb\nc"), 3);
  assert.equal(isLongText("short"), false);
  assert.equal(isLongText(Array.from({ length: 25 }, () => "l").join("\n")), true);
  assert.equal(isLongText("x".repeat(2001)), true);
  assert.equal(isLongText("x".repeat(50), { maxChars: 40 }), true);
});
