// The account tables read correctly whether or not ClickHouse has merged their versions yet: a role
// change, a removal, a revoked key, an ended session or an accepted invitation shows at once, and still
// after the parts are merged. Runs on every available backend.
import assert from "node:assert/strict";
import { after, before, describe, test } from "node:test";
import {
  countUsers,
  deleteInvitation,
  deleteMembership,
  deleteSession,
  getInvitationByTokenHash,
  getMembership,
  getOldestOrg,
  getOrgById,
  getProjectById,
  getSessionById,
  getUserById,
  insertApiKey,
  insertInvitation,
  insertOrg,
  insertProject,
  insertUser,
  listApiTokensByUser,
  listIngestKeysByProject,
  listOrgMembers,
  listOrgsByUser,
  listPendingInvitationsByOrg,
  listProjectsByUser,
  markInvitationAccepted,
  migrate,
  recordApiKeysUsed,
  revokeApiKey,
  upsertMembership,
  upsertSession,
  type Store,
} from "../../src/index.ts";
import { embeddedBackend, serverBackend, stopServerBackend, type TestBackend } from "../backends.ts";

const server = await serverBackend();
const backends: TestBackend[] = typeof server === "string" ? [embeddedBackend] : [embeddedBackend, server];
if (typeof server === "string") test("account queries against a ClickHouse server", { skip: server }, () => {});
after(stopServerBackend);

// Relative to the real clock: the sessions table drops rows a day after they expire (TTL).
const T0 = new Date();
const hours = (n: number) => new Date(T0.getTime() + n * 3600_000);

