import assert from "node:assert/strict";
import { test } from "node:test";
import { SseReader, type SseEvent } from "./sse-lines.ts";

test("events are read whole however the bytes are split, CRLF and multi-byte characters included", () => {
  const text = 'event: message_start\r\ndata: {"a":"é"}\r\n\r\n: ping\n\ndata: one\ndata: two\n\nevent: message_stop\ndata: {}\n\n';
  const bytes = Buffer.from(text, "utf8");
  for (const size of [1, 2, 3, 7, bytes.length]) {
    const reader = new SseReader();
    const events: SseEvent[] = [];
    for (let i = 0; i < bytes.length; i += size) reader.push(bytes.subarray(i, i + size), (e) => events.push(e));
    reader.end((e) => events.push(e));
    assert.deepEqual(events, [
      { event: "message_start", data: '{"a":"é"}' },
      { event: "", data: "one\ntwo" },
      { event: "message_stop", data: "{}" },
    ]);
  }
});

test("an event cut off by the end of the stream is still read", () => {
  const reader = new SseReader();
  const events: SseEvent[] = [];
  reader.push(Buffer.from("data: [DONE]"), (e) => events.push(e));
  reader.end((e) => events.push(e));
  assert.deepEqual(events, [{ event: "", data: "[DONE]" }]);
});
