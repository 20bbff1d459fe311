// /api/invitations/:token: what a link invites to (no sign-in needed), and accepting it: as the
// signed-in user the invitation was addressed to, or by creating that account, which works even when
// open sign-up is turned off.
import { Router } from "express";
import {
  getInvitationByTokenHash,
  getMembership,
  getOrgById,
  getUserById,
  markInvitationAccepted,
  upsertMembership,
  type Invitation,
} from "@promptmetrics/clickhouse";
import { hashSecret } from "../access/api-keys.ts";
import { ConflictError, ForbiddenError, NotFoundError, UnauthorizedError, ValidationError } from "../http/errors.ts";
import { NoQuery, parseBody, parseQuery } from "../http/validate.ts";
import { startSession } from "../access/sessions.ts";
import type { AccountsContext } from "./context.ts";
import { loadMe } from "./me.ts";
import { createUser } from "./sign-up.ts";
import { AcceptBody } from "./schemas.ts";

/** `password` (and `name`) create the invited account; a signed-in caller sends neither. */

export function createInvitationRouter(ctx: AccountsContext): Router {
  const router = Router();

  const findOpen = async (token: string): Promise<Invitation> => {
    const invitation = await getInvitationByTokenHash(ctx.store, { tokenHash: hashSecret(token) });
    if (!invitation || invitation.acceptedAt || invitation.expiresAt.getTime() <= ctx.now().getTime()) {
      throw new NotFoundError("This invitation does not exist, was already used, or has expired");
    }
    return invitation;
  };

  router.get("/api/invitations/:token", async (req, res) => {
    parseQuery(NoQuery, req.query);
    const invitation = await findOpen(req.params.token);
    const org = await getOrgById(ctx.store, { orgId: invitation.orgId });
    if (!org) throw new NotFoundError("This invitation does not exist, was already used, or has expired");
    const caller = await ctx.resolveCaller(req);
    res.json({
      orgId: org.id,
      orgName: org.name,
      email: invitation.email,
      role: invitation.role,
      expiresAt: invitation.expiresAt,
      signedIn: caller !== undefined,
    });
  });

  router.post("/api/invitations/:token/accept", async (req, res) => {
    const body = parseBody(AcceptBody, req.body);
    const caller = await ctx.resolveCaller(req);
    const result = await ctx.lock(async () => {
      const invitation = await findOpen(req.params.token);
      let userId: string;
      let created = false;
      if (caller) {
        const user = await getUserById(ctx.store, { id: caller.userId });
        if (!user) throw new UnauthorizedError("This account no longer exists");
        if (user.email !== invitation.email)
          throw new ForbiddenError(`This invitation is for ${invitation.email}; sign in as that user to accept it`);
        userId = user.id;
      } else {
        if (body.password === undefined)
          throw new ValidationError("password: choose a password to create your account, or sign in first", "password");
        const user = await createUser(ctx.store, { email: invitation.email, password: body.password, name: body.name }).catch(
          (error: unknown) => {
            if (error instanceof ConflictError)
              throw new ConflictError(`An account for ${invitation.email} exists: sign in, then accept the invitation`, "email");
            throw error;
          },
        );
        userId = user.id;
        created = true;
      }
      // Someone already in the org keeps their role: an invitation never demotes.
      if (!(await getMembership(ctx.store, { orgId: invitation.orgId, userId }))) {
        await upsertMembership(ctx.store, { orgId: invitation.orgId, userId, role: invitation.role });
      }
      await markInvitationAccepted(ctx.store, { invitation, userId, at: ctx.now() });
      return { userId, created, orgId: invitation.orgId };
    });
    if (result.created) await startSession(ctx, req, res, result.userId);
    res.status(result.created ? 201 : 200).json({ orgId: result.orgId, ...(await loadMe(ctx, result.userId)) });
  });

  return router;
}
