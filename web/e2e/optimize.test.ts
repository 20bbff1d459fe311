// The Optimize page in a real browser against the real all-in-one server: a new user loads sample data
// (and an app logs a run of a model with a hostile name and prompt), recomputes the suggestions, and
// sees cards whose titles and savings are the API's for the same project; filters by type, opens the
// evidence, dismisses one with a reason and applies another (which then shows what changed since, once
// runs come in); the statuses survive a reload; the overview's "Potential savings" card shows the total
// and leads to the page; the what-if calculator shows the API's answer for the moves chosen; a viewer
// sees no Apply, Dismiss or Recompute. Screenshots in web/e2e/screenshots/optimize/.
// Run: `npm run build` (the test serves web/dist as built), then `npx node --test web/e2e/optimize.test.ts`.
import assert from "node:assert/strict";
import path from "node:path";
import { after, before } from "node:test";
import type { Locator, Page, Response } from "playwright-core";
import type { CreatedInvitation, Me, ProjectStatus, Savings, Suggestion, SuggestionList } from "../src/api/types.ts";
import { formatCount } from "../src/lib/format.ts";
import { formatUsdCents, formatUsdExact } from "../src/lib/usd-decimal.ts";
import {
  assertDashboardBuilt,
  eventually,
  launchBrowser,
  SCREENSHOTS_DIR,
  startServer,
  type BrowserSession,
  type RunningServer,
} from "./harness.ts";
import { apiGet, flow, literal, signUp } from "./steps.ts";

const USER = { name: "Ada Lovelace", email: "ada@example.com", password: "correct horse battery" };
const VIEWER = { name: "Viewer Vera", email: "vera@example.com", password: "correct horse battery" };

// Hostile text: markup, quotes, right-to-left overrides and Hebrew/Arabic, and very long unbroken words.
// The model has no price, so the engine names it in an unknown_price suggestion's title.
const HOSTILE_MODEL = `<script>window.__pwned=1</script>"'><img src=x onerror="window.__pwned=2">\u202Eledom-${"x".repeat(60)}`;
const HOSTILE_PROMPT = `<b>bold</b> “quoted” 'single' \u202Bمرحبا\u202C ${"y".repeat(120)}`;
const HOSTILE_REASON = `<script>alert("no")</script> we "need" it's tool calls ‏שלום עולם‏ ${"z".repeat(150)}`;

let server: RunningServer;
let session: BrowserSession;
let page: Page;
let projectId = "";
let apiToken = "";
let measured: Suggestion;
let dismissed: Suggestion;
let applied: Suggestion;

before(async () => {
  assertDashboardBuilt();
  server = await startServer();
  session = await launchBrowser(server.apiUrl, { screenshots: "optimize" });
  page = session.page;
});

after(async () => {
  await session?.close();
  await server?.stop();
});

const step = flow(() => ({ server, session }));
const heading = (name: string) => page.getByRole("heading", { level: 1, name });
const mainNav = (name: string) => page.getByRole("navigation", { name: "Main" }).getByRole("link", { name, exact: true });
const cardList = () => page.getByRole("list", { name: "Suggestions" });
/**
 * A suggestion's card, found by its id: titles need not be unique (two experiments with the same model on
 * one prompt, from two current models, read alike; the subject line under them differs).
 */
const card = (suggestion: Pick<Suggestion, "id">) => cardList().locator(`article[data-suggestion-id="${suggestion.id}"]`);

/** POST with the browser's session cookie and the Origin a browser sends; asserts the status. */
async function apiPost<T>(route: string, data: unknown, status = 200, on: Page = page): Promise<T> {
  const response = await on.request.post(route, { data, headers: { origin: server.apiUrl } });
  const text = await response.text();
  assert.equal(response.status(), status, `POST ${route} answered ${response.status()}: ${text}`);
  return JSON.parse(text) as T;
}

const suggestions = (params: Record<string, string> = {}) =>
  apiGet<SuggestionList>(page, "/api/optimization/suggestions", { projectId, ...params });

