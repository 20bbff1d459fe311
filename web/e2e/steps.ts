// What the browser test files share on top of the harness: a flow of steps that stops at the first failure
// and says what the page showed, signing up as the first user of a fresh install, and reading the API and
// the tables as the page does.
import assert from "node:assert/strict";
import { test } from "node:test";
import type { Locator, Page } from "playwright-core";
import type { BrowserSession, RunningServer } from "./harness.ts";

export interface NewUser {
  name: string;
  email: string;
  password: string;
}

/**
 * The `step` of one test file's flow. The steps build on each other, so after a failure the rest are
 * skipped; the failure names the page, its text, a screenshot and the server's last lines. `running`
 * gives the server and browser that the file's before() started.
 */
export function flow(running: () => { server: RunningServer; session: BrowserSession }): (name: string, body: () => Promise<void>) => void {
  let failed: string | undefined;
  return (name, body) =>
    test(name, { timeout: 120_000 }, async (t) => {
      if (failed) return t.skip(`an earlier step failed: ${failed}`);
      const { server, session } = running();
      const { page } = session;
      try {
        await body();
        assert.deepEqual(session.pageErrors, [], "uncaught errors in the page");
      } catch (error) {
        failed = name;
        const screenshot = await session.screenshot(`failed-${name.replace(/\W+/g, "-").slice(0, 40)}`).catch(() => "none");
        const shown = ((await page.evaluate("document.body.innerText").catch(() => "")) as string).replace(/\s+/g, " ").slice(0, 600);
        const serverOutput = server.output().split("\n").slice(-25).join("\n");
        throw new Error(
          `${(error as Error).message}\npage: ${page.url()}\nshowing: ${shown}\nscreenshot: ${screenshot}\n--- server output (last lines) ---\n${serverOutput}`,
          { cause: error },
        );
      }
    });
}

/**
 * Signs up on a fresh install as its first user, through the sign-up page, and returns the id of the
 * project the app then opens (the first user owns the org "Default" and its "Default project").
 */
export async function signUp(session: BrowserSession, user: NewUser): Promise<string> {
  const { page } = session;
  await page.goto("/");
  await page.waitForURL(/\/login/);
  await page.getByRole("link", { name: "Create an account" }).click();
  await page.getByRole("heading", { level: 1, name: "Create your account" }).waitFor();
  await page.getByLabel("Name").fill(user.name);
  await page.getByLabel("Email").fill(user.email);
  await page.getByLabel("Password", { exact: true }).fill(user.password);
  await session.screenshot("signup");
  await page.getByRole("button", { name: "Create account" }).click();
  await page.waitForURL(/\/p\/[^/]+\/onboarding$/);
  return decodeURIComponent(new URL(page.url()).pathname.split("/")[2]!);
}

/** GET an API route with the browser's session cookie, as the dashboard itself would; asserts a 200. */
export async function apiGet<T>(page: Page, route: string, params: Record<string, string | number> = {}): Promise<T> {
  const response = await page.request.get(route, { params });
  const text = await response.text();
  assert.equal(response.status(), 200, `GET ${route} answered ${response.status()}: ${text}`);
  return JSON.parse(text) as T;
}

/** The body cells of one column, found by its header's text, top to bottom. */
export async function columnCells(table: Locator, header: string): Promise<Locator> {
  const headers = (await table.getByRole("columnheader").allTextContents()).map((text) => text.trim());
  const index = headers.indexOf(header);
  assert.ok(index >= 0, `no column "${header}" in ${headers.join(", ")}`);
  return table
    .locator("tbody")
    .getByRole("row")
    .locator(`td:nth-child(${index + 1})`);
}

/** The texts of one column's cells, found by its header's text. */
export async function columnTexts(table: Locator, header: string): Promise<string[]> {
  return (await (await columnCells(table, header)).allTextContents()).map((text) => text.trim());
}

/** The text as a regular expression that matches it literally. */
export function literal(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");
}
