// "Use this price" in a real browser against the real all-in-one server. An app logs runs of a model no
// price knows (acme-llm-9), stored without a cost. The operator stops the server, syncs prices from a list
// in LiteLLM's format that knows the model (`promptmetrics prices sync`, web/e2e/fixtures/litellm-prices.json)
// and starts it again; the stored runs still have no cost (a sync re-prices nothing without --reprice).
// The project's price settings list the model with the synced price; "Use this price" makes it the
// project's override and re-prices the runs, and the runs list and the run page show the costs worked
// out by hand. Screenshots in web/e2e/screenshots/use-synced-price/.
// Why the runs come first: a price synced before they came in would price them on arrival, so the model
// would never be unknown.
// Run: `npm run build` (the test serves web/dist as built), then `npx node --test web/e2e/use-synced-price.test.ts`.
import assert from "node:assert/strict";
import { fileURLToPath } from "node:url";
import { after, before } from "node:test";
import type { Locator, Page } from "playwright-core";
import type { ProjectStatus } from "../src/api/types.ts";
import { assertDashboardBuilt, eventually, launchBrowser, startServer, type BrowserSession, type RunningServer } from "./harness.ts";
import { apiGet, columnCells, columnTexts, flow, literal, signUp } from "./steps.ts";

const USER = { name: "Grace Hopper", email: "grace@example.com", password: "correct horse battery" };
/** A model neither the catalogue nor its deliberately-unknown list names; only the fixture prices it. */
const MODEL = "acme-llm-9";
const PRICE_LIST = fileURLToPath(new URL("./fixtures/litellm-prices.json", import.meta.url));

// The fixture's per-token prices: input 4e-06, cache read 4e-07, output 1.2e-05, i.e. $4, $0.40 and $12
// per 1M tokens. By hand, per run (input includes the cache reads):
//   big:   150,000 uncached × $4/M = $0.60, 100,000 cached × $0.40/M = $0.04, 50,000 out × $12/M = $0.60: $1.24
//   small:  12,000 uncached × $4/M = $0.048,                                    3,000 out × $12/M = $0.036: $0.084
const RUNS = {
  big: { inputTokens: 250_000, cacheReadTokens: 100_000, outputTokens: 50_000, latencyMs: 4_200 },
  small: { inputTokens: 12_000, outputTokens: 3_000, latencyMs: 900 },
};

let server: RunningServer;
let session: BrowserSession;
let page: Page;
let projectId = "";
let apiToken = "";

before(async () => {
  assertDashboardBuilt();
  server = await startServer();
  session = await launchBrowser(server.apiUrl, { screenshots: "use-synced-price" });
  page = session.page;
});

after(async () => {
  await session?.close();
  await server?.stop();
});

const step = flow(() => ({ server, session }));
const heading = (name: string) => page.getByRole("heading", { level: 1, name });
const mainNav = (name: string) => page.getByRole("navigation", { name: "Main" }).getByRole("link", { name, exact: true });
const unknownTable = () => page.getByRole("table", { name: "Models without a price" });
const overridesTable = () => page.getByRole("table", { name: "Price overrides" });

/** Each row of the runs table as [tokens, cost shown, the cost's tooltip], the smaller run first. */
async function runsTokensAndCosts(table: Locator): Promise<string[][]> {
  const tokens = await columnTexts(table, "Tokens");
  const costs = (await columnCells(table, "Cost")).locator("span");
  const rows: string[][] = [];
  for (const [i, tokenText] of tokens.entries()) {
    const cost = costs.nth(i);
    rows.push([tokenText, ((await cost.textContent()) ?? "").trim(), (await cost.getAttribute("title")) ?? ""]);
  }
  return rows.sort((a, b) => a[0]!.localeCompare(b[0]!));
}

async function openRuns(): Promise<Locator> {
  await mainNav("Runs").click();
  await heading("Runs").waitFor();
  const table = page.getByRole("table", { name: "Runs" });
  await table.getByRole("row").nth(2).waitFor();
  await eventually(async () => assert.equal(await table.getAttribute("aria-busy"), "false"));
  return table;
}

async function openPricesTab(): Promise<void> {
  await mainNav("Settings").click();
  await heading("Settings").waitFor();
  await page.getByRole("navigation", { name: "Settings" }).getByRole("link", { name: "Prices" }).click();
  await page.waitForURL(/\/settings\/prices$/);
  await unknownTable().or(page.getByText("Every model is priced")).first().waitFor();
  await overridesTable().or(page.getByText("No overrides")).first().waitFor();
}

// ---- The flow -----------------------------------------------------------------------------------------

step("sign up, and an API token for the app that logs runs", async () => {
  projectId = await signUp(session, USER);
  const response = await page.request.post("/api/tokens", { data: { name: "acme app" }, headers: { origin: server.apiUrl } });
  assert.equal(response.status(), 201, await response.text());
  apiToken = ((await response.json()) as { token: string }).token;
  assert.match(apiToken, /^pm_api_/);
});

