// The JSON answers of the account, org, invitation, project, key and token routes.
import { z } from "zod";
import type { IngestKeyView, InvitationView, MeView, MemberView, OrgView, ProjectView, TokenView, UserView } from "../../accounts/views.ts";
import { Role, Timestamp } from "./common.ts";
import type { Agree, Expect, JsonOf } from "./type-checks.ts";

export const User = z.strictObject({ id: z.string(), email: z.string(), name: z.string(), createdAt: Timestamp }).meta({ id: "User" });

export const Org = z
  .strictObject({ id: z.string(), name: z.string(), role: Role.describe("The caller's role in the org."), createdAt: Timestamp })
  .meta({ id: "Org" });

export const Project = z
  .strictObject({
    id: z.string(),
    name: z.string(),
    orgId: z.string(),
    role: Role.describe("The caller's role in the project's org."),
    createdAt: Timestamp,
  })
  .meta({ id: "Project" });

export const Me = z
  .strictObject({ user: User, orgs: z.array(Org), projects: z.array(Project) })
  .meta({ id: "Me", description: "GET /api/auth/me, and the answer of sign-up and sign-in." });

export const AcceptedInvitation = Me.extend({ orgId: z.string().describe("The org joined.") }).meta({ id: "AcceptedInvitation" });

export const Member = z
  .strictObject({ userId: z.string(), email: z.string(), name: z.string(), role: Role, joinedAt: Timestamp })
  .meta({ id: "Member" });

export const Invitation = z
  .strictObject({
    id: z.string(),
    orgId: z.string(),
    email: z.string(),
    role: Role,
    invitedBy: z.string(),
    createdAt: Timestamp,
    expiresAt: Timestamp,
  })
  .meta({ id: "Invitation" });

export const CreatedInvitation = Invitation.extend({ token: z.string(), url: z.string() }).meta({
  id: "CreatedInvitation",
  description: "The creation answer: the link and its token, shown once.",
});

export const InvitationPreview = z
  .strictObject({ orgId: z.string(), orgName: z.string(), email: z.string(), role: Role, expiresAt: Timestamp, signedIn: z.boolean() })
  .meta({ id: "InvitationPreview" });

export const IngestKey = z
  .strictObject({
    id: z.string(),
    projectId: z.string(),
    name: z.string(),
    prefix: z.string(),
    createdAt: Timestamp,
    lastUsedAt: Timestamp.nullable(),
    createdBy: z.strictObject({ userId: z.string(), email: z.string() }).nullable(),
  })
  .meta({ id: "IngestKey" });

export const CreatedIngestKey = IngestKey.extend({ key: z.string() }).meta({
  id: "CreatedIngestKey",
  description: "The creation answer: the secret (`key`) is there once, never again.",
});

export const ApiToken = z
  .strictObject({
    id: z.string(),
    name: z.string(),
    prefix: z.string(),
    createdAt: Timestamp,
    lastUsedAt: Timestamp.nullable(),
    expiresAt: Timestamp.describe("When the token stops working; requests with it then get 401 saying it expired."),
  })
  .meta({ id: "ApiToken" });

export const PasswordChanged = z
  .strictObject({
    changed: z.literal(true),
    otherSessionsEnded: z.number().int().describe("Your other signed-in sessions, now signed out; this one stays."),
    message: z.string(),
  })
  .meta({ id: "PasswordChanged" });

export const CreatedApiToken = ApiToken.extend({ token: z.string() }).meta({ id: "CreatedApiToken" });

export type AccountChecks = [
  Expect<Agree<JsonOf<UserView>, z.output<typeof User>>>,
  Expect<Agree<JsonOf<OrgView>, z.output<typeof Org>>>,
  Expect<Agree<JsonOf<ProjectView>, z.output<typeof Project>>>,
  Expect<Agree<JsonOf<MeView>, z.output<typeof Me>>>,
  Expect<Agree<JsonOf<MemberView>, z.output<typeof Member>>>,
  Expect<Agree<JsonOf<InvitationView>, z.output<typeof Invitation>>>,
  Expect<Agree<JsonOf<IngestKeyView>, z.output<typeof IngestKey>>>,
  Expect<Agree<JsonOf<TokenView>, z.output<typeof ApiToken>>>,
];
