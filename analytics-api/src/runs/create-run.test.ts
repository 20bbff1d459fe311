import assert from "node:assert/strict";
import { test } from "node:test";
import { createPricer } from "@promptmetrics/pricing";
import { parseBody } from "../http/validate.ts";
import { buildRunRow, checkCreateRun, createRunBody } from "./create-run.ts";

const now = new Date("2026-11-25T10:00:00.000Z");
const creator = { userId: "user_1", tokenId: "tok_1" };
const build = (body: Record<string, unknown>) => {
  const parsed = parseBody(createRunBody, { projectId: "proj_1", ...body });
  checkCreateRun(parsed);
  return buildRunRow(parsed, { projectId: "proj_1", creator, pricer: createPricer(), now });
};

test("a run is priced from the catalogue, component by component", () => {
  // claude-sonnet-4-5, USD per 1M tokens: input 3, cached input 0.30, 5-minute write 3.75, 1-hour write 6, output 15.
  //   uncached input 10,000 - 4,000 - 2,000 = 4,000 × 3     = 0.012
  //   cache reads                   4,000 × 0.30  = 0.0012
  //   cache writes 1,500 × 3.75 + 500 × 6          = 0.008625
  //   visible output 1,000 - 200 = 800 × 15        = 0.012
  //   reasoning                       200 × 15     = 0.003
  //   total                                          0.036825
  const row = build({
    model: "claude-sonnet-4-5",
    inputTokens: 10_000,
    cacheReadTokens: 4_000,
    cacheWriteTokens: 2_000,
    cacheWrite1hTokens: 500,
    outputTokens: 1_000,
    reasoningTokens: 200,
    latencyMs: 1500,
  });
  assert.deepEqual(
    [row.cost_usd, row.cost_input_usd, row.cost_cache_read_usd, row.cost_cache_write_usd, row.cost_output_usd, row.cost_reasoning_usd],
    ["0.036825000000", "0.012000000000", "0.001200000000", "0.008625000000", "0.012000000000", "0.003000000000"],
  );
  assert.equal(row.price_source, "catalogue");
  assert.equal(row.priced_model, "claude-sonnet-4-5");
  assert.equal(row.provider, "anthropic");
  assert.equal(row.start_time, "2026-11-25 09:59:58.500000000");
  assert.equal(row.end_time, "2026-11-25 10:00:00.000000000");
  assert.equal(row.duration_ns, 1_500_000_000);
});

test("the creator is recorded: the token as the span's key, the user as a reserved attribute", () => {
  const row = build({ model: "gpt-4o", metadata: { team: "search" } });
  assert.equal(row.ingest_key_id, "tok_1");
  assert.deepEqual(row.span_attributes, { team: "search", "promptmetrics.created_by": "user_1" });
  assert.equal(row.is_llm, true);
  assert.match(row.trace_id, /^[0-9a-f]{32}$/);
  assert.match(row.span_id, /^[0-9a-f]{16}$/);
});

test("a given cost is kept as given; an unknown model stays unpriced, never $0", () => {
  const given = build({ model: "my-finetune", costUsd: 0.05 });
  assert.deepEqual([given.cost_usd, given.reported_cost_usd, given.price_source], ["0.050000000000", "0.050000000000", "caller"]);
  const unknown = build({ model: "my-finetune", inputTokens: 10 });
  assert.deepEqual([unknown.cost_usd, unknown.price_source], [null, "unknown"]);
});

test("impossible usage and reserved metadata are a 400 naming the field", () => {
  const rejects = (body: Record<string, unknown>, field: string) =>
    assert.throws(
      () => build({ model: "gpt-4o", ...body }),
      (error: any) => error.status === 400 && error.field === field,
    );
  rejects({ inputTokens: 10, cacheReadTokens: 11 }, "cacheReadTokens");
  rejects({ outputTokens: 10, reasoningTokens: 11 }, "reasoningTokens");
  rejects({ inputTokens: 10, cacheWriteTokens: 5, cacheWrite1hTokens: 6 }, "cacheWrite1hTokens");
  rejects({ inputTokens: 10, cacheWriteTokens: 5, cacheWrite1hTokens: 3, cacheWrite12hTokens: 3 }, "cacheWrite12hTokens");
  rejects({ parentId: "b7ad6b7169203331" }, "parentId");
  rejects({ traceId: "xyz" }, "traceId");
  rejects({ inputTokens: -1 }, "inputTokens");
  rejects({ inputTokens: 1.5 }, "inputTokens");
  rejects({ metadata: { "promptmetrics.created_by": "someone else" } }, "metadata.promptmetrics.created_by");
  rejects({ startTime: "tomorrow" }, "startTime");
  rejects({ costUsd: "-0.5" }, "costUsd");
  rejects({ colour: "red" }, "colour");
});

test("the request's hashes as given (lower-cased), and the quality flags from what the caller said", () => {
  const row = build({ model: "gpt-4o", inputHash: "ABC123", prefixHash: "def", prefixTokens: 2048 });
  assert.deepEqual([row.input_hash, row.prefix_hash, row.prefix_tokens, row.quality_flags], ["abc123", "def", 2048, 0]);
  // empty_output 1, refusal 2, truncated 8, error 16
  const table: Array<[Record<string, unknown>, number]> = [
    [{ output: "Paris.", outputTokens: 2, finishReason: "stop" }, 0],
    [{ output: "" }, 1],
    [{ outputTokens: 0 }, 1],
    [{ output: "I can't help with that.", finishReason: "length" }, 2 | 8],
    [{ finishReason: "refusal", outputTokens: 3 }, 2],
    [{ status: "error", outputTokens: 0 }, 16],
    [{ operation: "embeddings", outputTokens: 0 }, 0],
    [{}, 0],
  ];
  for (const [body, flags] of table) assert.equal(build({ model: "gpt-4o", ...body }).quality_flags, flags, JSON.stringify(body));
});
