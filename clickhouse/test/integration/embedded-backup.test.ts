// Backups of the embedded store through the engine itself: a backup restores into an empty data dir
// with the same rows, rollup figures and schema level, and a restore refuses (restoring nothing) a
// missing, unfinished, partial, tampered or newer backup and a store that already holds tables.
import assert from "node:assert/strict";
import fs from "node:fs";
import path from "node:path";
import { after, before, test } from "node:test";
import {
  backupEmbeddedStore,
  BackupError,
  insertSpans,
  MANIFEST_FILE,
  migrate,
  newestKnownMigration,
  openStore,
  readManifest,
  restoreEmbeddedStore,
  type BackupManifest,
  type Store,
} from "../../src/index.ts";
import { tempDataDir } from "../backends.ts";
import { spanRow } from "../fixtures.ts";

const root = tempDataDir("pm-backup-");
const backups = path.join(root, "backups");
after(() => fs.rmSync(root, { recursive: true, force: true }));

/** Opens an embedded store on `dir` (a fresh engine: the previous one is closed first). */
function open(dir: string): Store {
  return openStore({ kind: "embedded", dataDir: path.join(root, dir), backupsDir: backups });
}

async function figures(store: Store) {
  const [spans] = await store.query<{ runs: number; cost: string }>("SELECT count() AS runs, toString(sum(cost_usd)) AS cost FROM spans");
  const [rollup] = await store.query<{ runs: number; cost: string }>(
    "SELECT sum(requests) AS runs, toString(sum(cost_usd)) AS cost FROM rollup_model_hourly",
  );
  return { spans, rollup };
}

let manifest: BackupManifest;
let before_: Awaited<ReturnType<typeof figures>>;

before(async () => {
  const store = open("source");
  try {
    await migrate(store);
    const rows = Array.from({ length: 40 }, (_, i) =>
      spanRow({
        project_id: i % 2 === 0 ? "p_a" : "p_b",
        span_id: (i + 1).toString(16).padStart(16, "0"),
        // A hostile string survives the round trip verbatim.
        prompt_name: i === 0 ? "'); DROP TABLE spans; --\u0000\u202e" : "triage",
        cost_usd: `0.00${i + 1}000000000`,
      }),
    );
    await insertSpans(store, { rows });
    before_ = await figures(store);
    manifest = await backupEmbeddedStore(store, { backupsDir: backups, name: "b1", mode: "offline" });
  } finally {
    await store.close();
  }
});

test("the manifest names the schema level, every table's rows and the files", () => {
  assert.equal(manifest.schema.migration, newestKnownMigration());
  assert.equal(manifest.tables.spans, 40);
  assert.equal(manifest.source.kind, "embedded");
  assert.ok(manifest.files.count > 0 && manifest.files.bytes > 0);
  assert.deepEqual(readManifest(path.join(backups, "b1")), manifest);
});

test("a restore into an empty data dir has the same rows, costs, rollups and schema level", async () => {
  const store = open("restored");
  try {
    await restoreEmbeddedStore(store, { backupsDir: backups, name: "b1" });
    assert.deepEqual(await figures(store), before_);
    const [hostile] = await store.query<{ n: number }>("SELECT count() AS n FROM spans WHERE prompt_name = {p:String}", {
      p: "'); DROP TABLE spans; --\u0000\u202e",
    });
    assert.equal(hostile?.n, 1);
    assert.deepEqual((await migrate(store)).applied, []);
  } finally {
    await store.close();
  }
});

test("a restore into a store that holds tables is refused", async () => {
  const store = open("source");
  try {
    await assert.rejects(restoreEmbeddedStore(store, { backupsDir: backups, name: "b1" }), {
      code: "RESTORE_TARGET_NOT_EMPTY",
      message: /is not empty: a restore goes only into an empty one/,
    });
  } finally {
    await store.close();
  }
});

