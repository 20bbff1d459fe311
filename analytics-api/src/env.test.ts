import assert from "node:assert/strict";
import { test } from "node:test";
import { apiEnvSchema, apiSettingsFromEnv } from "./env.ts";

test("defaults: sign-up open, no extra origins", () => {
  assert.deepEqual(apiSettingsFromEnv(apiEnvSchema.parse({})), { disableSignup: false, trustedOrigins: [] });
});

test("parses the flags, the public URL and the trusted origins", () => {
  const env = apiEnvSchema.parse({
    PROMPTMETRICS_DISABLE_SIGNUP: "true",
    PROMPTMETRICS_PUBLIC_URL: "https://metrics.example.com",
    PROMPTMETRICS_TRUSTED_ORIGINS: "http://localhost:5173/, https://ui.example.com",
  });
  assert.deepEqual(apiSettingsFromEnv(env), {
    disableSignup: true,
    publicUrl: "https://metrics.example.com",
    trustedOrigins: ["http://localhost:5173", "https://ui.example.com"],
  });
});

test("bad values name the variable", () => {
  const result = apiEnvSchema.safeParse({ PROMPTMETRICS_DISABLE_SIGNUP: "maybe", PROMPTMETRICS_TRUSTED_ORIGINS: "ftp://x" });
  assert.equal(result.success, false);
  const paths = result.error!.issues.map((issue) => String(issue.path[0]));
  assert.deepEqual(paths.sort(), ["PROMPTMETRICS_DISABLE_SIGNUP", "PROMPTMETRICS_TRUSTED_ORIGINS"]);
});
