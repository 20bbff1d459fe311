// The dashboard in a real browser against the real all-in-one server: a new user signs up, onboards,
// loads sample data, checks the overview against the API, rates a run and sees it in the analytics,
// creates and revokes an ingest key, queries in the SQL console, and looks at the overview on a phone
// and in dark mode. Every page visited is saved to web/e2e/screenshots/ for a person to look at.
// Run: `npm run build` (the test serves web/dist as built), then `npx node --test web/e2e/dashboard.test.ts`.
import assert from "node:assert/strict";
import { after, before } from "node:test";
import type { Locator, Page } from "playwright-core";
import type {
  CreatedIngestKey,
  GatewayLimit,
  IngestKey,
  Me,
  ModelsResponse,
  OverviewResponse,
  ProjectStatus,
  ProviderConnection,
  RunDetail,
  RoutingRule,
  RoutingStats,
  RunsPage,
  SuccessRateResponse,
} from "../src/api/types.ts";
import { formatCount, formatMs, formatPercent, formatRating, formatUsd } from "../src/lib/format.ts";
import { describeQuality } from "../src/lib/quality-figure.ts";
import { assertDashboardBuilt, eventually, launchBrowser, startServer, type BrowserSession, type RunningServer } from "./harness.ts";
import { apiGet, columnCells, columnTexts, flow, literal, signUp } from "./steps.ts";
import { startMockProvider } from "@promptmetrics/testing/mock-provider";

const USER = { name: "Ada Lovelace", email: "ada@example.com", password: "correct horse battery" };
/** Every sample run lies in the last 30 days; 90 days holds them all whichever moment "now" is. */
const RANGE = { from: "90d", tz: "UTC" };

let server: RunningServer;
let session: BrowserSession;
let page: Page;
let projectId = "";
let sampleRuns = 0;

before(async () => {
  assertDashboardBuilt();
  server = await startServer();
  session = await launchBrowser(server.apiUrl);
  page = session.page;
});

after(async () => {
  await session?.close();
  await server?.stop();
});

const step = flow(() => ({ server, session }));

/** GET an API route with the browser's session cookie, as the dashboard itself would. */
function api<T>(route: string, params: Record<string, string | number> = {}): Promise<T> {
  return apiGet<T>(page, route, params);
}

/** POST an API route with the browser's session cookie (and its Origin, as the dashboard sends it); asserts the status. */
async function apiPost<T>(route: string, data: unknown, status: number): Promise<T> {
  const response = await page.request.post(route, { data, headers: { origin: server.apiUrl } });
  const text = await response.text();
  assert.equal(response.status(), status, `POST ${route} answered ${response.status()}: ${text}`);
  return (text ? JSON.parse(text) : undefined) as T;
}

/** What an app with this ingest key gets from the OTLP receiver: an empty export, so no data is added. */
async function otlpStatus(key: string): Promise<number> {
  const response = await fetch(`${server.otlpUrl}/v1/traces`, {
    method: "POST",
    headers: { "content-type": "application/json", authorization: `Bearer ${key}` },
    body: "{}",
  });
  await response.arrayBuffer();
  return response.status;
}

const heading = (name: string) => page.getByRole("heading", { level: 1, name });
const mainNav = (name: string) => page.getByRole("navigation", { name: "Main" }).getByRole("link", { name, exact: true });

// ---- The overview's figures, read off the page --------------------------------------------------------

const KPI_TITLES = [
  "Cost",
  "Requests",
  "Tokens",
  "Cost per request",
  "Error rate",
  "p95 latency",
  "Success rate",
  "Quality",
  "Average rating",
] as const;
type KpiTitle = (typeof KPI_TITLES)[number];

function kpiCard(title: string): Locator {
  return page
    .getByRole("region", { name: "Key figures" })
    .locator(":scope > *")
    .filter({ has: page.getByText(title, { exact: true }) });
}

/** Each card's headline as the page shows it (the second paragraph of the card; the first is its title). */
async function readKpis(): Promise<Record<KpiTitle, string>> {
  const entries = await Promise.all(
    KPI_TITLES.map(
      async (title) => [title, ((await kpiCard(title).locator("p").nth(1).textContent({ timeout: 2_000 })) ?? "").trim()] as const,
    ),
  );
  return Object.fromEntries(entries) as Record<KpiTitle, string>;
}

