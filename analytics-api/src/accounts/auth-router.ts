// /api/auth: sign-up, sign-in, sign-out and the current user.
import { Router } from "express";
import { getUserByEmail } from "@promptmetrics/clickhouse";
import { requireCaller } from "../access/caller.ts";
import { hashPassword, verifyPassword } from "../access/passwords.ts";
import { ForbiddenError, UnauthorizedError } from "../http/errors.ts";
import { NoBody, NoQuery, parseBody, parseQuery } from "../http/validate.ts";
import { endSession, startSession } from "../access/sessions.ts";
import type { AccountsContext } from "./context.ts";
import { loadMe } from "./me.ts";
import { signUp } from "./sign-up.ts";
import { LoginBody, SignUpBody } from "./schemas.ts";

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

  router.get("/api/auth/me", async (req, res) => {
    parseQuery(NoQuery, req.query);
    const caller = await requireCaller(ctx.resolveCaller, req);
    res.json(await loadMe(ctx, caller.userId));
  });

  return router;
}
