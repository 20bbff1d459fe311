// The API's JSON answers as the dashboard receives them (dates as ISO strings). Copied from the
// analytics-api's own types (accounts/views.ts, analytics/*.ts, runs/run-view.ts, projects/*): web
// never imports analytics-api code, and api/endpoints.test.ts checks the routes and parameters.

export type Role = "viewer" | "member" | "admin" | "owner";
export const ROLES: readonly Role[] = ["viewer", "member", "admin", "owner"];

// ---- Accounts -------------------------------------------------------------------------------------

export interface User {
  id: string;
  email: string;
  name: string;
  createdAt: string;
}
export interface Org {
  id: string;
  name: string;
  /** The caller's role in the org. */
  role: Role;
  createdAt: string;
}
export interface Project {
  id: string;
  name: string;
  orgId: string;
  /** The caller's role in the project's org. */
  role: Role;
  createdAt: string;
}
/** GET /api/auth/me, and the answer of sign-up and sign-in. */
export interface Me {
  user: User;
  orgs: Org[];
  projects: Project[];
}
export interface Member {
  userId: string;
  email: string;
  name: string;
  role: Role;
  joinedAt: string;
}
export interface Invitation {
  id: string;
  orgId: string;
  email: string;
  role: Role;
  invitedBy: string;
  createdAt: string;
  expiresAt: string;
}
/** The creation answer: the link and its token, shown once. */
export interface CreatedInvitation extends Invitation {
  token: string;
  url: string;
}
export interface InvitationPreview {
  orgId: string;
  orgName: string;
  email: string;
  role: Role;
  expiresAt: string;
  signedIn: boolean;
}
export interface IngestKey {
  id: string;
  projectId: string;
  name: string;
  prefix: string;
  createdAt: string;
  lastUsedAt: string | null;
  createdBy: { userId: string; email: string } | null;
}
/** The creation answer: the secret (`key`) is there once, never again. */
export interface CreatedIngestKey extends IngestKey {
  key: string;
}
export interface ApiToken {
  id: string;
  name: string;
  prefix: string;
  createdAt: string;
  lastUsedAt: string | null;
}
export interface CreatedApiToken extends ApiToken {
  token: string;
}

// ---- Project extras (analytics-api/src/projects) ---------------------------------------------------

export interface ProjectStatus {
  /** LLM runs stored for the project. */
  runs: number;
  /** Spans of any kind stored for the project. */
  spans: number;
  /** When the newest span was received (ISO), or null. */
  lastSpanAt: string | null;
  /** The OTLP/HTTP port of this install, when the API knows it. */
  otlpPort: number | null;
}
export interface SampleDataResult {
  runs: number;
  feedback: number;
}
export interface PriceOverride {
  id: string;
  projectId: string;
  model: string;
  /** UTC date-time the price applies from, ISO. */
  effectiveFrom: string;
  /** USD per 1M tokens, exact decimal strings; null: as the catalogue. */
  inputPerMTok: string;
  cachedInputPerMTok: string | null;
  cacheWrite5mPerMTok: string | null;
  cacheWrite1hPerMTok: string | null;
  outputPerMTok: string;
}
export interface NewPriceOverride {
  model: string;
  inputPerMTok: string;
  outputPerMTok: string;
  cachedInputPerMTok?: string;
  cacheWrite5mPerMTok?: string;
  cacheWrite1hPerMTok?: string;
  /** ISO date or date-time (UTC); default now. */
  effectiveFrom?: string;
}
export interface UnknownModel {
  provider: string;
  model: string;
  /** Runs stored without a price. */
  runs: number;
  lastSeen: string;
}

// ---- Analytics -------------------------------------------------------------------------------------

export type Granularity = "minute" | "hour" | "day" | "week" | "month";
export type Dimension = "model" | "provider" | "user" | "prompt" | "promptVersion" | "tag" | "member";
export type RunStatus = "ok" | "error";
export type Source = "rollup_model_hourly" | "rollup_user_hourly" | "rollup_prompt_hourly" | "raw";

export interface Meta {
  projectId: string;
  /** The resolved range as UTC ISO timestamps; `to` is exclusive. */
  from: string;
  to: string;
  timeZone: string;
  granularity: Granularity;
  sources: Source[];
}

/** The figures every analytics answer reports for a set of runs. Rates and averages over no runs are null. */
export interface Figures {
  requests: number;
  errors: number;
  errorRate: number | null;
  inputTokens: number;
  outputTokens: number;
  cacheReadTokens: number;
  cacheWriteTokens: number;
  reasoningTokens: number;
  costUsd: number;
  avgLatencyMs: number | null;
  p50LatencyMs: number | null;
  p95LatencyMs: number | null;
  avgTtftMs: number | null;
  successRate: number | null;
  avgRating: number | null;
  ratedRuns: number;
}
export type FigureName = keyof Figures;

export interface OverviewResponse {
  meta: Meta;
  totals: Figures;
  previous: Figures;
  previousRange: { from: string; to: string };
}