/** The same figures from the API's answer, formatted as the dashboard formats them. */
function expectedKpis({ totals }: OverviewResponse): Record<KpiTitle, string> {
  return {
    Cost: formatUsd(totals.costUsd),
    Requests: formatCount(totals.requests),
    Tokens: formatCount(totals.inputTokens + totals.outputTokens),
    "Cost per request": formatUsd(totals.requests > 0 ? totals.costUsd / totals.requests : null),
    "Error rate": formatPercent(totals.errorRate),
    "p95 latency": formatMs(totals.p95LatencyMs),
    "Success rate": formatPercent(totals.successRate),
    Quality: describeQuality(totals).text,
    "Average rating": formatRating(totals.avgRating),
  };
}

/** What a drawn chart has in its SVG: the area and donut paths, the bars (Tremor draws them as rects). */
const CHART_MARKS = "svg path[d], svg .recharts-bar-rectangle rect";

/** The overview's cards and its three charts drawn (their marks exist and have a size). */
async function waitForOverviewDrawn(): Promise<void> {
  await heading("Overview").waitFor();
  await page
    .getByRole("region", { name: "Key figures" })
    .locator('[aria-busy="false"]')
    .nth(KPI_TITLES.length - 1)
    .waitFor();
  for (const chart of ["Cost over time", "Requests over time", "Cost by model"]) {
    await page.getByRole("figure", { name: chart }).getByRole("img").locator(CHART_MARKS).filter({ visible: true }).first().waitFor();
  }
}

const overviewQuery = () => ({ projectId, ...RANGE });

// ---- The flow -----------------------------------------------------------------------------------------

step("sign up: the first user of a fresh install owns its org and lands on the onboarding", async () => {
  projectId = await signUp(session, USER);
  const me = await api<Me>("/api/auth/me");
  assert.equal(me.user.email, USER.email);
  assert.deepEqual(
    me.orgs.map((org) => [org.name, org.role]),
    [["Default", "owner"]],
  );
  assert.deepEqual(
    me.projects.map((project) => [project.id, project.name]),
    [[projectId, "Default project"]],
  );
});

step("onboarding: a new ingest key, copyable, in snippets that point at the real OTLP endpoint; waiting for the first span", async () => {
  await heading("Get started with Default project").waitFor();
  await page.getByRole("status").filter({ hasText: "Waiting for your first span…" }).waitFor();

  await page.getByRole("button", { name: "Create an ingest key" }).click();
  const keyField = page.getByRole("textbox", { name: "Ingest key" });
  await keyField.waitFor();
  const key = await keyField.inputValue();
  assert.match(key, /^pm_ingest_\S{16,}$/);
  const secretBox = page.getByRole("status").filter({ hasText: "Your new ingest key" });
  await secretBox.getByRole("button", { name: "Copy" }).click();
  // (The button says "Copied" for two seconds only: too short to wait on reliably on a busy machine.)
  await eventually(async () => assert.equal(await page.evaluate("navigator.clipboard.readText()"), key));

  const nodeSnippet = (await page.getByLabel("Commands to instrument a Node app", { exact: true }).textContent()) ?? "";
  assert.match(nodeSnippet, new RegExp(`^npm install ${literal(server.apiUrl)}/sdk/promptmetrics-instrumentation\\.tgz\\n`));
  assert.match(nodeSnippet, new RegExp(`PROMPTMETRICS_API_KEY=${key} PROMPTMETRICS_ENDPOINT=${literal(server.otlpUrl)}\\n`));
  const otelSnippet = (await page.getByLabel("OpenTelemetry exporter settings", { exact: true }).textContent()) ?? "";
  assert.match(otelSnippet, new RegExp(`OTEL_EXPORTER_OTLP_ENDPOINT=${literal(server.otlpUrl)}\\n`));
  assert.match(otelSnippet, new RegExp(`Authorization=Bearer ${key}`));
  // The package, key and endpoint shown are the ones that work.
  const sdk = await fetch(`${server.apiUrl}/sdk/promptmetrics-instrumentation.tgz`);
  assert.equal(sdk.status, 200);
  assert.equal(sdk.headers.get("content-type"), "application/gzip");
  await sdk.arrayBuffer();
  assert.equal(await otlpStatus(key), 200);
  assert.equal(await otlpStatus("pm_ingest_not-a-real-key-000000"), 401);

  assert.equal((await api<ProjectStatus>(`/api/projects/${projectId}/status`)).runs, 0);
  await page.getByRole("status").filter({ hasText: "Waiting for your first span…" }).waitFor();
  await session.screenshot("onboarding");
});

