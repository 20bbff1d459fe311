// The browser tests' Chromium: a named one, Debian's when installed, and the one packed in
// @sparticuz/chromium, forced here so that CI (which has Debian's) still proves a machine without it
// can run the browser tests.
import assert from "node:assert/strict";
import fs from "node:fs";
import { test } from "node:test";
import { chromium } from "playwright-core";
import { BUNDLED, DEBIAN_CHROMIUM, findChromium } from "../../src/chromium.ts";

test("PROMPTMETRICS_CHROMIUM names the browser, and a missing file says so", () => {
  assert.equal(findChromium({ PROMPTMETRICS_CHROMIUM: process.execPath }).executablePath, process.execPath);
  assert.throws(
    () => findChromium({ PROMPTMETRICS_CHROMIUM: "/nowhere/chromium" }),
    /PROMPTMETRICS_CHROMIUM=\/nowhere\/chromium: no such file/,
  );
});

test("without a choice, Debian's Chromium when it is installed, else the packed one", () => {
  const found = findChromium({});
  assert.equal(found.source, fs.existsSync(DEBIAN_CHROMIUM) ? "debian" : "@sparticuz/chromium");
});

test("the Chromium packed in @sparticuz/chromium unpacks and renders a page through playwright-core", async () => {
  const found = findChromium({ PROMPTMETRICS_CHROMIUM: BUNDLED, PATH: process.env.PATH, HOME: process.env.HOME });
  assert.equal(found.source, "@sparticuz/chromium");
  assert.notEqual(found.executablePath, DEBIAN_CHROMIUM);
  assert.equal(findChromium({ PROMPTMETRICS_CHROMIUM: BUNDLED }).executablePath, found.executablePath, "unpacked once, then reused");
  const browser = await chromium.launch({
    executablePath: found.executablePath,
    args: found.args,
    ...(found.env ? { env: found.env } : {}),
    headless: true,
  });
  try {
    const page = await browser.newPage();
    await page.setContent("<main><h1>Costs by model</h1><p id=total>$12.50</p></main>");
    assert.equal(await page.textContent("h1"), "Costs by model");
    const box = await page.locator("#total").boundingBox();
    assert.ok(box !== null && box.width > 0, "the text is laid out with a width (fonts found)");
  } finally {
    await browser.close();
  }
});
