import assert from "node:assert/strict";
import { test } from "node:test";
import { contextAttributes, mergeContexts } from "./context.ts";

test("nested contexts: inner scalars win, tags add up once, metadata keys override", () => {
  const merged = mergeContexts(
    { userId: "u1", sessionId: "s1", inferenceGeo: "eu", tags: ["a", "b"], metadata: { plan: "pro", team: "x" } },
    { userId: "u2", promptName: "p", tags: ["b", "c"], metadata: { plan: "free" } },
  );
  assert.deepEqual(merged, {
    userId: "u2",
    sessionId: "s1",
    promptName: "p",
    promptVersion: undefined,
    inferenceGeo: "eu",
    tags: ["a", "b", "c"],
    metadata: { plan: "free", team: "x" },
  });
});

test("attributes skip empty and wrongly typed values", () => {
  assert.deepEqual(
    contextAttributes({
      userId: "",
      sessionId: "s",
      promptVersion: 3 as unknown as string,
      tags: ["ok", 5 as unknown as string, ""],
      metadata: { n: 1, nested: {} as unknown as string },
    }),
    {
      "promptmetrics.session.id": "s",
      "gen_ai.conversation.id": "s",
      "promptmetrics.prompt.version": "3",
      "promptmetrics.tags": ["ok"],
      "promptmetrics.metadata.n": 1,
    },
  );
  assert.deepEqual(contextAttributes(undefined), {});
  assert.deepEqual(contextAttributes({ inferenceGeo: "eu" }), { "promptmetrics.inference_geo": "eu" });
});
