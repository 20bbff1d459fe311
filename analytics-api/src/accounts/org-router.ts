// /api/orgs: the caller's orgs, their members (list, change role, remove) and invitations (create,
// list, withdraw). Rules: owners and admins manage members; only an owner may grant the owner role or
// change or remove an owner; an org always keeps at least one owner; anyone may leave an org.
import { randomBytes, randomUUID } from "node:crypto";
import { Router, type Request } from "express";
import {
  deleteInvitation,
  deleteMembership,
  getInvitationById,
  insertInvitation,
  listOrgMembers,
  listOrgsByUser,
  listPendingInvitationsByOrg,
  upsertMembership,
  type Role,
} from "@promptmetrics/clickhouse";
import { requireCaller } from "../access/caller.ts";
import { requireRole } from "../access/roles.ts";
import { hashSecret } from "../access/api-keys.ts";
import { ConflictError, NotFoundError } from "../http/errors.ts";
import { NoBody, NoQuery, parseBody, parseQuery } from "../http/validate.ts";
import type { AccountsContext } from "./context.ts";
import { invitationView, memberView, orgView } from "./views.ts";
import { InvitationBody, RoleBody } from "./schemas.ts";

export const INVITATION_TTL_MS = 7 * 24 * 3600_000;
/** Where the dashboard shows an invitation: `<base>/invite/<token>`. */
export const INVITATION_PATH = "/invite/";

export function createOrgRouter(ctx: AccountsContext): Router {
  const router = Router();

  router.get("/api/orgs", async (req, res) => {
    parseQuery(NoQuery, req.query);
    const caller = await requireCaller(ctx.resolveCaller, req);
    res.json((await listOrgsByUser(ctx.store, { userId: caller.userId })).map(orgView));
  });

  router.get("/api/orgs/:orgId", async (req, res) => {
    parseQuery(NoQuery, req.query);
    const access = await ctx.authorizeOrg(req, req.params.orgId);
    const org = (await listOrgsByUser(ctx.store, { userId: access.userId })).find((candidate) => candidate.orgId === access.orgId);
    if (!org) throw new NotFoundError(`Org ${access.orgId} not found`);
    res.json(orgView(org));
  });

  router.get("/api/orgs/:orgId/members", async (req, res) => {
    parseQuery(NoQuery, req.query);
    const access = await ctx.authorizeOrg(req, req.params.orgId);
    res.json((await listOrgMembers(ctx.store, { orgId: access.orgId })).map(memberView));
  });

  router.patch("/api/orgs/:orgId/members/:userId", async (req, res) => {
    const access = await ctx.authorizeOrg(req, req.params.orgId);
    requireRole(access, "admin");
    const { role } = parseBody(RoleBody, req.body);
    const updated = await ctx.lock(async () => {
      const members = await listOrgMembers(ctx.store, { orgId: access.orgId });
      const target = members.find((member) => member.userId === req.params.userId);
      if (!target) throw new NotFoundError(`Member ${req.params.userId} not found`);
      if ((target.role === "owner" || role === "owner") && access.role !== "owner") {
        requireRole(access, "owner", "Only an owner can grant the owner role or change an owner's role");
      }
      if (target.role === "owner" && role !== "owner") assertAnotherOwner(members, target.userId);
      await upsertMembership(ctx.store, { orgId: access.orgId, userId: target.userId, role, createdAt: target.joinedAt });
      return { ...target, role };
    });
    res.json(memberView(updated));
  });

  router.delete("/api/orgs/:orgId/members/:userId", async (req, res) => {
    const access = await ctx.authorizeOrg(req, req.params.orgId);
    const leaving = req.params.userId === access.userId;
    if (!leaving) requireRole(access, "admin");
    parseBody(NoBody, req.body);
    await ctx.lock(async () => {
      const members = await listOrgMembers(ctx.store, { orgId: access.orgId });
      const target = members.find((member) => member.userId === req.params.userId);
      if (!target) throw new NotFoundError(`Member ${req.params.userId} not found`);
      if (target.role === "owner" && !leaving) requireRole(access, "owner", "Only an owner can remove an owner");
      if (target.role === "owner") assertAnotherOwner(members, target.userId);
      await deleteMembership(ctx.store, { orgId: access.orgId, userId: target.userId, role: target.role, createdAt: target.joinedAt });
    });
    res.status(204).end();
  });

  router.post("/api/orgs/:orgId/invitations", async (req, res) => {
    const access = await ctx.authorizeOrg(req, req.params.orgId);
    requireRole(access, "admin");
    const body = parseBody(InvitationBody, req.body);
    if (body.role === "owner") requireRole(access, "owner", "Only an owner can invite an owner");
    const token = randomBytes(32).toString("base64url");
    const invitation = await ctx.lock(async () => {
      const members = await listOrgMembers(ctx.store, { orgId: access.orgId });
      if (members.some((member) => member.email === body.email))
        throw new ConflictError(`${body.email} is already a member of this org`, "email");
      const now = ctx.now();
      // A new invitation replaces earlier ones to the same address, so only the latest link works.
      for (const earlier of await listPendingInvitationsByOrg(ctx.store, { orgId: access.orgId, now })) {
        if (earlier.email === body.email) await deleteInvitation(ctx.store, { invitation: earlier });
      }
      return insertInvitation(ctx.store, {
        orgId: access.orgId,
        id: `inv_${randomUUID()}`,
        email: body.email,
        role: body.role,
        tokenHash: hashSecret(token),
        invitedBy: access.userId,
        createdAt: now,
        expiresAt: new Date(now.getTime() + INVITATION_TTL_MS),
      });
    });
    res.status(201).json({ ...invitationView(invitation), token, url: `${ctx.publicUrl ?? requestOrigin(req)}${INVITATION_PATH}${token}` });
  });

  router.get("/api/orgs/:orgId/invitations", async (req, res) => {
    parseQuery(NoQuery, req.query);
    const access = await ctx.authorizeOrg(req, req.params.orgId);
    requireRole(access, "admin");
    res.json((await listPendingInvitationsByOrg(ctx.store, { orgId: access.orgId, now: ctx.now() })).map(invitationView));
  });

  router.delete("/api/orgs/:orgId/invitations/:invitationId", async (req, res) => {
    const access = await ctx.authorizeOrg(req, req.params.orgId);
    requireRole(access, "admin");
    parseBody(NoBody, req.body);
    const invitation = await getInvitationById(ctx.store, { orgId: access.orgId, id: req.params.invitationId });
    if (!invitation || invitation.acceptedAt) throw new NotFoundError(`Invitation ${req.params.invitationId} not found`);
    await deleteInvitation(ctx.store, { invitation });
    res.status(204).end();
  });

  return router;
}

function assertAnotherOwner(members: readonly { userId: string; role: Role }[], userId: string): void {
  if (!members.some((member) => member.role === "owner" && member.userId !== userId)) {
    throw new ConflictError("An org must keep at least one owner: make another member owner first");
  }
}

/** Without a public URL: the host the request named, which the Host allowlist accepted (so never a rebinding page's). */
function requestOrigin(req: Request): string {
  return `${req.protocol}://${req.host}`;
}