for (const backend of backends) {
  describe(`account queries (${backend.name})`, () => {
    let store: Store;
    let dispose: () => Promise<void>;
    const merge = async (table: string) => store.command(`OPTIMIZE TABLE ${table} FINAL`);

    before(async () => {
      ({ store, dispose } = await backend.open());
      await migrate(store);
      await insertOrg(store, { id: "org_a", name: "Acme" });
      await insertOrg(store, { id: "org_b", name: "Beta" });
      await insertProject(store, { id: "proj_a1", orgId: "org_a", name: "Checkout" });
      await insertProject(store, { id: "proj_b1", orgId: "org_b", name: "Search" });
      await insertUser(store, { id: "user_ann", email: "Ann@Example.com", name: "Ann", passwordHash: "scrypt$x" });
      await insertUser(store, { id: "user_ben", email: "ben@example.com", name: "Ben", passwordHash: "scrypt$y" });
    });
    after(() => dispose());

    test("users, orgs and projects by id; the oldest org; the user count", async () => {
      assert.equal((await getUserById(store, { id: "user_ann" }))?.email, "ann@example.com");
      assert.equal(await getUserById(store, { id: "user_nobody" }), undefined);
      assert.equal((await getOrgById(store, { orgId: "org_b" }))?.name, "Beta");
      assert.equal((await getProjectById(store, { projectId: "proj_a1" }))?.orgId, "org_a");
      assert.equal((await getOldestOrg(store))?.id, "org_a");
      assert.equal(await countUsers(store), 2);
    });

    test("a role change and a removal show at once, and after merging", async () => {
      const joined = new Date("2026-11-01T00:00:00.000Z");
      await upsertMembership(store, { orgId: "org_a", userId: "user_ann", role: "owner", createdAt: joined });
      await upsertMembership(store, { orgId: "org_a", userId: "user_ben", role: "viewer" });
      await upsertMembership(store, { orgId: "org_b", userId: "user_ben", role: "owner" });
      await upsertMembership(store, { orgId: "org_a", userId: "user_ben", role: "admin" });
      const members = await listOrgMembers(store, { orgId: "org_a" });
      assert.deepEqual(
        members.map((m) => [m.email, m.role]),
        [
          ["ann@example.com", "owner"],
          ["ben@example.com", "admin"],
        ],
      );
      assert.deepEqual(members[0]!.joinedAt, joined);
      assert.deepEqual(
        (await listOrgsByUser(store, { userId: "user_ben" })).map((o) => [o.name, o.role]),
        [
          ["Acme", "admin"],
          ["Beta", "owner"],
        ],
      );
      assert.deepEqual((await listProjectsByUser(store, { userId: "user_ben" })).map((p) => p.id).sort(), ["proj_a1", "proj_b1"]);

      await deleteMembership(store, { orgId: "org_a", userId: "user_ben", role: "admin", createdAt: joined });
      for (const when of ["before merge", "after merge"]) {
        assert.equal(await getMembership(store, { orgId: "org_a", userId: "user_ben" }), undefined, when);
        assert.deepEqual(
          (await listOrgMembers(store, { orgId: "org_a" })).map((m) => m.userId),
          ["user_ann"],
          when,
        );
        assert.deepEqual(
          (await listProjectsByUser(store, { userId: "user_ben" })).map((p) => p.id),
          ["proj_b1"],
          when,
        );
        await merge("memberships");
      }
      await upsertMembership(store, { orgId: "org_a", userId: "user_ben", role: "member" });
      assert.equal(await getMembership(store, { orgId: "org_a", userId: "user_ben" }), "member", "re-added after removal");
    });

    test("sessions: renewed, then ended", async () => {
      await upsertSession(store, { id: "hash_1", userId: "user_ann", createdAt: T0, expiresAt: hours(1) });
      await upsertSession(store, { id: "hash_1", userId: "user_ann", createdAt: T0, expiresAt: hours(48) });
      assert.deepEqual(await getSessionById(store, { id: "hash_1" }), {
        id: "hash_1",
        userId: "user_ann",
        createdAt: T0,
        expiresAt: hours(48),
      });
      assert.equal(await deleteSession(store, { id: "hash_1" }), true);
      assert.equal(await getSessionById(store, { id: "hash_1" }), undefined);
      await merge("sessions");
      assert.equal(await getSessionById(store, { id: "hash_1" }), undefined);
      assert.equal(await deleteSession(store, { id: "hash_1" }), false);
    });

    test("invitations: found by token hash; pending excludes accepted, expired and withdrawn ones", async () => {
      const base = { orgId: "org_a", role: "member" as const, invitedBy: "user_ann", createdAt: T0, expiresAt: hours(24) };
      const open = await insertInvitation(store, { ...base, id: "inv_open", email: "New@Example.com", tokenHash: "th_open" });
      const accepted = await insertInvitation(store, { ...base, id: "inv_accepted", email: "a@example.com", tokenHash: "th_accepted" });
      await insertInvitation(store, { ...base, id: "inv_expired", email: "e@example.com", tokenHash: "th_expired", expiresAt: hours(1) });
      const withdrawn = await insertInvitation(store, { ...base, id: "inv_withdrawn", email: "w@example.com", tokenHash: "th_withdrawn" });
      await insertInvitation(store, { ...base, orgId: "org_b", id: "inv_other_org", email: "o@example.com", tokenHash: "th_other" });
      await markInvitationAccepted(store, { invitation: accepted, userId: "user_ben", at: hours(2) });
      await deleteInvitation(store, { invitation: withdrawn });

      assert.equal(open.email, "new@example.com");
      assert.deepEqual(await getInvitationByTokenHash(store, { tokenHash: "th_open" }), open);
      const acceptedNow = await getInvitationByTokenHash(store, { tokenHash: "th_accepted" });
      assert.deepEqual([acceptedNow?.acceptedAt, acceptedNow?.acceptedBy], [hours(2), "user_ben"]);
      assert.equal(await getInvitationByTokenHash(store, { tokenHash: "th_withdrawn" }), undefined);
      assert.deepEqual(
        (await listPendingInvitationsByOrg(store, { orgId: "org_a", now: hours(3) })).map((i) => i.id),
        ["inv_open"],
      );
      assert.deepEqual((await listPendingInvitationsByOrg(store, { orgId: "org_a", now: hours(0.5) })).map((i) => i.id).sort(), [
        "inv_expired",
        "inv_open",
      ]);
    });

    test("key lists: unrevoked keys of the kind, their last use (the latest) and creator", async () => {
      const key = (id: string, kind: "ingest" | "api", userId: string, projectId = "") =>
        insertApiKey(store, {
          id,
          kind,
          orgId: projectId ? "org_a" : "",
          projectId,
          userId,
          name: id,
          prefix: `${id}_p`,
          secretHash: `sha_${id}`,
        });
      await key("k_boot", "ingest", "", "proj_a1");
      await key("k_ann", "ingest", "user_ann", "proj_a1");
      await key("k_revoked", "ingest", "user_ann", "proj_a1");
      await key("k_other", "ingest", "user_ann", "proj_b1");
      await key("t_ann", "api", "user_ann");
      await key("t_ben", "api", "user_ben");
      await revokeApiKey(store, { id: "k_revoked" });
      await recordApiKeysUsed(store, {
        usedAt: new Map([
          ["k_ann", hours(5)],
          ["t_ann", hours(1)],
        ]),
      });
      await recordApiKeysUsed(store, { usedAt: new Map([["k_ann", hours(3)]]) });

      const ingest = await listIngestKeysByProject(store, { projectId: "proj_a1" });
      assert.deepEqual(
        ingest.map((k) => [k.id, k.lastUsedAt, k.creatorEmail]),
        [
          ["k_boot", null, ""],
          ["k_ann", hours(5), "ann@example.com"],
        ],
      );
      const tokens = await listApiTokensByUser(store, { userId: "user_ann" });
      assert.deepEqual(
        tokens.map((t) => [t.id, t.kind, t.lastUsedAt]),
        [["t_ann", "api", hours(1)]],
      );
    });
  });
}
