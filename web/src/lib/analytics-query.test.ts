import assert from "node:assert/strict";
import { test } from "node:test";
import {
  addDays,
  describeRange,
  granularityChoices,
  readAnalyticsState,
  toAnalyticsQuery,
  writeAnalyticsState,
} from "./analytics-query.ts";

const read = (search: string) =>
  readAnalyticsState(new URLSearchParams(search), { tz: "Europe/Berlin", isTimeZone: (tz) => tz !== "Mars/Base" });

test("a shared URL reads back as the same view, in the API's own parameters", () => {
  const state = read(
    "from=2026-11-01&to=2026-11-21&granularity=week&tz=America/New_York&model=gpt-4o&model=claude-sonnet-4-5&status=error&userId=",
  );
  assert.deepEqual(toAnalyticsQuery("p1", state), {
    projectId: "p1",
    from: "2026-11-01",
    to: "2026-11-21",
    tz: "America/New_York",
    granularity: "week",
    model: ["gpt-4o", "claude-sonnet-4-5"],
    status: ["error"],
    userId: [""],
  });
});

test("without parameters: the last 30 days in the browser's zone, the API's bucket size", () => {
  const state = read("");
  assert.equal(state.from, "30d");
  assert.equal(state.to, undefined);
  assert.equal(state.granularity, undefined);
  assert.equal(state.tz, "Europe/Berlin");
  assert.equal(state.tzFromUrl, false);
  assert.deepEqual(toAnalyticsQuery("p", state), { projectId: "p", from: "30d", tz: "Europe/Berlin" });
});

test("a hand-edited URL with bad values falls back instead of asking the API for a 400", () => {
  const state = read("from=yesterday&granularity=fortnight&tz=Mars/Base&status=maybe");
  assert.equal(state.from, "30d");
  assert.equal(state.granularity, undefined);
  assert.equal(state.tz, "Europe/Berlin");
  assert.deepEqual(state.filters, {});
  // A custom range needs both dates in order.
  assert.equal(read("from=2026-11-05&to=2026-11-01").from, "30d");
  assert.equal(read("from=2026-11-05").from, "30d");
});

test("writing keeps a page's own parameters and drops the custom end with a preset", () => {
  const start = new URLSearchParams("from=2026-11-01&to=2026-11-08&groupBy=user&model=a");
  const preset = writeAnalyticsState(start, { from: "7d", to: undefined });
  assert.equal(preset.toString(), "from=7d&groupBy=user&model=a");
  const filtered = writeAnalyticsState(preset, { filters: { model: ["a", "b"], tag: ["prod"] } });
  assert.deepEqual(filtered.getAll("model"), ["a", "b"]);
  assert.deepEqual(filtered.getAll("tag"), ["prod"]);
  const cleared = writeAnalyticsState(filtered, { filters: {}, tz: "UTC", granularity: "day" });
  assert.equal(cleared.toString(), "from=7d&groupBy=user&granularity=day&tz=UTC");
});

test("ranges read as people say them; granularities that would make too many buckets are off", () => {
  assert.equal(describeRange({ from: "7d", to: undefined }), "Last 7 days");
  assert.equal(describeRange({ from: "2026-11-01", to: "2026-11-21" }), "Nov 1 – Nov 20, 2026");
  assert.equal(describeRange({ from: "2025-12-20", to: "2026-01-04" }), "Dec 20, 2025 – Jan 3, 2026");
  assert.equal(describeRange({ from: "2026-11-01", to: "2026-11-02" }), "Nov 1, 2026");
  assert.equal(addDays("2026-02-28", 1), "2026-03-01");
  const disabled = (from: string, to?: string) =>
    granularityChoices({ from, to })
      .filter((choice) => choice.disabled)
      .map((choice) => choice.value);
  assert.deepEqual(disabled("24h"), ["week", "month"]);
  assert.deepEqual(disabled("90d"), ["hour"]);
  assert.deepEqual(disabled("30d"), []);
});
