// Every documented route of the API, in the order the docs page shows them. A test checks that each
// one answers (no "No route" 404), so a route removed from a router cannot linger here; another that
// real answers match each route's `response` schema (test/integration/response-shapes.test.ts).
// The request schemas come from the modules the routers validate with (params.ts, schemas.ts), not from
// the routers: the document does not load the routes it describes.
import { NoBody, NoQuery } from "../http/validate.ts";
import { AcceptBody, InvitationBody, KeyBody, LoginBody, ProjectBody, RoleBody, SignUpBody, TokenBody } from "../accounts/schemas.ts";
import { costsParams, modelsParams, overviewParams, promptsParams, successRateParams, trendsParams, usersParams } from "../analytics/params.ts";
import { createRunBody } from "../runs/create-run.ts";
import { DetailQuery, exportRunsParams, listRunsParams } from "../runs/params.ts";
import { FeedbackBody, RateBody } from "../runs/schemas.ts";
import { SqlBody } from "../sql/schemas.ts";
import { SQL_TABLES } from "../sql/sql-tables.ts";
import { PriceOverrideBody } from "../projects/schemas.ts";
import { z } from "zod";
import { QUESTIONS } from "../analytics/questions.ts";
import { AcceptedInvitation, ApiToken, CreatedApiToken, CreatedIngestKey, CreatedInvitation, IngestKey, Invitation, InvitationPreview, Me, Member, Org, Project } from "./responses/accounts.ts";
import { CostsResponse, ModelsResponse, OverviewResponse, PromptsResponse, SuccessRateResponse, TrendsResponse, UsersResponse } from "./responses/analytics.ts";
import { PriceOverride, ProjectStatus, SampleDataResult, UnknownModel } from "./responses/projects.ts";
import { CreatedRun, RunDetail, RunFeedback, RunsPage } from "./responses/runs.ts";
import { SqlResult } from "./responses/sql.ts";
import type { RouteDoc } from "./route-doc.ts";

const COMMON_ERRORS = { 400: "Invalid parameter or field (named in error.field)", 401: "No valid session or token", 404: "No such resource, or not yours to see" } as const;
const ORG = { orgId: "The org's id" };
const PROJECT = { projectId: "The project's id" };

