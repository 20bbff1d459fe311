import assert from "node:assert/strict";
import { test } from "node:test";
import { keptOfPair, mergeDuplicateRun, plainSpanRow, sameCall } from "./duplicate-runs.ts";
import { emptySpanRow, type SpanRow } from "./span-row.ts";

function run(overrides: Partial<SpanRow>): SpanRow {
  return emptySpanRow({
    project_id: "p",
    trace_id: "t1",
    span_id: "s1",
    start_time: "2026-12-05 10:00:00.000000000",
    end_time: "2026-12-05 10:00:02.000000000",
    ingested_at: "2026-12-05 10:00:03.000",
    version: 1,
    is_llm: true,
    service_name: "app",
    provider: "anthropic",
    input_tokens: 120,
    output_tokens: 90,
    cache_read_tokens: 2000,
    cache_write_tokens: 800,
    ...overrides,
  });
}

const SDK = "com.anthropic.sdk.typescript";
const WRAPPER = "@traceloop/instrumentation-anthropic";

test("nested LLM spans of one trace are one call, the outer one kept, whatever their scopes", () => {
  const outer = run({ span_id: "a", scope_name: WRAPPER });
  const inner = run({ span_id: "b", parent_span_id: "a", scope_name: SDK, output_tokens: 1 });
  assert.equal(sameCall(outer, inner), "nested");
  assert.equal(keptOfPair(outer, inner, "nested"), "a");
  assert.equal(keptOfPair(inner, outer, "nested"), "b");
  assert.equal(sameCall(outer, { ...inner, trace_id: "t2" }), null, "another trace's span with that parent id");
});

test("an SDK span and a wrapper span in two traces are twins only with the same figures, overlapping in time", () => {
  const wrapper = run({ trace_id: "t1", span_id: "a", scope_name: WRAPPER, start_time: "2026-12-05 10:00:00.001000000" });
  const sdk = run({ trace_id: "t2", span_id: "b", scope_name: SDK });
  assert.equal(sameCall(wrapper, sdk), "twin");
  assert.equal(keptOfPair(sdk, wrapper, "twin"), "b", "the wrapper's is kept");
  assert.equal(sameCall(wrapper, { ...sdk, output_tokens: 91 }), null);
  assert.equal(sameCall(wrapper, { ...sdk, service_name: "other" }), null);
  assert.equal(sameCall(wrapper, { ...sdk, project_id: "q" }), null);
  assert.equal(sameCall(wrapper, { ...sdk, start_time: "2026-12-05 10:00:05.000000000", end_time: "2026-12-05 10:00:06.000000000" }), null);
  assert.equal(sameCall(wrapper, { ...sdk, scope_name: WRAPPER }), null, "two wrapper spans are two calls");
  assert.equal(sameCall(sdk, { ...sdk, span_id: "c" }), null, "two SDK spans are two calls");
});

test("a merge fills what the run lacks and takes the 1-hour split with its cost; it never overwrites", () => {
  const kept = run({ span_id: "a", scope_name: WRAPPER, user_id: "u1", cost_usd: "0.00177", cost_cache_write_usd: "0.001" });
  const other = run({
    span_id: "b",
    scope_name: SDK,
    user_id: "u2",
    prompt_name: "capital",
    prompt_version: "2",
    input_text: "user: hi",
    output_text: "assistant: hello",
    input_hash: "h",
    ttft_ms: 80,
    cache_write_1h_tokens: 300,
    cost_usd: "0.00198",
    cost_cache_write_usd: "0.00121",
  });
  const merged = mergeDuplicateRun(kept, other);
  assert.equal(merged.span_id, "a");
  assert.equal(merged.user_id, "u1");
  assert.deepEqual(
    [merged.prompt_name, merged.prompt_version, merged.input_text, merged.output_text, merged.input_hash],
    ["capital", "2", "user: hi", "assistant: hello", "h"],
  );
  assert.equal(merged.ttft_ms, 80);
  assert.deepEqual([merged.cache_write_1h_tokens, merged.cost_usd, merged.cost_cache_write_usd], [300, "0.00198", "0.00121"]);
  const differentWrites = mergeDuplicateRun(kept, { ...other, cache_write_tokens: 900 });
  assert.equal(differentWrites.cost_usd, "0.00177", "a split of another cache-write total is not taken");
});

test("a plain span keeps what was received and drops the run's columns", () => {
  const row = run({
    span_id: "b",
    scope_name: SDK,
    name: "anthropic.messages.create",
    span_attributes: { k: "v" },
    cost_usd: "0.1",
    user_id: "u",
  });
  const plain = plainSpanRow(row);
  assert.deepEqual([plain.is_llm, plain.cost_usd, plain.input_tokens, plain.user_id, plain.provider], [false, null, 0, "", ""]);
  assert.deepEqual(
    [plain.span_id, plain.name, plain.scope_name, plain.span_attributes],
    ["b", "anthropic.messages.create", SDK, { k: "v" }],
  );
});