step(`an app logs two runs of ${MODEL}: no price knows it, so they are stored without a cost`, async () => {
  for (const run of [RUNS.big, RUNS.small]) {
    const response = await fetch(`${server.apiUrl}/api/runs/create`, {
      method: "POST",
      headers: { "content-type": "application/json", authorization: `Bearer ${apiToken}` },
      body: JSON.stringify({ projectId, model: MODEL, input: "Summarise the ticket.", output: "Done.", ...run }),
    });
    const body = (await response.json()) as { costUsd: number | null; priceSource: string };
    assert.equal(response.status, 201, JSON.stringify(body));
    assert.deepEqual([body.costUsd, body.priceSource], [null, "unknown"]);
  }
  await eventually(async () => assert.equal((await apiGet<ProjectStatus>(page, `/api/projects/${projectId}/status`)).runs, 2));

  const table = await openRuns();
  assert.deepEqual(await runsTokensAndCosts(table), [
    ["15K", "–", "No price is known for this model"],
    ["300K", "–", "No price is known for this model"],
  ]);
  await session.screenshot("runs-unpriced");
});

step(`the operator stops the server, syncs prices from a list that knows ${MODEL}, and starts it again`, async () => {
  await server.restart({ before: [["prices", "sync", "--source", PRICE_LIST, "--model", MODEL]] });
  assert.match(server.output(), /Stored 1 new and 0 changed price\(s\), effective from \d{4}-\d{2}-\d{2}\./);
  // The same address and session: the page reloads signed in.
  await page.reload();
  await heading("Runs").waitFor();
});

step("prices tab: the model waits for a price, and the synced price is shown with “Use this price”", async () => {
  await openPricesTab();
  const table = unknownTable();
  await table
    .getByRole("row")
    .filter({ has: page.getByText(MODEL, { exact: true }) })
    .waitFor();
  assert.deepEqual(await columnTexts(table, "Model"), [MODEL]);
  assert.deepEqual(await columnTexts(table, "Unpriced runs"), ["2"]);
  // The price, then the button, in one cell; the tooltip names the list it came from and its first day.
  const [synced = ""] = await columnTexts(table, "Synced price");
  assert.match(synced, /^\$4 in · \$0\.4 cached · \$12 out \/1M\s*Use this price$/);
  const title = await (await columnCells(table, "Synced price")).locator("span[title]").getAttribute("title");
  assert.match(title ?? "", new RegExp(`^From \\d{4}-\\d{2}-\\d{2}, ${literal(PRICE_LIST)}$`));
  await page.getByText("No overrides").waitFor();
  await session.screenshot("prices-unknown-model");
});

step("“Use this price”: the model leaves the list and is the project's override for every run", async () => {
  await page.getByRole("button", { name: `Use the synced price for ${MODEL}` }).click();
  await page
    .getByRole("status")
    .filter({ hasText: `Now priced as ${MODEL} for every run: 2 runs re-priced.` })
    .waitFor();
  await page.getByText("Every model is priced").waitFor();
  const expectedOverride = [MODEL, "every run", "$4", "$0.4", "catalogue", "catalogue", "$12"];
  const override = overridesTable().locator("tbody").getByRole("row");
  await eventually(async () => assert.deepEqual(await cellTexts(override), [expectedOverride]));
  await session.screenshot("prices-synced-price-used");

  // Stored: after a reload the same.
  await page.reload();
  await page.getByText("Every model is priced").waitFor();
  await eventually(async () => assert.deepEqual(await cellTexts(override), [expectedOverride]));
});

step("runs list and run page: the costs worked out by hand from the synced price", async () => {
  const table = await openRuns();
  await eventually(async () =>
    assert.deepEqual(await runsTokensAndCosts(table), [
      ["15K", "$0.08", "$0.084"],
      ["300K", "$1.24", "$1.24"],
    ]),
  );
  await session.screenshot("runs-repriced");

  await table
    .getByRole("row")
    .filter({ hasText: "300K" })
    .getByRole("link", { name: `Run of ${MODEL}` })
    .click();
  await page.waitForURL(new RegExp(`/p/${projectId}/runs/[^/?]+`));
  // The headline card (its label is a paragraph; the breakdown's "Cost" is a column header).
  const costCard = page
    .locator("p")
    .filter({ hasText: /^Cost$/ })
    .locator("..");
  await eventually(async () =>
    assert.equal((await costCard.innerText()).replace(/\s+/g, " ").trim(), `Cost $1.24 This project's price override for ${MODEL}`),
  );
  const breakdown = page.getByRole("table", { name: "Tokens and cost of each part of the call" });
  assert.deepEqual(await cellTexts(breakdown.getByRole("row")), [
    ["Part", "Tokens", "Cost"],
    ["Uncached input", "150K", "$0.6"],
    ["Cache read", "100K", "$0.04"],
    ["Output", "50K", "$0.6"],
    ["Total", "300K", "$1.24"],
  ]);
  await session.screenshot("run-repriced");
});

/** The text of each row's cells (header cells included), trimmed. */
async function cellTexts(rows: Locator): Promise<string[][]> {
  const all: string[][] = [];
  for (const row of await rows.all()) {
    all.push((await row.locator("th, td").allTextContents()).map((text) => text.trim()));
  }
  return all;
}