step("load sample data: the live check turns green and leads to the overview", async () => {
  await page.getByRole("button", { name: "Load sample data" }).click();
  const loaded = page.getByRole("status").filter({ hasText: /Loaded [\d,.K]+ sample runs/ });
  await loaded.waitFor({ timeout: 90_000 });
  const status = await api<ProjectStatus>(`/api/projects/${projectId}/status`);
  assert.ok(status.runs >= 1000, `sample data loaded ${status.runs} runs`);
  sampleRuns = status.runs;
  const check = page.getByRole("status").filter({ hasText: "Your first spans are in" });
  await check.waitFor();
  assert.match((await check.textContent()) ?? "", new RegExp(`${literal(formatCount(sampleRuns))} runs so far`));
  await session.screenshot("sample-data-loaded");

  await check.getByRole("link", { name: "Open the overview" }).click();
  await page.waitForURL(new RegExp(`/p/${projectId}/overview`));
  await waitForOverviewDrawn();
  await session.screenshot("overview-30d");
});

step("overview: the KPI cards show the API's totals for the same range", async () => {
  await page.getByRole("group", { name: "Date range" }).getByRole("button", { name: "90d" }).click();
  await page.waitForURL(/[?&]from=90d/);
  await waitForOverviewDrawn();
  const overview = await eventually(async () => {
    const answer = await api<OverviewResponse>("/api/analytics/overview", overviewQuery());
    assert.deepEqual(await readKpis(), expectedKpis(answer));
    return answer;
  });
  assert.equal(overview.totals.requests, sampleRuns, "every sample run is in the last 90 days");
  assert.ok(overview.totals.costUsd > 0 && overview.totals.ratedRuns > 0, "the sample has costs and ratings");
  // The sample's failed and truncated runs fail the quality heuristics; every run was counted.
  assert.equal(overview.totals.qualityRuns, sampleRuns);
  assert.ok(overview.totals.qualityRate !== null && overview.totals.qualityRate < 1, `quality ${overview.totals.qualityRate}`);
  // The line under the rating card counts the rated runs.
  await kpiCard("Average rating")
    .getByText(`From ${formatCount(overview.totals.ratedRuns)} rated runs`, { exact: true })
    .waitFor();
  await session.screenshot("overview-90d");
});

step("overview opened directly: index.html's inline script sends its reads once, and the page takes those answers", async () => {
  const asked: string[] = [];
  const refused: string[] = [];
  const onRequest = (request: { url(): string }) => {
    const url = new URL(request.url());
    if (url.pathname.startsWith("/api/")) asked.push(`${url.pathname}${url.search}`);
  };
  const onConsole = (message: { text(): string }) => {
    if (/Content Security Policy/i.test(message.text())) refused.push(message.text());
  };
  page.on("request", onRequest);
  page.on("console", onConsole);
  try {
    await page.reload();
    await waitForOverviewDrawn();
  } finally {
    page.off("request", onRequest);
    page.off("console", onConsole);
  }
  assert.deepEqual(refused, [], "the page's CSP refused nothing (the inline script is allowed by its hash)");
  const count = (pattern: RegExp) => asked.filter((url) => pattern.test(url)).length;
  assert.equal(count(/^\/api\/auth\/me$/), 1, asked.join("\n"));
  assert.equal(count(/^\/api\/analytics\/overview\?/), 1, asked.join("\n"));
  assert.equal(count(/^\/api\/analytics\/trends\?.*metric=costUsd/), 1, asked.join("\n"));
  assert.equal(count(/^\/api\/analytics\/trends\?.*metric=requests/), 1, asked.join("\n"));
  assert.equal(count(/^\/api\/analytics\/costs\?.*groupBy=model/), 1, asked.join("\n"));
  const overview = await api<OverviewResponse>("/api/analytics/overview", overviewQuery());
  assert.deepEqual(await readKpis(), expectedKpis(overview));
});

let ratedRun: RunDetail;
let beforeRating: { overview: OverviewResponse; quality: SuccessRateResponse };