/** Logs one run as an app would, through POST /api/runs/create with an API token. */
async function logRun(run: Record<string, unknown>): Promise<void> {
  const response = await fetch(`${server.apiUrl}/api/runs/create`, {
    method: "POST",
    headers: { "content-type": "application/json", authorization: `Bearer ${apiToken}` },
    body: JSON.stringify({ projectId, input: "Hello", output: "Hi", ...run }),
  });
  assert.equal(response.status, 201, await response.text());
}

/** The first 20 cards show at first: "Show the other N" shows the rest. */
async function showAll(): Promise<void> {
  const more = page.getByRole("button", { name: /^Show the other \d+$/ });
  if ((await more.count()) > 0) await more.click();
  await more.waitFor({ state: "detached" });
}

/** Each card of the list as [title, savings shown], top to bottom, after showing them all. */
async function shownCards(): Promise<[string, string][]> {
  await showAll();
  const cards = await cardList().getByRole("article").all();
  const rows: [string, string][] = [];
  for (const article of cards) {
    const title = ((await article.getByRole("heading", { level: 2 }).textContent({ timeout: 2_000 })) ?? "").trim();
    const savings = ((await article.getByTestId("monthly-savings").textContent({ timeout: 2_000 })) ?? "").trim();
    rows.push([title, savings]);
  }
  return rows;
}

const expectedCards = (items: readonly Suggestion[]): [string, string][] =>
  items.map((item) => [item.title, formatUsdCents(item.monthlySavingsUsd)]);

/** The cards show these suggestions' titles and savings, in order (once the list has settled after a click). */
async function expectCards(items: readonly Suggestion[]): Promise<void> {
  await eventually(async () => assert.deepEqual(await shownCards(), expectedCards(items)));
}

async function headerTotal(): Promise<string> {
  return ((await page.getByRole("region", { name: "Potential savings" }).innerText()) ?? "").replace(/\s+/g, " ").trim();
}

const expectedHeader = (list: SuggestionList) =>
  new RegExp(
    `^Potential savings ${literal(formatUsdCents(list.totals.monthlySavingsUsd))} a month from ${list.totals.active} active suggestions?`,
  );

async function openOptimize(search = ""): Promise<void> {
  if (search) await page.goto(`/p/${projectId}/optimize${search}`);
  else await mainNav("Optimize").click();
  await heading("Optimize").waitFor();
  await cardList().or(page.getByText("No suggestions yet")).first().waitFor();
}

/** The page's horizontal overflow: the document must fit the 1280 px window. */
async function assertNoHorizontalOverflow(): Promise<void> {
  const { scrollWidth, innerWidth } = (await page.evaluate(
    "({ scrollWidth: document.documentElement.scrollWidth, innerWidth: window.innerWidth })",
  )) as { scrollWidth: number; innerWidth: number };
  assert.ok(scrollWidth <= innerWidth, `the page is ${scrollWidth} px wide in a ${innerWidth} px window`);
}

/** What a drawn bar chart has: Tremor draws bars as rects (or paths) in recharts' bar rectangles. */
const CHART_BARS = "svg .recharts-bar-rectangle rect, svg .recharts-bar-rectangle path";

async function columnHeaders(table: Locator): Promise<string[]> {
  return (await table.getByRole("columnheader").allTextContents()).map((text) => text.trim());
}

/** The data cells of the table's row whose header is `figure`. */
async function rowCells(table: Locator, figure: string): Promise<string[]> {
  const row = table.getByRole("row").filter({ has: page.getByRole("rowheader", { name: figure, exact: true }) });
  return (await row.getByRole("cell").allTextContents()).map((text) => text.trim());
}

/** Chooses a value in a Tremor SearchSelect named `label`. */
async function choose(label: string, value: string): Promise<void> {
  const combobox = page.getByRole("combobox", { name: label });
  await combobox.click();
  await page.getByRole("option", { name: value, exact: true }).click();
  await eventually(async () => assert.equal(await combobox.inputValue(), value));
}

// ---- The flow -----------------------------------------------------------------------------------------

