import assert from "node:assert/strict";
import { test } from "node:test";
import { DEFAULT_CONTENT_MAX_LENGTH, resolveConfig } from "./config.ts";

test("content capture is off unless asked for, by option or by either variable", () => {
  assert.equal(resolveConfig({}, {}).captureContent, false);
  assert.equal(resolveConfig({}, { PROMPTMETRICS_CAPTURE_CONTENT: "true" }).captureContent, true);
  assert.equal(resolveConfig({}, { OTEL_INSTRUMENTATION_GENAI_CAPTURE_MESSAGE_CONTENT: "TRUE" }).captureContent, true);
  assert.equal(
    resolveConfig({}, { PROMPTMETRICS_CAPTURE_CONTENT: "false", OTEL_INSTRUMENTATION_GENAI_CAPTURE_MESSAGE_CONTENT: "true" })
      .captureContent,
    false,
  );
  assert.equal(resolveConfig({ captureContent: false }, { PROMPTMETRICS_CAPTURE_CONTENT: "true" }).captureContent, false);
});

test("defaults, and the length cap from the environment", () => {
  const defaults = resolveConfig({}, {});
  assert.equal(defaults.contentMaxLength, DEFAULT_CONTENT_MAX_LENGTH);
  assert.equal(defaults.recordCost, true);
  assert.equal(defaults.openaiStreamUsage, "official");
  assert.equal(defaults.anthropicSdkSpans, "replace");
  assert.equal(resolveConfig({}, { PROMPTMETRICS_CONTENT_MAX_LENGTH: "500" }).contentMaxLength, 500);
  assert.equal(resolveConfig({}, { PROMPTMETRICS_CONTENT_MAX_LENGTH: "lots" }).contentMaxLength, DEFAULT_CONTENT_MAX_LENGTH);
});

test("request hashes are on unless turned off, by option or by PROMPTMETRICS_REQUEST_HASHES", () => {
  assert.equal(resolveConfig({}, {}).requestHashes, true);
  assert.equal(resolveConfig({}, { PROMPTMETRICS_REQUEST_HASHES: "false" }).requestHashes, false);
  assert.equal(resolveConfig({ requestHashes: true }, { PROMPTMETRICS_REQUEST_HASHES: "false" }).requestHashes, true);
});