step("runs: open an unrated run and rate it 4 stars", async () => {
  await mainNav("Runs").click();
  await heading("Runs").waitFor();
  const table = page.getByRole("table", { name: "Runs" });
  await table.getByRole("row").nth(1).waitFor();
  await session.screenshot("runs");

  await page.getByRole("group", { name: "Rating" }).getByRole("button", { name: "Unrated" }).click();
  await page.waitForURL(/[?&]rated=false/);
  await page.getByRole("group", { name: "Rating" }).getByRole("button", { name: "Unrated", pressed: true }).waitFor();
  // The rows of the filtered list, once it has reloaded: none has a rating.
  await eventually(async () => {
    assert.equal(await table.getAttribute("aria-busy"), "false");
    const ratings = await columnTexts(table, "Rating");
    assert.ok(ratings.length > 0 && ratings.every((text) => text === "–"), `ratings in the unrated list: ${ratings.join(", ")}`);
  });

  beforeRating = {
    overview: await api<OverviewResponse>("/api/analytics/overview", overviewQuery()),
    quality: await api<SuccessRateResponse>("/api/analytics/success-rate", overviewQuery()),
  };
  await table
    .getByRole("link", { name: /^Run of / })
    .first()
    .click();
  await page.waitForURL(new RegExp(`/p/${projectId}/runs/[^/?]+`));
  const runId = decodeURIComponent(new URL(page.url()).pathname.split("/")[4]!);
  const run = await api<RunDetail>(`/api/runs/${encodeURIComponent(runId)}`, { projectId });
  assert.equal(run.rating, null);
  await page.getByRole("heading", { name: "Rate this run" }).waitFor();
  await page.getByText("Not rated yet").waitFor();
  await session.screenshot("run-detail");

  // A person clicks the fourth star: a transparent radio lies over each star.
  const fourStars = page.getByRole("group", { name: "Rating" }).getByRole("radio", { name: /^4 stars/ });
  await fourStars.check();
  await page.getByText("Saved: 4 of 5").waitFor();
  ratedRun = await api<RunDetail>(`/api/runs/${encodeURIComponent(runId)}`, { projectId });
  assert.equal(ratedRun.rating, 4);
  await session.screenshot("run-rated");
});

step("a run the quality heuristics flagged: its badges on the run page", async () => {
  // Sample runs cut at the token limit carry the truncated flag, as the ingest stores them.
  const flagged = await api<RunsPage>("/api/runs", { projectId, from: RANGE.from, quality: "truncated", limit: 1 });
  const run = flagged.items[0];
  assert.ok(run && run.qualityFlags.includes("truncated"), JSON.stringify(flagged.items));
  await page.goto(`/p/${projectId}/runs/${encodeURIComponent(run.id)}`);
  await page.getByRole("heading", { name: "Request evidence" }).waitFor();
  // In the status card and in the call's details.
  const badges = page.getByLabel("Quality flags");
  await eventually(async () => assert.equal(await badges.filter({ hasText: "Truncated" }).count(), 2));
  await session.screenshot("run-flagged");
});

step("the rating shows in the analytics: API, models table and the overview's average rating", async () => {
  const { overview: earlier, quality: earlierQuality } = beforeRating;
  const ratedBefore = earlier.totals.ratedRuns;
  const expectedAvg = ((earlier.totals.avgRating ?? 0) * ratedBefore + 4) / (ratedBefore + 1);
  const overview = await eventually(async () => {
    const answer = await api<OverviewResponse>("/api/analytics/overview", overviewQuery());
    assert.equal(answer.totals.ratedRuns, ratedBefore + 1);
    return answer;
  });
  assert.ok(
    Math.abs((overview.totals.avgRating ?? 0) - expectedAvg) < 1e-9,
    `average rating ${overview.totals.avgRating}, expected ${expectedAvg}`,
  );

  const quality = await api<SuccessRateResponse>("/api/analytics/success-rate", overviewQuery());
  const modelBefore = earlierQuality.byModel.find((row) => row.model === ratedRun.model);
  const modelAfter = quality.byModel.find((row) => row.model === ratedRun.model);
  assert.ok(modelBefore && modelAfter, `success-rate has the model ${ratedRun.model}`);
  assert.equal(modelAfter.ratedRuns, modelBefore.ratedRuns + 1);
  assert.equal(quality.totals.ratedRuns, ratedBefore + 1);

  // The models table: the rated run's model now stands on one more rated run.
  await page.goto(`/p/${projectId}/models?from=${RANGE.from}`);
  await heading("Models").waitFor();
  const models = await api<ModelsResponse>("/api/analytics/models", { ...overviewQuery(), limit: 200 });
  const modelRow = models.models.find((row) => row.model === ratedRun.model)!;
  assert.equal(modelRow.ratedRuns, modelBefore.ratedRuns + 1);
  const row = page
    .getByRole("table", { name: "Models compared" })
    .getByRole("row")
    .filter({ has: page.getByText(ratedRun.model, { exact: true }) });
  const ratingCell = row.getByRole("cell").last();
  await eventually(async () =>
    assert.equal(
      ((await ratingCell.textContent()) ?? "").trim(),
      `${formatRating(modelRow.avgRating)}${formatCount(modelRow.ratedRuns)} rated`,
    ),
  );
  // Quality beside success rate, as the API answers it, with the heuristics in the header's tooltip.
  const table = page.getByRole("table", { name: "Models compared" });
  assert.deepEqual(
    await columnTexts(table, "Quality"),
    models.models.map((model) => describeQuality(model).text),
  );
  assert.match((await table.getByRole("columnheader", { name: "Quality" }).getAttribute("title")) ?? "", /not a refusal/);
  await session.screenshot("models");

  // The overview after a reload: the average rating card.
  await page.goto(`/p/${projectId}/overview?from=${RANGE.from}`);
  await waitForOverviewDrawn();
  await eventually(async () => assert.equal((await readKpis())["Average rating"], formatRating(overview.totals.avgRating)));
  await kpiCard("Average rating")
    .getByText(`From ${formatCount(ratedBefore + 1)} rated runs`, { exact: true })
    .waitFor();
});

