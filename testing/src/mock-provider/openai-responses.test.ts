import assert from "node:assert/strict";
import { describe, it } from "node:test";
import type { BuildContext } from "./build-context.ts";
import { createIdFactory } from "./ids.ts";
import { buildResponse, buildResponseStream } from "./openai-responses.ts";
import { settleReply } from "./scenario.ts";

const context = (): BuildContext => ({ id: createIdFactory(), model: "o4-mini-2025-04-16", created: 1_790_000_000 });

describe("buildResponse", () => {
  it("puts a reasoning item before the message when reasoning tokens were spent", () => {
    const body = buildResponse(
      { model: "o4-mini", input: "hi" },
      settleReply({ usage: { inputTokens: 30, outputTokens: 90, cachedTokens: 10, reasoningTokens: 64 } }),
      context(),
    );
    const output = body["output"] as Array<Record<string, unknown>>;
    assert.deepEqual(
      output.map((item) => item["type"]),
      ["reasoning", "message"],
    );
    assert.deepEqual(body["usage"], {
      input_tokens: 30,
      input_tokens_details: { cached_tokens: 10 },
      output_tokens: 90,
      output_tokens_details: { reasoning_tokens: 64 },
      total_tokens: 120,
    });
    assert.equal(body["status"], "completed");
  });
});

describe("buildResponseStream", () => {
  it("names each event, numbers them in order and ends with response.completed carrying usage", () => {
    const frames = buildResponseStream({ model: "o4-mini", input: "hi" }, settleReply({ chunks: ["a", "b"] }), context());
    assert.deepEqual(
      frames.map((frame) => frame.event),
      [
        "response.created",
        "response.in_progress",
        "response.output_item.added",
        "response.content_part.added",
        "response.output_text.delta",
        "response.output_text.delta",
        "response.output_text.done",
        "response.content_part.done",
        "response.output_item.done",
        "response.completed",
      ],
    );
    const events = frames.map((frame) => JSON.parse(frame.data));
    assert.deepEqual(
      events.map((event) => event.sequence_number),
      [0, 1, 2, 3, 4, 5, 6, 7, 8, 9],
    );
    assert.equal(events[0].response.usage, null);
    assert.equal(events.at(-1).response.usage.total_tokens, 20);
  });
});