step("sign up, load sample data, and an app logs a run of an unpriced model with a hostile name and prompt", async () => {
  projectId = await signUp(session, USER);
  const sample = await apiPost<{ runs: number }>(`/api/projects/${projectId}/sample-data`, {}, 201);
  assert.ok(sample.runs >= 1000, `sample data loaded ${sample.runs} runs`);
  apiToken = (await apiPost<{ token: string }>("/api/tokens", { name: "app" }, 201)).token;
  await logRun({ model: HOSTILE_MODEL, promptName: HOSTILE_PROMPT, inputTokens: 1000, outputTokens: 200 });
  await eventually(async () =>
    assert.equal((await apiGet<ProjectStatus>(page, `/api/projects/${projectId}/status`)).runs, sample.runs + 1),
  );
});

step("Optimize before any recomputation: the empty state says suggestions come hourly and offers “Recompute now”", async () => {
  await page.goto(`/p/${projectId}/overview`);
  await heading("Overview").waitFor();
  await openOptimize();
  assert.equal(new URL(page.url()).pathname, `/p/${projectId}/optimize`);
  const list = await suggestions();
  // The hourly job ran when the server started, before the sample data; only a new hour would find them.
  if (list.items.length === 0) {
    const empty = page.getByText("No suggestions yet");
    await empty.waitFor();
    await page.getByText(/Suggestions are recomputed every hour from the last 30 days of runs/).waitFor();
    await session.screenshot("empty");
  }
  await page.getByRole("button", { name: "Recompute now" }).first().waitFor();
});

step("“Recompute now”: a card per active suggestion with the API's titles and savings, largest first, and their total", async () => {
  const answer = page.waitForResponse((response) => response.url().endsWith("/api/optimization/refresh"));
  await page.getByRole("button", { name: "Recompute now" }).first().click();
  const refresh = (await (await answer).json()) as { refresh: { findings: number; written: number } };
  await page
    .getByRole("status")
    .filter({ hasText: /^Recomputed in [\d,]+ ms: \d+ findings?, \d+ suggestions? added or changed\.$/ })
    .waitFor();
  assert.ok(refresh.refresh.findings > 3, `the sample gives suggestions (${refresh.refresh.findings})`);
  await cardList().waitFor();

  const list = await suggestions();
  const active = list.items.filter((item) => item.status === "active");
  assert.equal(active.length, list.totals.active);
  assert.ok(active.length > 20, `more suggestions than the first page (${active.length})`);
  // The largest 20 first, and a button for the rest.
  await page.getByRole("button", { name: `Show the other ${active.length - 20}` }).waitFor();
  assert.equal(await cardList().getByRole("article").count(), 20);
  await expectCards(active);
  assert.match(await headerTotal(), expectedHeader(list));
  // The exact figure is in the tooltip.
  const first = cardList().getByRole("article").first().getByTestId("monthly-savings");
  assert.equal(await first.getAttribute("title"), `${formatUsdExact(active[0]!.monthlySavingsUsd)} a month, exactly`);
  // The sample's kinds are all there.
  const kinds = new Set(active.map((item) => item.kind));
  for (const kind of ["truncation", "error_waste", "slow_model", "unknown_price"]) assert.ok(kinds.has(kind), `a ${kind} suggestion`);
  await session.screenshot("recomputed");
});

step("hostile names render as text, wrap within the card, and run nothing", async () => {
  const list = await suggestions({ kind: "unknown_price" });
  const hostile = list.items.find((item) => item.subject["model"] === HOSTILE_MODEL);
  assert.ok(hostile, "an unknown_price suggestion for the hostile model");
  assert.ok(hostile.title.includes(HOSTILE_MODEL));
  await showAll();
  const article = card(hostile);
  await article.scrollIntoViewIfNeeded();
  assert.equal(((await article.getByRole("heading", { level: 2 }).textContent()) ?? "").trim(), hostile.title);
  await article.getByRole("button", { name: "Show evidence" }).click();
  const evidence = article.getByRole("region", { name: "Evidence" });
  await evidence.getByRole("rowheader", { name: "Prompts" }).waitFor();
  assert.equal(
    ((await evidence.getByRole("row").filter({ hasText: "Prompts" }).getByRole("cell").textContent()) ?? "").trim(),
    HOSTILE_PROMPT,
  );
  // Nothing of it became markup or ran.
  assert.equal(await page.evaluate("window.__pwned"), undefined);
  assert.equal(await page.locator("main img, main b, main script").count(), 0);
  // The card stays inside the list at 1280 px; long words wrap, the subject's model is cut with a tooltip.
  const listBox = (await cardList().boundingBox())!;
  const cardBox = (await article.boundingBox())!;
  assert.ok(cardBox.x >= listBox.x && cardBox.x + cardBox.width <= listBox.x + listBox.width + 0.5, "the card fits the list");
  const model = article.locator("dd").filter({ hasText: "ledom" });
  assert.equal(await model.getAttribute("title"), HOSTILE_MODEL);
  await assertNoHorizontalOverflow();
  await session.screenshot("hostile-strings");
});