step("settings: create an ingest key (its secret shown once), then revoke it", async () => {
  await mainNav("Settings").click();
  await heading("Settings").waitFor();
  await page.getByRole("navigation", { name: "Settings" }).getByRole("link", { name: "Ingest keys" }).click();
  await page.waitForURL(/\/settings\/keys$/);
  const table = page.getByRole("table", { name: "Ingest keys" });
  await table.waitFor();

  const name = "e2e checkout-service";
  await page.getByLabel("Key name", { exact: true }).fill(name);
  await page.getByRole("button", { name: "Create key" }).click();
  const secretField = page.getByRole("textbox", { name: "Ingest key secret" });
  await secretField.waitFor();
  const secret = await secretField.inputValue();
  assert.match(secret, /^pm_ingest_/);
  const keyRow = table.getByRole("row").filter({ hasText: name });
  await keyRow.waitFor();
  const listed = await api<IngestKey[]>(`/api/projects/${projectId}/ingest-keys`);
  const created = listed.find((key) => key.name === name);
  assert.ok(created, "the API lists the new key");
  assert.ok(secret.startsWith(created.prefix), "the table's prefix is the secret's");
  assert.ok(!JSON.stringify(listed).includes(secret), "the API never shows the secret again");
  assert.equal(await otlpStatus(secret), 200);
  await session.screenshot("settings-key-created");

  await page
    .getByRole("status")
    .filter({ hasText: `Ingest key "${name}"` })
    .getByRole("button", { name: "Done" })
    .click();
  await secretField.waitFor({ state: "detached" });
  await page.reload();
  await keyRow.waitFor();
  assert.equal(await page.getByText(secret).count(), 0, "the secret is not shown again");

  await page.getByRole("button", { name: `Revoke key ${name}` }).click();
  const dialog = page.getByRole("dialog");
  await dialog.getByRole("heading", { name: `Revoke "${name}"?` }).waitFor();
  await session.screenshot("settings-revoke-dialog");
  await dialog.getByRole("button", { name: "Revoke" }).click();
  await dialog.waitFor({ state: "detached" });
  await keyRow.waitFor({ state: "detached" });
  assert.equal(
    (await api<IngestKey[]>(`/api/projects/${projectId}/ingest-keys`)).some((key) => key.name === name),
    false,
  );
  // The receiver refuses the revoked key within seconds.
  await eventually(async () => assert.equal(await otlpStatus(secret), 401), { timeoutMs: 30_000, intervalMs: 500 });
  await session.screenshot("settings-key-revoked");
});

