// Every migration statement keeps the shapes a cluster renderer can rewrite mechanically
// (ON CLUSTER after the name, Replicated* engines, Distributed tables on top): see docs/design/storage.md.
import assert from "node:assert/strict";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { test } from "node:test";
import { MigrationError } from "./errors.ts";
import { loadMigrations } from "./migrations.ts";

const ALLOWED_STATEMENT =
  /^(CREATE TABLE IF NOT EXISTS \w+\s*\(|CREATE MATERIALIZED VIEW IF NOT EXISTS \w+ TO \w+ AS\s|CREATE OR REPLACE VIEW \w+ AS\s|ALTER TABLE \w+ )/;
const ALLOWED_ENGINE = /ENGINE = (MergeTree|ReplacingMergeTree|AggregatingMergeTree|SummingMergeTree)\b/;

test("migrations are numbered from 0001 without gaps", () => {
  const versions = loadMigrations().map((m) => m.version);
  assert.deepEqual(
    versions,
    versions.map((_, i) => i + 1),
  );
});

test("every statement is re-runnable and renderable for a cluster", () => {
  for (const migration of loadMigrations()) {
    for (const statement of migration.statements) {
      assert.match(statement, ALLOWED_STATEMENT, `${migration.name}: ${statement.slice(0, 80)}`);
      if (statement.startsWith("CREATE TABLE"))
        assert.match(statement, ALLOWED_ENGINE, `${migration.name}: engine of ${statement.slice(0, 60)}`);
      assert.doesNotMatch(
        statement,
        /\bON CLUSTER\b|Replicated|Distributed\(/,
        `${migration.name}: cluster clauses are added by the renderer`,
      );
    }
  }
});

test("checksums ignore Windows line endings but nothing else", () => {
  const checksumOf = (text: string) => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), "pm-checksum-"));
    fs.writeFileSync(path.join(dir, "0001_x.sql"), text);
    const [migration] = loadMigrations(dir);
    fs.rmSync(dir, { recursive: true, force: true });
    return migration!.checksum;
  };
  const lf = checksumOf("CREATE TABLE IF NOT EXISTS x (a UInt8) ENGINE = MergeTree ORDER BY a;\n");
  assert.match(lf, /^[0-9a-f]{64}$/);
  assert.equal(checksumOf("CREATE TABLE IF NOT EXISTS x (a UInt8) ENGINE = MergeTree ORDER BY a;\r\n"), lf);
  assert.notEqual(checksumOf("CREATE TABLE IF NOT EXISTS x (a UInt16) ENGINE = MergeTree ORDER BY a;\n"), lf);
});

test("badly named or duplicate migration files are refused", () => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "pm-names-"));
  fs.writeFileSync(path.join(dir, "1_bad.sql"), "SELECT 1;");
  assert.throws(() => loadMigrations(dir), MigrationError);
  fs.rmSync(path.join(dir, "1_bad.sql"));
  fs.writeFileSync(path.join(dir, "0001_a.sql"), "SELECT 1;");
  fs.writeFileSync(path.join(dir, "0001_b.sql"), "SELECT 2;");
  assert.throws(() => loadMigrations(dir), /share version 0001/);
  fs.rmSync(dir, { recursive: true, force: true });
});