const accounts: RouteDoc[] = [
  { method: "post", path: "/api/auth/signup", tag: "Accounts", summary: "Create an account", description: "The first user of a fresh install becomes owner of the default org; later users get an org of their own. Sets the session cookie.", auth: false, body: SignUpBody, response: Me, responses: { 201: "The signed-in user, orgs and projects", 400: COMMON_ERRORS[400], 403: "Sign-up is turned off (PROMPTMETRICS_DISABLE_SIGNUP)", 409: "The email has an account", 429: "Too many sign-ups from this address or on this server; see Retry-After" } },
  { method: "post", path: "/api/auth/login", tag: "Accounts", summary: "Sign in", description: "Sets the session cookie. Rate-limited per client and email, and by failed sign-ins per account and on the whole server.", auth: false, body: LoginBody, response: Me, responses: { 200: "The signed-in user, orgs and projects", 401: "Wrong email or password", 429: "Too many attempts; see Retry-After" } },
  { method: "post", path: "/api/auth/logout", tag: "Accounts", summary: "Sign out", auth: false, body: NoBody, responses: { 204: "Signed out; the cookie is cleared" } },
  { method: "get", path: "/api/auth/me", tag: "Accounts", summary: "The current user", auth: true, query: NoQuery, response: Me, responses: { 200: "User, orgs with role, projects", 401: COMMON_ERRORS[401] } },
  { method: "get", path: "/api/projects", tag: "Projects", summary: "Projects the caller may see", auth: true, query: NoQuery, response: z.array(Project), responses: { 200: "[{ id, name, orgId, role, createdAt }]", 401: COMMON_ERRORS[401] } },
  { method: "post", path: "/api/projects", tag: "Projects", summary: "Create a project", auth: true, body: ProjectBody, response: Project, responses: { 201: "The project", 400: COMMON_ERRORS[400], 403: "Needs admin or owner", 404: COMMON_ERRORS[404], 409: "A project of that name exists" } },
  { method: "get", path: "/api/projects/:projectId", tag: "Projects", summary: "One project", auth: true, pathParams: PROJECT, query: NoQuery, response: Project, responses: { 200: "The project", 404: COMMON_ERRORS[404] } },
  { method: "post", path: "/api/projects/:projectId/ingest-keys", tag: "Ingest keys", summary: "Create an ingest key", description: "The secret is in the answer once and stored only hashed.", auth: true, pathParams: PROJECT, body: KeyBody, response: CreatedIngestKey, responses: { 201: "The key with its secret (`key`)", 403: "Viewers cannot create keys", 404: COMMON_ERRORS[404] } },
  { method: "get", path: "/api/projects/:projectId/ingest-keys", tag: "Ingest keys", summary: "List ingest keys", auth: true, pathParams: PROJECT, query: NoQuery, response: z.array(IngestKey), responses: { 200: "[{ id, name, prefix, createdAt, lastUsedAt, createdBy }]", 404: COMMON_ERRORS[404] } },
  { method: "delete", path: "/api/projects/:projectId/ingest-keys/:keyId", tag: "Ingest keys", summary: "Revoke an ingest key", description: "The ingest stops accepting it within seconds.", auth: true, pathParams: { ...PROJECT, keyId: "The key's id" }, body: NoBody, responses: { 204: "Revoked", 403: "Needs admin, or the member who created it", 404: COMMON_ERRORS[404] } },
  { method: "get", path: "/api/orgs", tag: "Orgs and members", summary: "Orgs the caller belongs to", auth: true, query: NoQuery, response: z.array(Org), responses: { 200: "[{ id, name, role, createdAt }]" } },
  { method: "get", path: "/api/orgs/:orgId", tag: "Orgs and members", summary: "One org", auth: true, pathParams: ORG, query: NoQuery, response: Org, responses: { 200: "The org", 404: COMMON_ERRORS[404] } },
  { method: "get", path: "/api/orgs/:orgId/members", tag: "Orgs and members", summary: "Members and their roles", auth: true, pathParams: ORG, query: NoQuery, response: z.array(Member), responses: { 200: "[{ userId, email, name, role, joinedAt }]", 404: COMMON_ERRORS[404] } },
  { method: "patch", path: "/api/orgs/:orgId/members/:userId", tag: "Orgs and members", summary: "Change a member's role", auth: true, pathParams: { ...ORG, userId: "The member's user id" }, body: RoleBody, response: Member, responses: { 200: "The member", 403: "Needs admin; only owners grant or change the owner role", 404: COMMON_ERRORS[404], 409: "It would leave the org without an owner" } },
  { method: "delete", path: "/api/orgs/:orgId/members/:userId", tag: "Orgs and members", summary: "Remove a member (or leave)", auth: true, pathParams: { ...ORG, userId: "The member's user id" }, body: NoBody, responses: { 204: "Removed", 403: "Needs admin; only owners remove owners", 404: COMMON_ERRORS[404], 409: "The last owner cannot leave" } },
  { method: "post", path: "/api/orgs/:orgId/invitations", tag: "Orgs and members", summary: "Invite by link", description: "The answer holds the link (`url`) and its token once; links expire after 7 days and work once.", auth: true, pathParams: ORG, body: InvitationBody, response: CreatedInvitation, responses: { 201: "The invitation with its link", 403: "Needs admin", 404: COMMON_ERRORS[404], 409: "Already a member" } },
  { method: "get", path: "/api/orgs/:orgId/invitations", tag: "Orgs and members", summary: "Pending invitations", auth: true, pathParams: ORG, query: NoQuery, response: z.array(Invitation), responses: { 200: "Invitations, without their tokens", 403: "Needs admin", 404: COMMON_ERRORS[404] } },
  { method: "delete", path: "/api/orgs/:orgId/invitations/:invitationId", tag: "Orgs and members", summary: "Withdraw an invitation", auth: true, pathParams: { ...ORG, invitationId: "The invitation's id" }, body: NoBody, responses: { 204: "Withdrawn", 403: "Needs admin", 404: COMMON_ERRORS[404] } },
  { method: "get", path: "/api/invitations/:token", tag: "Orgs and members", summary: "Preview an invitation", auth: false, pathParams: { token: "The token from the invitation link" }, query: NoQuery, response: InvitationPreview, responses: { 200: "{ orgId, orgName, email, role, expiresAt, signedIn }", 404: "Unknown, used, expired or withdrawn" } },
  { method: "post", path: "/api/invitations/:token/accept", tag: "Orgs and members", summary: "Accept an invitation", description: "Signed in: joins the org. Not signed in: creates the account with `password` (works even when sign-up is off).", auth: false, pathParams: { token: "The token from the invitation link" }, body: AcceptBody, response: AcceptedInvitation, responses: { 200: "Joined", 201: "Account created and joined", 403: "Signed in as another email", 404: "Unknown, used, expired or withdrawn", 409: "The email has an account: sign in first" } },
  { method: "post", path: "/api/tokens", tag: "API tokens", summary: "Create an API token", description: "Bearer token with its creator's rights; the secret is in the answer once. Only from a signed-in session.", auth: true, body: TokenBody, response: CreatedApiToken, responses: { 201: "The token with its secret (`token`)", 403: "Tokens cannot create tokens" } },
  { method: "get", path: "/api/tokens", tag: "API tokens", summary: "Your API tokens", auth: true, query: NoQuery, response: z.array(ApiToken), responses: { 200: "[{ id, name, prefix, createdAt, lastUsedAt }]" } },
  { method: "delete", path: "/api/tokens/:tokenId", tag: "API tokens", summary: "Revoke an API token", auth: true, pathParams: { tokenId: "The token's id" }, body: NoBody, responses: { 204: "Revoked", 404: COMMON_ERRORS[404] } },
];