/** A copy of b1 changed by `damage`, then restored into a fresh dir: the error, and the dir holds no tables. */
async function restoreDamaged(name: string, damage: (dir: string) => void): Promise<BackupError> {
  const dir = path.join(backups, name);
  fs.cpSync(path.join(backups, "b1"), dir, { recursive: true });
  damage(dir);
  const store = open(`target-${name}`);
  try {
    const error = await restoreEmbeddedStore(store, { backupsDir: backups, name }).then(
      () => assert.fail("the restore went through"),
      (error: unknown) => error,
    );
    assert.ok(error instanceof BackupError, String(error));
    const [tables] = await store.query<{ n: number }>("SELECT count() AS n FROM system.tables WHERE database = currentDatabase()");
    assert.equal(tables?.n, 0);
    return error;
  } finally {
    await store.close();
  }
}

const editManifest = (dir: string, edit: (m: BackupManifest) => void) => {
  const file = path.join(dir, MANIFEST_FILE);
  const json = JSON.parse(fs.readFileSync(file, "utf8")) as BackupManifest;
  edit(json);
  fs.writeFileSync(file, JSON.stringify(json));
};

test("a backup without its manifest (missing or unfinished) is refused", async () => {
  const error = await restoreDamaged("no-manifest", (dir) => fs.rmSync(path.join(dir, MANIFEST_FILE)));
  assert.equal(error.code, "BACKUP_MISSING");
  assert.match(error.message, /has no promptmetrics-backup\.json: it is not a PromptMetrics backup, or one that did not finish/);
});

test("a directory that does not exist is refused", async () => {
  const store = open("target-none");
  try {
    await assert.rejects(restoreEmbeddedStore(store, { backupsDir: backups, name: "nothing-here" }), {
      code: "BACKUP_MISSING",
      message: /There is no backup at .*nothing-here: the directory does not exist/,
    });
  } finally {
    await store.close();
  }
});

test("a partial backup (a data file gone) is refused", async () => {
  const error = await restoreDamaged("partial", (dir) => {
    const spans = path.join(dir, "data", "default", "spans");
    const part = fs.readdirSync(spans)[0]!;
    fs.rmSync(path.join(spans, part, "checksums.txt"));
  });
  assert.equal(error.code, "BACKUP_PARTIAL");
  assert.match(error.message, /is partial or altered: it has \d+ files \(\d+ bytes\) where the manifest lists \d+/);
});

test("a backup of a newer schema than this build knows is refused", async () => {
  const error = await restoreDamaged("newer", (dir) =>
    editManifest(dir, (m) => {
      m.schema = { migration: 9999, name: "9999_future" };
    }),
  );
  assert.equal(error.code, "BACKUP_MISMATCH");
  assert.match(error.message, /holds schema migration 9999 \(9999_future\), newer than this PromptMetrics knows/);
});

test("a manifest of a newer format, or of a server backup, is refused", async () => {
  const format = await restoreDamaged("format", (dir) => editManifest(dir, (m) => void (m.formatVersion = 2)));
  assert.match(format.message, /made by a newer PromptMetrics/);
  const kind = await restoreDamaged("kind", (dir) => editManifest(dir, (m) => void (m.source.kind = "server")));
  assert.match(kind.message, /is a backup of a ClickHouse server; restore it into the same kind of store/);
});

test("a manifest whose row counts the backup does not hold fails the restore's check", async () => {
  const error = await restoreDamaged("counts", (dir) => editManifest(dir, (m) => void (m.tables.spans = 41)));
  assert.equal(error.code, "RESTORE_INCOMPLETE");
  assert.match(error.message, /The restore is incomplete \(spans: 40 rows of 41\); what it restored was dropped again/);
});

test("a backup into a directory that holds files is refused, and the files are left alone", async () => {
  fs.mkdirSync(path.join(backups, "taken"), { recursive: true });
  fs.writeFileSync(path.join(backups, "taken", "notes.txt"), "mine");
  const store = open("source");
  try {
    await assert.rejects(backupEmbeddedStore(store, { backupsDir: backups, name: "taken", mode: "offline" }), {
      code: "BACKUP_TARGET_NOT_EMPTY",
    });
    assert.equal(fs.readFileSync(path.join(backups, "taken", "notes.txt"), "utf8"), "mine");
  } finally {
    await store.close();
  }
});
