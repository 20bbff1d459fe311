// /api/auth: sign-up, sign-in, sign-out, the current user and a password change.
import { Router } from "express";
import { getUserByEmail, getUserById, updateUserPassword } from "@promptmetrics/clickhouse";
import { requireCaller } from "../access/caller.ts";
import { hashPassword, verifyPassword } from "../access/passwords.ts";
import { AppError, ForbiddenError, UnauthorizedError, ValidationError } from "../http/errors.ts";
import { NoBody, NoQuery, parseBody, parseQuery } from "../http/validate.ts";
import { endOtherSessions, endSession, startSession } from "../access/sessions.ts";
import type { AccountsContext } from "./context.ts";
import { loadMe } from "./me.ts";
import { signUp } from "./sign-up.ts";
import { LoginBody, PasswordChangeBody, SignUpBody } from "./schemas.ts";

// Verifying against a throwaway hash when the email is unknown makes a miss cost as much as a wrong
// password, so response times do not tell which emails have accounts.
let decoyHash: Promise<string> | undefined;

export function createAuthRouter(ctx: AccountsContext): Router {
  const router = Router();

  router.post("/api/auth/signup", async (req, res) => {
    if (ctx.disableSignup) throw new ForbiddenError("Sign-up is turned off on this install; ask an admin of your org for an invitation");
    const body = parseBody(SignUpBody, req.body);
    await ctx.budgets.startSignUp(req.ip ?? "");
    const { user } = await ctx.lock(() => signUp(ctx.store, body));
    await startSession(ctx, req, res, user.id);
    res.status(201).json(await loadMe(ctx, user.id));
  });

  router.post("/api/auth/login", async (req, res) => {
    const body = parseBody(LoginBody, req.body);
    // Spent before the password is checked, so a refused attempt tells nothing about it.
    const ticket = await ctx.budgets.startSignIn(req.ip ?? "", body.email);
    const user = await getUserByEmail(ctx.store, { email: body.email });
    const valid = user
      ? await verifyPassword(body.password, user.passwordHash)
      : await verifyPassword(body.password, await (decoyHash ??= hashPassword("decoy password")));
    if (!user || !valid) throw new UnauthorizedError("Email or password is wrong");
    await ticket.succeeded();
    await startSession(ctx, req, res, user.id);
    res.json(await loadMe(ctx, user.id));
  });

  router.post("/api/auth/logout", async (req, res) => {
    parseBody(NoBody, req.body);
    await endSession(ctx, req, res);
    res.status(204).end();
  });

  // A password change re-checks the current password, spending the sign-in budgets (someone at an
  // unlocked screen cannot guess faster than at the sign-in page), then signs out every other session:
  // whoever knew the old password is out. API tokens stay: they are listed and revoked apart.
  router.post("/api/auth/password", async (req, res) => {
    const caller = await requireCaller(ctx.resolveCaller, req);
    if (caller.via !== "session") throw new ForbiddenError("A password is changed from a signed-in session, not with an API token");
    const body = parseBody(PasswordChangeBody, req.body);
    const user = await getUserById(ctx.store, { id: caller.userId });
    if (!user) throw new UnauthorizedError();
    const ticket = await ctx.budgets.startSignIn(req.ip ?? "", user.email);
    if (!(await verifyPassword(body.currentPassword, user.passwordHash)))
      throw new AppError(403, "wrong_password", "The current password is wrong", { field: "currentPassword" });
    await ticket.succeeded();
    if (body.newPassword === body.currentPassword) throw new ValidationError("must differ from the current password", "newPassword");
    await updateUserPassword(ctx.store, { id: user.id, passwordHash: await hashPassword(body.newPassword) });
    const otherSessionsEnded = await endOtherSessions(ctx, req, user.id);
    res.json({
      changed: true,
      otherSessionsEnded,
      message:
        otherSessionsEnded === 0
          ? "Password changed. You had no other sessions; this one stays signed in."
          : `Password changed. ${otherSessionsEnded} other ${otherSessionsEnded === 1 ? "session was" : "sessions were"} signed out; this one stays signed in.`,
    });
  });

  router.get("/api/auth/me", async (req, res) => {
    parseQuery(NoQuery, req.query);
    const caller = await requireCaller(ctx.resolveCaller, req);
    res.json(await loadMe(ctx, caller.userId));
  });

  return router;
}