const ANALYTICS_NOTE =
  "Times: `from`/`to` as ISO timestamps or relative (`24h`, `7d`, `30d`), half-open [from, to), buckets in `tz`. Filters repeat to match any of several values. Unknown parameters are a 400.";
const analytics: RouteDoc[] = [
  { method: "get", path: "/api/analytics/overview", tag: "Analytics", summary: "Totals and the previous period", description: ANALYTICS_NOTE, auth: true, query: overviewParams, response: OverviewResponse, responses: { 200: "{ meta, totals, previous, previousRange }", ...COMMON_ERRORS } },
  { method: "get", path: "/api/analytics/costs", tag: "Analytics", summary: "Cost by model, provider, user, prompt, version, tag or member", description: ANALYTICS_NOTE, auth: true, query: costsParams, response: CostsResponse, responses: { 200: "{ meta, groupBy, totalCostUsd, groups: [{ key, costUsd, share, … }], … }", ...COMMON_ERRORS } },
  { method: "get", path: "/api/analytics/trends", tag: "Analytics", summary: "A metric over time, optionally split by a dimension", description: ANALYTICS_NOTE, auth: true, query: trendsParams, response: TrendsResponse, responses: { 200: "{ meta, metric, series: [{ kind, key, points: [{ bucket, value }] }] }", ...COMMON_ERRORS } },
  { method: "get", path: "/api/analytics/models", tag: "Analytics", summary: "Model comparison", description: ANALYTICS_NOTE, auth: true, query: modelsParams, response: ModelsResponse, responses: { 200: "{ meta, models: [...] }", ...COMMON_ERRORS } },
  { method: "get", path: "/api/analytics/success-rate", tag: "Analytics", summary: "Success rate and ratings by model, prompt and version, over time", description: ANALYTICS_NOTE, auth: true, query: successRateParams, response: SuccessRateResponse, responses: { 200: "{ meta, totals, series, byModel, byPrompt, byPromptVersion }", ...COMMON_ERRORS } },
  { method: "get", path: "/api/analytics/users", tag: "Analytics", summary: "Usage by end user and by team member", description: ANALYTICS_NOTE, auth: true, query: usersParams, response: UsersResponse, responses: { 200: "{ meta, byUser, byMember }", ...COMMON_ERRORS } },
  { method: "get", path: "/api/analytics/prompts", tag: "Analytics", summary: "Prompts and versions, and two versions side by side", description: ANALYTICS_NOTE, auth: true, query: promptsParams, response: PromptsResponse, responses: { 200: "{ meta, prompts, comparison }", ...COMMON_ERRORS } },
];

// The export takes the runs filters with what=runs, or a question's own parameters with what=<question>.
const exportParams = exportRunsParams.extend({
  what: z.enum(["runs", ...QUESTIONS.map((question) => question.name)]).describe("runs, or the analytics table to download"),
});
const RUN = { runId: "The run's id: `<traceId>-<spanId>` in lowercase hex" };
const runs: RouteDoc[] = [
  { method: "get", path: "/api/runs", tag: "Runs", summary: "List runs: filter, search, sort, page", description: "`q` searches prompt and response text (case-insensitive). Pages with `cursor` = the previous answer's `nextCursor`.", auth: true, query: listRunsParams, response: RunsPage, responses: { 200: "{ items: [{ id, … }], nextCursor }", ...COMMON_ERRORS } },
  { method: "get", path: "/api/runs/:runId", tag: "Runs", summary: "One run with its whole trace as a tree", auth: true, pathParams: RUN, query: DetailQuery, response: RunDetail, responses: { 200: "The run with input, output, cost breakdown and trace", 404: COMMON_ERRORS[404] } },
  { method: "post", path: "/api/runs/create", tag: "Runs", summary: "Log a run without OpenTelemetry", description: "Cost is computed from the price catalogue and the project's overrides when not given.", auth: true, body: createRunBody, response: CreatedRun, responses: { 201: "The stored run", 400: COMMON_ERRORS[400], 403: "Viewers are read-only", 404: COMMON_ERRORS[404] } },
  { method: "post", path: "/api/runs/:runId/rate", tag: "Runs", summary: "Rate a run 1–5", description: "Rating again replaces the earlier rating.", auth: true, pathParams: RUN, body: RateBody, response: RunFeedback, responses: { 200: "{ id, rating, success, feedback, updatedAt }", 400: COMMON_ERRORS[400], 403: "Viewers are read-only", 404: COMMON_ERRORS[404] } },
  { method: "post", path: "/api/runs/:runId/feedback", tag: "Runs", summary: "Mark a run successful or not, with a comment", auth: true, pathParams: RUN, body: FeedbackBody, response: RunFeedback, responses: { 200: "{ id, rating, success, feedback, updatedAt }", 400: COMMON_ERRORS[400], 403: "Viewers are read-only", 404: COMMON_ERRORS[404] } },
  { method: "get", path: "/api/analytics/export", tag: "Exports", summary: "Download runs or any analytics table as CSV or JSON", description: "`what=runs` streams every run matching the filters (no size limit, RFC 4180 CSV). `what=overview|costs|trends|models|success-rate|users|prompts` takes that route's parameters and downloads its table.", auth: true, query: exportParams, produces: ["text/csv"], responses: { 200: "The file (Content-Disposition: attachment)", ...COMMON_ERRORS } },
  { method: "post", path: "/api/sql", tag: "SQL", summary: "Run a read-only query over your org's data", description: "Org owners and admins. One SELECT over llm_runs, spans, feedback, the rollups and projects, seen only for the org's own projects; 30 s and 4 GiB limits, at most 10,000 rows.", auth: true, body: SqlBody, produces: ["text/csv"], response: SqlResult, extensions: { "x-queryable-tables": SQL_TABLES }, responses: { 200: "{ columns, rows, rowCount, elapsedMs, truncated } or CSV", 400: "Not a single allowed SELECT (error.field = query)", 403: "Needs owner or admin", 404: COMMON_ERRORS[404] } },
];

