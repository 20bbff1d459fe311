import assert from "node:assert/strict";
import { test } from "node:test";
import { currentCursor, firstPage, nextPage, pageNumber, pageRangeLabel, pagesFor, previousPage } from "./cursor-pages.ts";

test("next and previous walk the cursors the API handed out", () => {
  let pages = firstPage("q1");
  assert.equal(currentCursor(pages), undefined);
  assert.equal(pageNumber(pages), 1);
  pages = nextPage(pages, "c2");
  pages = nextPage(pages, "c3");
  assert.equal(currentCursor(pages), "c3");
  assert.equal(pageNumber(pages), 3);
  pages = previousPage(pages);
  assert.equal(currentCursor(pages), "c2");
  pages = previousPage(previousPage(pages));
  assert.deepEqual(pages, firstPage("q1"));
});

test("the last page has no next cursor, and a new query starts at the first page", () => {
  const pages = nextPage(firstPage("q1"), "c2");
  assert.equal(nextPage(pages, null), pages);
  assert.equal(pagesFor(pages, "q1"), pages);
  assert.deepEqual(pagesFor(pages, "q2"), firstPage("q2"));
});

test("the range label counts from the pages before", () => {
  const second = nextPage(firstPage("q"), "c");
  assert.equal(pageRangeLabel(firstPage("q"), 50, 50), "Runs 1–50");
  assert.equal(pageRangeLabel(second, 12, 50), "Runs 51–62");
  assert.equal(pageRangeLabel(nextPage(nextPage(second, "d"), "e"), 50, 500), "Runs 1,501–1,550");
  assert.equal(pageRangeLabel(second, 0, 50), "No runs");
});
