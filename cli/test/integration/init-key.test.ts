// A chosen PROMPTMETRICS_INIT_INGEST_KEY as the security probe used it (`pm_prodsecretkey_1`): neither the
// start-up output nor the API's key list shows any of it, only a fingerprint.
import assert from "node:assert/strict";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { after, test } from "node:test";
import { hashSecret } from "@promptmetrics/analytics-api/auth";
import { killQuietly, startCli, type RunningCli } from "../cli-process.ts";

const SECRET = "pm_prodsecretkey_1";
const FINGERPRINT = `custom_${hashSecret(SECRET).slice(0, 6)}`;
const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), "pm-init-key-"));
const env = {
  PROMPTMETRICS_DATA_DIR: dataDir,
  PROMPTMETRICS_INIT_INGEST_KEY: SECRET,
  PROMPTMETRICS_INIT_ADMIN_EMAIL: "ops@acme.test",
  PROMPTMETRICS_INIT_ADMIN_PASSWORD: "correct horse battery",
};
let running: RunningCli | undefined;
after(() => {
  killQuietly(running);
  fs.rmSync(dataDir, { recursive: true, force: true });
});

test("start-up names the chosen key by its fingerprint, and the key list shows the same", async () => {
  running = startCli(["start"], env);
  const [, apiUrl] = await running.waitFor(/API and dashboard\s+(http:\/\/\S+)/);
  await running.waitFor(/Created: .*ingest key/);
  const output = running.output();
  assert.ok(output.includes(`ingest key ${FINGERPRINT}… for "Default project"`), output);
  assert.doesNotMatch(output, /prodsecret/, "no part of the secret is printed");

  const login = await fetch(`${apiUrl}/api/auth/login`, {
    method: "POST",
    headers: { "Content-Type": "application/json" },
    body: JSON.stringify({ email: "ops@acme.test", password: "correct horse battery" }),
  });
  assert.equal(login.status, 200);
  const cookie = login.headers
    .getSetCookie()
    .map((c) => c.split(";")[0])
    .join("; ");
  const { projects } = (await login.json()) as { projects: { id: string }[] };
  const keys = await fetch(`${apiUrl}/api/projects/${projects[0]!.id}/ingest-keys`, { headers: { cookie } });
  assert.equal(keys.status, 200);
  const list = (await keys.json()) as { prefix: string }[];
  assert.deepEqual(
    list.map((key) => key.prefix),
    [FINGERPRINT],
  );
  assert.equal(await running.stop(), 0);
  assert.doesNotMatch(running.output(), /prodsecret/);
});