step("a measured model switch's evidence: the two models charted figure by figure, each side's interval, the tests", async () => {
  await page.getByRole("group", { name: "Type" }).getByRole("button", { name: "Cost" }).click();
  await page.waitForURL(/[?&]type=cost/);
  const list = await suggestions({ type: "cost", status: "active" });
  await expectCards(list.items);
  const found = list.items.find((item) => item.kind === "model_switch" && item.evidenceKind === "measured");
  assert.ok(found, "the sample data has a measured model switch");
  measured = found;
  await showAll();
  const article = card(measured);
  await article.getByRole("button", { name: "Show evidence" }).click();
  const evidence = article.getByRole("region", { name: "Evidence" });
  await evidence.locator(CHART_BARS).first().waitFor();
  const from = measured.evidence["from"] as { model: string; runs: number };
  const to = measured.evidence["to"] as { model: string; runs: number };
  const table = evidence.getByRole("table", { name: "The current and the suggested model compared" });
  assert.deepEqual(await columnHeaders(table), ["Figure", `Current: ${from.model}`, `Suggested: ${to.model}`]);
  assert.deepEqual(await rowCells(table, "Runs"), [from.runs.toLocaleString("en-US"), to.runs.toLocaleString("en-US")]);
  for (const figure of ["Success rate", "Cost per run"]) await table.getByRole("rowheader", { name: figure, exact: true }).waitFor();
  assert.match((await rowCells(table, "Success rate"))[0]!, /^\d+\.\d% \(95% interval \d+\.\d% to \d+\.\d%\)$/);
  await evidence
    .getByRole("list", { name: "Tests of the difference" })
    .getByText(/^Success rate, suggested − current: .+ \(95% interval\); not worse than −5\.0 pp: yes$/)
    .waitFor();
  await article.scrollIntoViewIfNeeded();
  await session.screenshot("model-switch-evidence");
});

step("the type filter: performance shows the slow-model cards; their evidence compares the latencies", async () => {
  await page.getByRole("group", { name: "Type" }).getByRole("button", { name: "Performance" }).click();
  await page.waitForURL(/[?&]type=performance/);
  const list = await suggestions({ type: "performance", status: "active" });
  assert.ok(list.items.length > 0);
  await expectCards(list.items);
  const first = list.items[0]!;
  assert.equal(first.kind, "slow_model");
  await showAll();
  const article = card(first);
  await article.getByRole("button", { name: "Show evidence" }).click();
  const evidence = article.getByRole("region", { name: "Evidence" });
  // A bar per model for each figure (Tremor draws bars as rects), and the figures as a table.
  await evidence.locator(CHART_BARS).first().waitFor();
  const from = first.evidence["from"] as { model: string; runs: number };
  const to = first.evidence["to"] as { model: string; runs: number };
  const table = evidence.getByRole("table", { name: "The current and the suggested model compared" });
  assert.deepEqual(await columnHeaders(table), ["Figure", `Current: ${from.model}`, `Suggested: ${to.model}`]);
  assert.deepEqual(await rowCells(table, "Runs"), [from.runs.toLocaleString("en-US"), to.runs.toLocaleString("en-US")]);
  await table.getByRole("rowheader", { name: "p95 latency" }).waitFor();
  await session.screenshot("performance-evidence");
  await page.getByRole("group", { name: "Type" }).getByRole("button", { name: "All" }).click();
  await eventually(async () => assert.doesNotMatch(page.url(), /type=/));
});

