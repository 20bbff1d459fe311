// Headless bootstrap against the real embedded store: PROMPTMETRICS_INIT_* create exactly what they
// name, once, however often the server starts.
import assert from "node:assert/strict";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { after, before, test } from "node:test";
import { migrate, openStore, type Store } from "@promptmetrics/clickhouse";
import { hashSecret, verifyPassword } from "@promptmetrics/analytics-api/auth";
import { bootstrap } from "../../src/bootstrap.ts";

const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), "pm-bootstrap-"));
let store: Store;
before(async () => {
  store = openStore({ kind: "embedded", dataDir });
  await migrate(store);
});
after(async () => {
  await store.close();
  fs.rmSync(dataDir, { recursive: true, force: true });
});

const init = {
  org: "Acme",
  project: "Checkout bot",
  ingestKey: "acme-ingest-key-0123456789abcdef",
  adminEmail: "Ops@Acme.example",
  adminPassword: "correct horse battery staple",
};

async function counts() {
  const [row] = await store.query<Record<string, number>>(
    `SELECT (SELECT count() FROM orgs FINAL) AS orgs, (SELECT count() FROM projects FINAL) AS projects,
            (SELECT count() FROM users FINAL) AS users, (SELECT count() FROM memberships FINAL) AS memberships,
            (SELECT count() FROM api_keys FINAL) AS keys`,
  );
  return row;
}

test("INIT variables create the org, project, ingest key and owner on first start", async () => {
  const result = await bootstrap(store, init);
  assert.equal(result.org?.name, "Acme");
  assert.equal(result.project?.name, "Checkout bot");
  assert.equal(result.project?.orgId, result.org?.id);
  assert.equal(result.newIngestKey, undefined, "a key given by the operator is never echoed");
  assert.deepEqual(await counts(), { orgs: 1, projects: 1, users: 1, memberships: 1, keys: 1 });

  const [key] = await store.query<{ project_id: string; secret_hash: string; prefix: string }>(
    "SELECT project_id, secret_hash, prefix FROM api_keys FINAL",
  );
  assert.deepEqual(key, {
    project_id: result.project!.id,
    secret_hash: hashSecret(init.ingestKey),
    prefix: `custom_${hashSecret(init.ingestKey).slice(0, 6)}`,
  });

  const [user] = await store.query<{ email: string; password_hash: string; role: string }>(
    "SELECT u.email AS email, u.password_hash AS password_hash, m.role AS role FROM users AS u FINAL JOIN memberships AS m FINAL ON m.user_id = u.id",
  );
  assert.equal(user?.email, "ops@acme.example");
  assert.equal(user?.role, "owner");
  assert.match(user!.password_hash, /^scrypt\$32768\$8\$1\$/);
  assert.ok(await verifyPassword(init.adminPassword, user!.password_hash));
  assert.ok(!(await verifyPassword("wrong password", user!.password_hash)));
});

test("running the same bootstrap again creates nothing", async () => {
  const result = await bootstrap(store, init);
  assert.deepEqual(result.created, []);
  assert.deepEqual(await counts(), { orgs: 1, projects: 1, users: 1, memberships: 1, keys: 1 });
});

test("without INIT variables an install that has an org is left alone", async () => {
  const result = await bootstrap(store, {});
  assert.deepEqual(result, { created: [] });
});

test("a second project named by INIT gets a generated key, printed once", async () => {
  const first = await bootstrap(store, { org: "Acme", project: "Search" });
  assert.match(first.newIngestKey ?? "", /^pm_ingest_[A-Za-z0-9_-]{43}$/);
  const again = await bootstrap(store, { org: "Acme", project: "Search" });
  assert.equal(again.newIngestKey, undefined);
  assert.deepEqual(await counts(), { orgs: 1, projects: 2, users: 1, memberships: 1, keys: 2 });
});

test("a chosen key that starts with pm_ is stored and reported by its fingerprint only", async () => {
  const secret = "pm_prodsecretkey_1";
  const result = await bootstrap(store, { org: "Acme", project: "Production", ingestKey: secret });
  const fingerprint = `custom_${hashSecret(secret).slice(0, 6)}`;
  assert.deepEqual(result.created, ['project "Production"', `ingest key ${fingerprint}… for "Production"`]);
  assert.equal(result.newIngestKey, undefined);
  const rows = await store.query<Record<string, unknown>>("SELECT * FROM api_keys FINAL WHERE project_id = {p:String}", {
    p: result.project!.id,
  });
  assert.equal(rows.length, 1);
  assert.equal(rows[0]!.prefix, fingerprint);
  assert.equal(rows[0]!.secret_hash, hashSecret(secret));
  assert.ok(!JSON.stringify(rows).includes("prodsecret"), "no column holds any of the secret");
});