export interface MemberName {
  email: string | null;
  name: string | null;
}
export interface CostGroup extends Partial<MemberName> {
  /** "" for runs without a value. For `member`, the owner's user id. */
  key: string;
  costUsd: number;
  /** 0..1; null when the total is 0. */
  share: number | null;
  requests: number;
  inputTokens: number;
  outputTokens: number;
}
export interface CostsResponse {
  meta: Meta;
  groupBy: Dimension;
  totalCostUsd: number;
  totalRequests: number;
  groups: CostGroup[];
  truncated: boolean;
  /** Null for tags (groups overlap). */
  otherCostUsd: number | null;
}

export interface TrendSeries {
  kind: "total" | "group" | "other";
  key: string | null;
  label?: string | null;
  points: { bucket: string; value: number | null }[];
}
export interface TrendsResponse {
  meta: Meta;
  metric: FigureName;
  splitBy: Dimension | null;
  series: TrendSeries[];
}

export interface ModelRow extends Figures {
  provider: string;
  model: string;
  costPer1kRequests: number | null;
  costPer1MTokens: number | null;
  tokensPerRequest: number | null;
}
export interface ModelsResponse {
  meta: Meta;
  models: ModelRow[];
}

export type QualityFigures = Pick<Figures, "requests" | "errors" | "successRate" | "avgRating" | "ratedRuns">;
export interface SuccessRateResponse {
  meta: Meta;
  totals: QualityFigures;
  series: ({ bucket: string } & QualityFigures)[];
  byModel: ({ model: string } & QualityFigures)[];
  byPrompt: ({ prompt: string } & QualityFigures)[];
  byPromptVersion: ({ prompt: string; version: string } & QualityFigures)[];
}

export interface UsersResponse {
  meta: Meta;
  byUser: ({ userId: string } & Figures)[];
  byMember: ({ memberId: string } & MemberName & Figures)[];
}

export interface PromptVersionRow extends Figures {
  prompt: string;
  version: string;
  costPerRun: number | null;
  tokensPerRun: number | null;
}
export interface PromptsResponse {
  meta: Meta;
  prompts: PromptVersionRow[];
  comparison: { prompt: string; versions: [PromptVersionRow, PromptVersionRow] } | null;
}

// ---- Runs ------------------------------------------------------------------------------------------

export interface RunItem {
  /** `<traceId>-<spanId>` */
  id: string;
  traceId: string;
  spanId: string;
  startTime: string;
  endTime: string;
  latencyMs: number;
  ttftMs: number | null;
  model: string;
  provider: string;
  operation: string;
  promptName: string;
  promptVersion: string;
  userId: string;
  sessionId: string;
  tags: string[];
  inputTokens: number;
  outputTokens: number;
  cacheReadTokens: number;
  cacheWriteTokens: number;
  reasoningTokens: number;
  /** Null when the model has no known price. */
  costUsd: number | null;
  status: RunStatus;
  finishReason: string;
  rating: number | null;
  success: boolean | null;
  feedback: string | null;
  inputPreview: string;
  outputPreview: string;
}
export interface RunsPage {
  items: RunItem[];
  nextCursor: string | null;
}
export interface RunCost {
  totalUsd: number | null;
  inputUsd: number;
  cacheReadUsd: number;
  cacheWriteUsd: number;
  outputUsd: number;
  reasoningUsd: number;
  reportedUsd: number | null;
  /** catalogue, override, custom, unknown or caller. */
  priceSource: string;
  pricedModel: string;
}
export interface TraceNode {
  id: string;
  parentId: string | null;
  /** The run id of an LLM span (link to its detail); null for other spans. */
  runId: string | null;
  name: string;
  kind: string;
  startTime: string;
  durationMs: number;
  status: "unset" | "ok" | "error";
  isLlm: boolean;
  model: string;
  costUsd: number | null;
  children: TraceNode[];
}
export interface RunDetail extends RunItem {
  projectId: string;
  parentSpanId: string | null;
  name: string;
  serviceName: string;
  requestModel: string;
  responseModel: string;
  serviceTier: string;
  statusMessage: string;
  cacheWrite1hTokens: number;
  usageEstimated: boolean;
  input: string;
  output: string;
  cost: RunCost;
  feedbackUpdatedAt: string | null;
  attributes: Record<string, string>;
  resourceAttributes: Record<string, string>;
  trace: { traceId: string; spanCount: number; truncated: boolean; roots: TraceNode[] };
}
export interface RunFeedback {
  id: string;
  rating: number | null;
  success: boolean | null;
  feedback: string | null;
  updatedAt: string;
}

// ---- SQL -------------------------------------------------------------------------------------------

export interface SqlColumn {
  name: string;
  type: string;
}
export interface SqlResult {
  columns: SqlColumn[];
  /** One array per row in column order (decimals as strings). */
  rows: unknown[][];
  rowCount: number;
  truncated: boolean;
  elapsedMs: number;
}