step("dismiss with a reason: it leaves the active list, and shows under “Dismissed” with the reason", async () => {
  const before = await suggestions();
  // The largest active one but the model switch the what-if uses later.
  dismissed = before.items.find((item) => item.status === "active" && item.id !== measured.id)!;
  const article = card(dismissed);
  await article.getByRole("button", { name: "Dismiss", exact: true }).click();
  await article.getByLabel("Why does it not apply? (optional)").fill(HOSTILE_REASON);
  await session.screenshot("dismiss-form");
  await article.getByRole("button", { name: "Dismiss suggestion" }).click();
  await card(dismissed).waitFor({ state: "detached" });

  const after = await suggestions();
  assert.equal(after.totals.active, before.totals.active - 1);
  await eventually(async () => assert.match(await headerTotal(), expectedHeader(after)));
  await expectCards(after.items.filter((item) => item.status === "active"));
  await page
    .getByRole("group", { name: "Status" })
    .getByRole("button", { name: /^Dismissed 1$/ })
    .click();
  await page.waitForURL(/[?&]status=dismissed/);
  const shown = card(dismissed);
  assert.equal(((await shown.getByTestId("dismiss-reason").textContent()) ?? "").trim(), HOSTILE_REASON);
  assert.equal((await suggestions({ status: "dismissed" })).items[0]?.dismissReason, HOSTILE_REASON);
  assert.equal(await page.evaluate("window.__pwned"), undefined);
  await assertNoHorizontalOverflow();
  await session.screenshot("dismissed");
});

step("apply: it shows under “Applied” with the realized section, measuring until runs come in", async () => {
  await page
    .getByRole("group", { name: "Status" })
    .getByRole("button", { name: /^Active/ })
    .click();
  const list = await suggestions({ status: "active", kind: "truncation" });
  applied = list.items.find((item) => item.subject["prompt"] && item.subject["model"] === "gpt-4o") ?? list.items[0]!;
  await showAll();
  const article = card(applied);
  await article.scrollIntoViewIfNeeded();
  await article.getByRole("button", { name: "Apply", exact: true }).click();
  await article.getByRole("button", { name: "Mark applied" }).click();
  await card(applied).waitFor({ state: "detached" });

  await page
    .getByRole("group", { name: "Status" })
    .getByRole("button", { name: /^Applied 1$/ })
    .click();
  const shown = card(applied);
  const realized = shown.getByRole("region", { name: "Realized savings" });
  await realized.getByText("Measuring: no runs since the apply yet.").waitFor();
  assert.equal(((await realized.getByText(/^Applied on /).textContent()) ?? "").trim(), `Applied on ${todayUtc()}: what changed since`);
  const [api] = (await suggestions({ status: "applied" })).items;
  assert.equal(api?.id, applied.id);
  assert.equal(api?.realized?.monthlySavingsUsd, null);
  assert.equal(await shown.getByRole("button", { name: "Apply", exact: true }).count(), 0, "an applied card has no buttons");
  await session.screenshot("applied-measuring");
});

step("runs since the apply: the realized figures are the API's (cost per run before → since, success, saving a month)", async () => {
  const { model, provider, prompt, promptVersion } = applied.subject;
  for (let i = 0; i < 3; i++) {
    await logRun({ model, provider, promptName: prompt, promptVersion, inputTokens: 100, outputTokens: 20, costUsd: "0.0001" });
  }
  // Realized savings depend on "now": compare the page with the very answer it drew.
  const realized = await eventually(
    async () => {
      const answered = page.waitForResponse((response) => /\/api\/optimization\/suggestions\?/.test(response.url()));
      await page.reload();
      const list = (await (await answered).json()) as SuggestionList;
      const item = list.items.find((candidate) => candidate.id === applied.id);
      assert.equal(item?.realized?.since.runs, 3);
      return item!.realized!;
    },
    { timeoutMs: 30_000, intervalMs: 500 },
  );
  const section = card(applied).getByRole("region", { name: "Realized savings" });
  assert.equal(((await section.getByTestId("realized-savings").textContent()) ?? "").trim(), formatUsdCents(realized.monthlySavingsUsd));
  // Minutes of traffic scaled to a month: the card says what the figure rests on, and that it is early.
  assert.match(
    ((await section.getByTestId("realized-basis").textContent()) ?? "").trim(),
    /^From 3 runs in the \d+ minutes? since the apply, scaled to a month\. An early figure: /,
  );
  const rows = await section.getByRole("table", { name: "Before the apply and since" }).getByRole("row").all();
  const cells = await Promise.all(rows.map(async (row) => (await row.locator("th, td").allTextContents()).map((text) => text.trim())));
  assert.deepEqual(cells[0], ["Figure", "Before", "Since"]);
  assert.deepEqual(cells[1], ["Runs", formatCount(realized.before.runs), "3"]);
  assert.deepEqual(cells[2]?.[2], "$0.0001");
  assert.deepEqual(cells[3], ["Success rate", `${(realized.before.successRate! * 100).toFixed(1)}%`, "100.0%"]);
  await session.screenshot("applied-realized");
});