const projectExtras: RouteDoc[] = [
  { method: "get", path: "/api/projects/:projectId/status", tag: "Projects", summary: "Whether the project has received runs yet", description: "Cheap enough to poll (the dashboard's onboarding does). `spans` counts LLM spans, as `runs` does; `otlpPort` is the ingest's port when the API runs beside it.", auth: true, pathParams: PROJECT, query: NoQuery, response: ProjectStatus, responses: { 200: "{ runs, spans, lastSpanAt, otlpPort }", 404: COMMON_ERRORS[404] } },
  { method: "post", path: "/api/projects/:projectId/sample-data", tag: "Projects", summary: "Load 30 days of sample runs", description: "About 20,000 demo runs over the last 30 days across six OpenAI and Anthropic models, with prompts and versions, 50 end users and ratings on about 10%. Loading again adds another set; the runs carry the instrumentation scope `@promptmetrics/synthetic`.", auth: true, pathParams: PROJECT, body: NoBody, response: SampleDataResult, responses: { 201: "{ runs, feedback }", 403: "Viewers are read-only", 404: COMMON_ERRORS[404], 409: "A load into this project is running" } },
  { method: "get", path: "/api/projects/:projectId/price-overrides", tag: "Prices", summary: "The project's price overrides", auth: true, pathParams: PROJECT, query: NoQuery, response: z.array(PriceOverride), responses: { 200: "[{ id, model, effectiveFrom, inputPerMTok, outputPerMTok, … }]", 404: COMMON_ERRORS[404] } },
  { method: "post", path: "/api/projects/:projectId/price-overrides", tag: "Prices", summary: "Add a price override", description: "Prices a catalogue model differently from `effectiveFrom` (default: every run), or prices a model the catalogue does not know. The ingest uses it within seconds; stored runs keep their cost until `promptmetrics reprice`.", auth: true, pathParams: PROJECT, body: PriceOverrideBody.meta({ id: "NewPriceOverride" }), response: PriceOverride, responses: { 201: "The override", 400: COMMON_ERRORS[400], 403: "Needs admin or owner", 404: COMMON_ERRORS[404] } },
  { method: "get", path: "/api/projects/:projectId/unknown-models", tag: "Prices", summary: "Models seen without a price", auth: true, pathParams: PROJECT, query: NoQuery, response: z.array(UnknownModel), responses: { 200: "[{ provider, model, runs, lastSeen }]", 404: COMMON_ERRORS[404] } },
];

const sdk: RouteDoc[] = [
  { method: "get", path: "/sdk/promptmetrics-instrumentation.tgz", tag: "SDK", summary: "The instrumentation package, for npm install", description: "The `npm pack` tarball of `@promptmetrics/instrumentation` this server was built with: `npm install <server>/sdk/promptmetrics-instrumentation.tgz`. Revalidated on every use (`Cache-Control: no-cache`, ETag).", auth: false, produces: ["application/gzip"], responses: { 200: "The package tarball (Content-Disposition: attachment)", 404: "The package was not built on this server (`npm run build`)" } },
];

export const API_ROUTES: readonly RouteDoc[] = [...accounts, ...projectExtras, ...analytics, ...runs, ...sdk];