step("Settings, integrations: a provider key is checked, connected and shown masked; a limit is set; disconnect asks first", async () => {
  const provider = await startMockProvider();
  try {
    await page.getByRole("navigation", { name: "Settings" }).getByRole("link", { name: "Integrations" }).click();
    await page.waitForURL(/\/settings\/integrations$/);
    const table = page.getByRole("table", { name: "Provider keys" });
    await page.getByText("No provider connected").waitFor();
    await page.getByLabel("Provider", { exact: true }).selectOption("openai_compatible");
    await page.getByLabel("Name", { exact: true }).fill("Local vLLM");
    await page.getByLabel("API key", { exact: true }).fill("sk-invalid-e2e-0000");
    await page.getByLabel("Base URL", { exact: true }).fill(`${provider.url}/v1`);
    await page.getByRole("button", { name: "Connect" }).click();
    await page.getByRole("alert").filter({ hasText: "The provider refused this key (HTTP 401)" }).waitFor();
    await page.getByLabel("API key", { exact: true }).fill("sk-e2e-secret-4242");
    await page.getByRole("button", { name: "Connect" }).click();
    const row = table.getByRole("row").filter({ hasText: "Local vLLM" });
    await row.waitFor();
    assert.match(await row.innerText(), /••••4242/);
    const listed = await api<ProviderConnection[]>("/api/integrations", { projectId });
    assert.deepEqual(
      listed.map((connection) => [connection.provider, connection.name, connection.keyLast4]),
      [["openai_compatible", "Local vLLM", "4242"]],
    );
    assert.ok(!JSON.stringify(listed).includes("sk-e2e-secret"), "the API never shows the key");
    assert.ok(!(await page.content()).includes("sk-e2e-secret"), "nor does the page, once connected");
    await page.getByText("/api/integrations/openai/v1").first().waitFor();

    await page.getByLabel("Max", { exact: true }).fill("25");
    await page.getByRole("button", { name: "Add limit" }).click();
    const limits = page.getByRole("table", { name: "Gateway limits" });
    await limits.getByRole("row").filter({ hasText: "Spend per day (USD)" }).waitFor();
    assert.deepEqual(
      (await api<GatewayLimit[]>(`/api/projects/${projectId}/gateway-limits`)).map((limit) => [limit.scope, limit.metric, limit.max]),
      [["project", "spend_per_day", "25"]],
    );

    // A gateway key of its own for an app: shown once, listed by prefix; callers' own keys allowed.
    await page.getByLabel("Key name", { exact: true }).fill("checkout app");
    await page.getByRole("button", { name: "Create key" }).click();
    const secret = await page.getByRole("textbox", { name: "Gateway key secret" }).inputValue();
    assert.match(secret, /^pm_gateway_/);
    await page
      .getByRole("table", { name: "Gateway keys" })
      .getByRole("row")
      .filter({ hasText: "checkout app" })
      .filter({ hasText: secret.slice(0, 17) })
      .waitFor();
    // A limit of its own on that key, chosen by name.
    await page.getByLabel("Limit", { exact: true }).selectOption("tokens_per_minute");
    await page.getByLabel("Applies to", { exact: true }).selectOption("key");
    await page.getByLabel("Key", { exact: true }).selectOption({ label: `checkout app (${secret.slice(0, 17)}…)` });
    await page.getByLabel("Max", { exact: true }).fill("20000");
    await page.getByRole("button", { name: "Add limit" }).click();
    await limits.getByRole("row").filter({ hasText: 'key "checkout app"' }).filter({ hasText: "Tokens per minute" }).waitFor();
    await page.getByLabel("Allow callers to pass their own provider key through").check();
    await eventually(async () =>
      assert.equal((await api<{ allowKeyPassthrough: boolean }>(`/api/projects/${projectId}/gateway-settings`)).allowKeyPassthrough, true),
    );
    await session.screenshot("settings-integrations");

    await page.getByRole("button", { name: "Disconnect Local vLLM" }).click();
    const dialog = page.getByRole("dialog");
    await dialog.getByRole("heading", { name: 'Disconnect "Local vLLM"?' }).waitFor();
    await dialog.getByRole("button", { name: "Disconnect" }).click();
    await row.waitFor({ state: "detached" });
    assert.deepEqual(await api<ProviderConnection[]>("/api/integrations", { projectId }), []);
  } finally {
    await provider.close();
  }
});

