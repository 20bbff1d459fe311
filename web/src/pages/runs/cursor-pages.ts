// Next/previous over the API's cursor pages. The API only goes forward (each page names the cursor of
// the next), so going back means remembering the cursors that led here. The stack belongs to one query:
// a different query (filters, search, sort) starts again at the first page.

export interface CursorPages {
  /** The query the cursors belong to (e.g. JSON of it). */
  key: string;
  /** The cursors that led from the first page to the current one; empty on the first page. */
  stack: readonly string[];
}

export function firstPage(key: string): CursorPages {
  return { key, stack: [] };
}

/** The pages as they stand for `key`: the first page when the query changed. */
export function pagesFor(pages: CursorPages, key: string): CursorPages {
  return pages.key === key ? pages : firstPage(key);
}

/** The cursor to request the current page with; undefined for the first. */
export function currentCursor(pages: CursorPages): string | undefined {
  return pages.stack[pages.stack.length - 1];
}

export function nextPage(pages: CursorPages, nextCursor: string | null): CursorPages {
  return nextCursor === null ? pages : { key: pages.key, stack: [...pages.stack, nextCursor] };
}

export function previousPage(pages: CursorPages): CursorPages {
  return pages.stack.length === 0 ? pages : { key: pages.key, stack: pages.stack.slice(0, -1) };
}

/** 1 for the first page. */
export function pageNumber(pages: CursorPages): number {
  return pages.stack.length + 1;
}

/** "Runs 51–100" for the second page of 50; "No runs" for an empty page. Pages before are full. */
export function pageRangeLabel(pages: CursorPages, shown: number, pageSize: number, noun = "Runs"): string {
  if (shown === 0) return `No ${noun.toLowerCase()}`;
  const first = pages.stack.length * pageSize + 1;
  return `${noun} ${first.toLocaleString("en-US")}–${(first + shown - 1).toLocaleString("en-US")}`;
}