step("after a reload the statuses persist: dismissed with its reason, applied with its realized section", async () => {
  await openOptimize("?status=dismissed");
  await showAll();
  assert.equal(((await card(dismissed).getByTestId("dismiss-reason").textContent()) ?? "").trim(), HOSTILE_REASON);
  await openOptimize("?status=applied");
  await card(applied).getByRole("region", { name: "Realized savings" }).waitFor();
  await openOptimize();
  const list = await suggestions();
  await expectCards(list.items.filter((item) => item.status === "active"));
  assert.equal(await card(dismissed).count(), 0);
  assert.equal(await card(applied).count(), 0);
});

step("overview: the “Potential savings” card shows the active total and leads to Optimize", async () => {
  await mainNav("Overview").click();
  await heading("Overview").waitFor();
  const region = page.getByRole("region", { name: "Potential savings" });
  const list = await suggestions({ status: "active" });
  await eventually(async () =>
    assert.equal((await region.getByTestId("potential-savings").textContent())?.trim(), formatUsdCents(list.totals.monthlySavingsUsd)),
  );
  await region.getByText(`a month from ${list.totals.active} active suggestions`).waitFor();
  await session.screenshot("overview-card");
  await region.getByRole("link", { name: "See the suggestions →" }).click();
  await page.waitForURL(new RegExp(`/p/${projectId}/optimize$`));
  await heading("Optimize").waitFor();
});

step(
  "what-if: “Price it in the what-if” on a model switch fills the calculator; the result is the API's for exactly that move",
  async () => {
    await showAll();
    const move = {
      fromModel: measured.subject["model"]!,
      toModel: measured.subject["toModel"]!,
      share: 0.5,
      prompt: measured.subject["prompt"]!,
      promptVersion: measured.subject["promptVersion"]!,
    };
    const first = savingsAnswer((body) => body.moves[0]?.prompt === move.prompt);
    await card(measured).getByRole("button", { name: "Price it in the what-if" }).click();
    const section = page.getByRole("region", { name: "What if: move traffic to another model" });
    await expectWhatIf(await first, move);
    await eventually(async () => {
      assert.equal(await section.getByRole("combobox", { name: "Prompt" }).inputValue(), move.prompt);
      assert.equal(await section.getByRole("combobox", { name: "From model" }).inputValue(), move.fromModel);
      assert.equal(await section.getByRole("combobox", { name: "To model" }).inputValue(), move.toModel);
    });
    await session.screenshot("what-if-from-suggestion");
  },
);

step("what-if by hand: all prompts, gpt-4o to gpt-4o-mini, then the share slider; each answer is the API's", async () => {
  await page.getByRole("link", { name: "What-if calculator ↓" }).click();
  await choose("Prompt", "All prompts");
  await choose("From model", "gpt-4o");
  const first = savingsAnswer((body) => body.moves[0]?.prompt === undefined && body.moves[0]?.toModel === "gpt-4o-mini");
  await choose("To model", "gpt-4o-mini");
  await expectWhatIf(await first, { fromModel: "gpt-4o", toModel: "gpt-4o-mini", share: 0.5 });
  const next = savingsAnswer((body) => body.moves[0]?.share === 0.25);
  await page.getByRole("slider", { name: /Share of the runs moved/ }).fill("25");
  await expectWhatIf(await next, { fromModel: "gpt-4o", toModel: "gpt-4o-mini", share: 0.25 });
  await session.screenshot("what-if");
});

