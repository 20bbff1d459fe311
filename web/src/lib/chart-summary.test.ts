import assert from "node:assert/strict";
import { test } from "node:test";
import { summarizeBreakdown, summarizeSeries } from "./chart-summary.ts";
import { formatUsd } from "./format.ts";
import { toCsv } from "./csv.ts";

test("a series is summarised by its range, total, peak and low", () => {
  const points = [
    { label: "Nov 1", value: 2 },
    { label: "Nov 2", value: null },
    { label: "Nov 3", value: 5.5 },
    { label: "Nov 4", value: 0.5 },
  ];
  assert.equal(
    summarizeSeries(points, formatUsd),
    "4 points from Nov 1 to Nov 4: total $8.00, highest $5.50 on Nov 3, lowest $0.50 on Nov 4.",
  );
  assert.equal(summarizeSeries([], formatUsd), "No data in this range.");
});

test("a breakdown names the biggest parts with their shares", () => {
  const text = summarizeBreakdown(
    [
      { label: "gpt-4o", value: 3 },
      { label: "o3", value: 1 },
    ],
    formatUsd,
  );
  assert.equal(text, "gpt-4o $3.00 (75%), o3 $1.00 (25%).");
});

test("CSV quotes what needs quoting", () => {
  assert.equal(
    toCsv(
      ["a", "b"],
      [
        ["x,y", 'say "hi"'],
        [null, 3],
      ],
    ),
    'a,b\r\n"x,y","say ""hi"""\r\n,3\r\n',
  );
});
