import assert from "node:assert/strict";
import { test } from "node:test";
import { nodeSnippet, otelSnippet, otlpEndpoint, sdkTarballUrl } from "./snippets.ts";

test("the snippets point at this install's host on the ingest port, with the new key, and install the package from this server", () => {
  const endpoint = otlpEndpoint({ protocol: "http:", hostname: "10.0.0.7" }, 4355);
  assert.equal(endpoint, "http://10.0.0.7:4355");
  assert.equal(otlpEndpoint({ protocol: "http:", hostname: "::1" }, null), "http://[::1]:4318");
  const sdkUrl = sdkTarballUrl({ origin: "http://10.0.0.7:3000" });
  assert.equal(sdkUrl, "http://10.0.0.7:3000/sdk/promptmetrics-instrumentation.tgz");
  assert.equal(
    nodeSnippet(endpoint, "pm_ingest_abc", sdkUrl),
    "npm install http://10.0.0.7:3000/sdk/promptmetrics-instrumentation.tgz\nexport PROMPTMETRICS_API_KEY=pm_ingest_abc PROMPTMETRICS_ENDPOINT=http://10.0.0.7:4355\nnode --import @promptmetrics/instrumentation/register app.js",
  );
  assert.equal(
    otelSnippet(endpoint, undefined),
    'OTEL_EXPORTER_OTLP_ENDPOINT=http://10.0.0.7:4355\nOTEL_EXPORTER_OTLP_HEADERS="Authorization=Bearer pm_ingest_…"',
  );
});