step("routing: a rule's gateway traffic, cache hit and savings on the Routing page; deleting it asks first", async () => {
  // Every call answers 100,000 input and 10,000 output tokens: at gpt-4o $0.25 + $0.10 = $0.35, at
  // gpt-4o-mini $0.015 + $0.006 = $0.021.
  const provider = await startMockProvider({ defaultScenario: { kind: "reply", usage: { inputTokens: 100_000, outputTokens: 10_000 } } });
  try {
    // The spend cap set above counts the sample data's spend today, which could refuse these calls.
    for (const limit of await api<GatewayLimit[]>(`/api/projects/${projectId}/gateway-limits`)) {
      const response = await page.request.delete(`/api/projects/${projectId}/gateway-limits/${limit.id}`, {
        headers: { origin: server.apiUrl },
      });
      assert.equal(response.status(), 204);
    }
    await apiPost(
      "/api/integrations/connect",
      { projectId, provider: "openai_compatible", apiKey: "sk-e2e-route", baseUrl: `${provider.url}/v1` },
      201,
    );
    const ingestKey = await apiPost<CreatedIngestKey>(`/api/projects/${projectId}/ingest-keys`, { name: "e2e gateway" }, 201);
    const name = "Greeting <b>canary</b>";
    const rule = await apiPost<RoutingRule>(
      `/api/projects/${projectId}/routing-rules`,
      { name, match: { promptName: "e2e-greeting", model: "gpt-4o" }, targetModel: "gpt-4o-mini" },
      201,
    );
    // The same call twice, asking for the cache: the rule moves both to gpt-4o-mini; the second is a hit.
    const call = async () => {
      const response = await fetch(`${server.apiUrl}/api/integrations/openai/v1/chat/completions`, {
        method: "POST",
        headers: {
          "content-type": "application/json",
          authorization: `Bearer ${ingestKey.key}`,
          "x-promptmetrics-prompt-name": "e2e-greeting",
          "x-promptmetrics-cache": "true",
        },
        body: JSON.stringify({ model: "gpt-4o", messages: [{ role: "user", content: "Say hello" }] }),
      });
      const body = (await response.json()) as { model: string };
      assert.equal(response.status, 200, JSON.stringify(body));
      return { cache: response.headers.get("x-promptmetrics-cache"), model: body.model };
    };
    assert.deepEqual(await call(), { cache: "miss", model: "gpt-4o-mini-2024-07-18" });
    assert.deepEqual(await call(), { cache: "hit", model: "gpt-4o-mini-2024-07-18" });
    // The gateway hands its runs to the writer about once a second.
    const stats = await eventually(async () => {
      const answer = await api<RoutingStats>(`/api/projects/${projectId}/routing-rules/stats`, { from: "24h" });
      assert.equal(answer.rules[0]?.runs, 2);
      return answer;
    });
    const figures = stats.rules[0]!;
    assert.equal(figures.rule.id, rule.id);
    assert.deepEqual(
      [figures.targetRuns, figures.controlRuns, figures.cacheHits, figures.cacheLookups, figures.costUsd],
      [2, 0, 1, 2, "0.021000000000"],
    );
    // The miss at gpt-4o would have cost $0.35, it cost $0.021: $0.329; the hit saved another $0.021.
    assert.deepEqual(
      [figures.switchSavedUsd, figures.cacheSavedUsd, figures.savedUsd],
      ["0.329000000000", "0.021000000000", "0.350000000000"],
    );

    await mainNav("Routing").click();
    await heading("Routing").waitFor();
    const table = page.getByRole("table", { name: "Routing rules" });
    const row = table.getByRole("row").filter({ hasText: name });
    await row.waitFor();
    assert.match(await row.innerText(), /prompt e2e-greeting · model gpt-4o/);
    assert.match(await row.innerText(), /→ gpt-4o-mini for all calls/);
    const cells = async (header: string) => (await columnCells(table, header)).allInnerTexts();
    assert.deepEqual(await cells("Runs"), ["2\n2 target · 0 control"]);
    assert.deepEqual(await cells("Cost"), ["$0.02"]);
    assert.deepEqual(await cells("Cache hits"), ["50.0%\n1 of 2"]);
    assert.deepEqual(await cells("Saved"), ["$0.35\ncache $0.02\nswitch $0.33"]);
    const totalSaved = page
      .getByRole("region", { name: "Routing totals" })
      .locator(":scope > *")
      .filter({ has: page.getByText("Total saved", { exact: true }) });
    await totalSaved.getByText("$0.35", { exact: true }).waitFor();
    await session.screenshot("routing");

    await page.getByRole("button", { name: `Delete rule ${name}` }).click();
    const dialog = page.getByRole("dialog");
    await dialog.getByRole("heading", { name: `Delete "${name}"?` }).waitFor();
    await dialog.getByRole("button", { name: "Delete" }).click();
    await dialog.waitFor({ state: "detached" });
    await page.getByText("No routing rules yet").waitFor();
    assert.deepEqual(await api<RoutingRule[]>(`/api/projects/${projectId}/routing-rules`), []);
    await session.screenshot("routing-empty");
  } finally {
    await provider.close();
  }
});