interface SavingsBody {
  projectId: string;
  moves: { fromModel: string; toModel: string; share: number; prompt?: string; promptVersion?: string }[];
}

/** The page's next POST /api/optimization/savings whose body passes `match`. */
function savingsAnswer(match: (body: SavingsBody) => boolean): Promise<Response> {
  return page.waitForResponse(
    (response) => response.url().endsWith("/api/optimization/savings") && match(response.request().postDataJSON() as SavingsBody),
  );
}

async function expectWhatIf(response: Response, move: SavingsBody["moves"][number]): Promise<void> {
  const body = response.request().postDataJSON() as SavingsBody;
  assert.deepEqual(body.moves, [move]);
  assert.equal(body.projectId, projectId);
  assert.equal(response.status(), 200, await response.text());
  const answer = (await response.json()) as Savings;
  assert.ok(Number(answer.monthlySavingsUsd) > 0, `${move.toModel} is cheaper than ${move.fromModel}`);
  // The same request answered again is the same: the figures depend only on the window and the moves.
  assert.deepEqual(await apiPost<Savings>("/api/optimization/savings", body), answer);
  const result = page.getByRole("region", { name: "What-if result" });
  await eventually(async () => {
    assert.equal(await result.getAttribute("aria-busy"), "false");
    assert.equal((await result.getByTestId("what-if-monthly").textContent())?.trim(), formatUsdCents(answer.monthlySavingsUsd));
  });
  const figures = (await result.locator("dd").allTextContents()).map((text) => text.trim());
  assert.deepEqual(figures, [
    formatCount(answer.moves[0]!.matchedRuns),
    `${formatUsdCents(answer.moves[0]!.movedCurrentCostUsd)} → ${formatUsdCents(answer.moves[0]!.movedProjectedCostUsd)}`,
    `${formatUsdCents(answer.currentCostUsd)} → ${formatUsdCents(answer.projectedCostUsd)}`,
    formatUsdCents(answer.savingsUsd),
  ]);
}

step("a viewer sees the suggestions but no Recompute, Apply or Dismiss, and the API refuses them (403)", async () => {
  const me = await apiGet<Me>(page, "/api/auth/me");
  const orgId = me.orgs[0]!.id;
  const invitation = await apiPost<CreatedInvitation>(`/api/orgs/${orgId}/invitations`, { email: VIEWER.email, role: "viewer" }, 201);
  const context = await session.browser.newContext({ baseURL: server.apiUrl, viewport: { width: 1280, height: 860 }, timezoneId: "UTC" });
  try {
    const viewerPage = await context.newPage();
    await apiPost(`/api/invitations/${invitation.token}/accept`, { password: VIEWER.password, name: VIEWER.name }, 201, viewerPage);
    await viewerPage.goto(`/p/${projectId}/optimize`);
    await viewerPage.getByRole("heading", { level: 1, name: "Optimize" }).waitFor();
    await viewerPage.getByRole("list", { name: "Suggestions" }).getByRole("article").first().waitFor();
    await viewerPage.getByText("You have the viewer role").waitFor();
    for (const name of ["Recompute now", "Apply", "Dismiss"]) {
      assert.equal(await viewerPage.getByRole("button", { name, exact: true }).count(), 0, `a viewer has no ${name} button`);
    }
    const list = await suggestions({ status: "active" });
    const response = await viewerPage.request.post("/api/optimization/apply", {
      data: { suggestionId: list.items[0]!.id },
      headers: { origin: server.apiUrl },
    });
    assert.equal(response.status(), 403, await response.text());
    // The viewer's own window, beside the numbered screenshots of the main one.
    await viewerPage.screenshot({ path: path.join(SCREENSHOTS_DIR, "optimize", "viewer.png"), fullPage: true, animations: "disabled" });
  } finally {
    await context.close();
  }
});

function todayUtc(): string {
  return new Intl.DateTimeFormat("en-US", { year: "numeric", month: "short", day: "numeric", timeZone: "UTC" }).format(new Date());
}