step("SQL console: count() over llm_runs equals the API's total", async () => {
  await mainNav("SQL console").click();
  await heading("SQL console").waitFor();
  await page.getByLabel("Query", { exact: true }).fill("SELECT count() AS runs FROM llm_runs");
  await page.getByRole("button", { name: "Run query" }).click();
  const results = page.getByRole("region", { name: "Query results" });
  await results.getByRole("columnheader", { name: /^runs/ }).waitFor();
  const cell = results.getByRole("row").nth(1).getByRole("cell").nth(1);
  const shown = Number(((await cell.textContent()) ?? "").replace(/[,\s]/g, ""));
  const status = await api<ProjectStatus>(`/api/projects/${projectId}/status`);
  const overview = await api<OverviewResponse>("/api/analytics/overview", overviewQuery());
  assert.equal(shown, status.runs);
  assert.equal(shown, overview.totals.requests);
  await page.getByText(/^1 row in [\d.,]+ ms$/).waitFor();
  await session.screenshot("sql-console");
});

step("phone width (390 px): the overview fits the screen", async () => {
  await page.setViewportSize({ width: 390, height: 844 });
  await page.goto(`/p/${projectId}/overview?from=${RANGE.from}`);
  await waitForOverviewDrawn();
  const overview = await api<OverviewResponse>("/api/analytics/overview", overviewQuery());
  await eventually(async () => assert.deepEqual(await readKpis(), expectedKpis(overview)));
  await page.getByRole("button", { name: "Open menu" }).waitFor();
  const widths = await page.evaluate("({ scroll: document.documentElement.scrollWidth, client: document.documentElement.clientWidth })");
  const { scroll, client } = widths as { scroll: number; client: number };
  assert.ok(scroll <= client, `the page scrolls sideways at 390 px: ${scroll} px wide`);
  await session.screenshot("overview-phone");
  await page.getByRole("button", { name: "Open menu" }).click();
  await page.getByRole("dialog").getByRole("link", { name: "Runs", exact: true }).waitFor();
  await session.screenshot("overview-phone-menu");
  await page.getByRole("button", { name: "Close menu" }).click();
  await page.getByRole("dialog").waitFor({ state: "detached" });
});

step("dark mode: the theme switch darkens the page and is remembered", async () => {
  await page.setViewportSize({ width: 1280, height: 860 });
  await page.getByRole("button", { name: "Switch to dark theme" }).click();
  await page.locator("html.dark").waitFor({ state: "attached" });
  await page.getByRole("button", { name: "Switch to light theme" }).waitFor();
  await page.reload();
  await waitForOverviewDrawn();
  await page.locator("html.dark").waitFor({ state: "attached" });
  const background = (await page.evaluate("getComputedStyle(document.body).backgroundColor")) as string;
  assert.ok(luminance(background) < 0.2, `the body is dark: ${background}`);
  await session.screenshot("overview-dark");
  await page.setViewportSize({ width: 390, height: 844 });
  await waitForOverviewDrawn();
  await session.screenshot("overview-dark-phone");
  await page.setViewportSize({ width: 1280, height: 860 });
  await page.getByRole("button", { name: "Switch to light theme" }).click();
  await page.locator("html:not(.dark)").waitFor({ state: "attached" });
});

step("sign out, then sign in again: back on the overview of the project", async () => {
  await page.getByRole("button", { name: `Account: ${USER.email}` }).click();
  await page.getByRole("menuitem", { name: "Sign out" }).click();
  // The app may add ?next= (the page that was open), which brings the person back there after signing in.
  await page.waitForURL(/\/login(\?|$)/);
  await heading("Sign in").waitFor();
  await page.getByLabel("Email").fill(USER.email);
  await page.getByLabel("Password", { exact: true }).fill("not the password");
  await page.getByRole("button", { name: "Sign in" }).click();
  await page.getByRole("alert").filter({ hasText: "Could not sign in" }).waitFor();
  await session.screenshot("login-failed");
  await page.getByLabel("Password", { exact: true }).fill(USER.password);
  await page.getByRole("button", { name: "Sign in" }).click();
  await page.waitForURL(new RegExp(`/p/${projectId}/overview`));
  await waitForOverviewDrawn();
});

/** Relative luminance (0 black … 1 white) of a CSS rgb()/rgba() colour. */
function luminance(color: string): number {
  const [r = 255, g = 255, b = 255] = (color.match(/[\d.]+/g) ?? []).map(Number);
  return (0.2126 * r + 0.7152 * g + 0.0722 * b) / 255;
}
