// The CSV writer every export uses (runs, analytics answers, SQL console): any row of hostile values
// reads back, with a strict RFC 4180 parser, as exactly those values in exactly that many fields, and
// no text cell a spreadsheet would run as a formula (=, +, -, @, tab or CR first) unless it is a plain
// number; a neutralised cell is the text with a leading '.
import assert from "node:assert/strict";
import fc from "fast-check";
import { csvRow } from "@promptmetrics/analytics-api";
import type { FuzzTarget } from "../driver.ts";
import { hostileJson, hostileNumber, hostileString } from "../hostile.ts";

const FORMULA_START = /^[=+\-@\t\r]/;
const PLAIN_NUMBER = /^[+-]?(?:\d+(?:\.\d*)?|\.\d+)(?:[eE][+-]?\d+)?$/;

/** Parses RFC 4180 text (CRLF record ends, "" inside quotes) strictly: anything else throws. */
export function parseCsv(text: string): string[][] {
  const records: string[][] = [];
  let fields: string[] = [];
  let i = 0;
  for (;;) {
    let field = "";
    if (text[i] === '"') {
      i++;
      for (;;) {
        if (i >= text.length) throw new Error("unterminated quoted field");
        if (text[i] === '"') {
          if (text[i + 1] === '"') {
            field += '"';
            i += 2;
            continue;
          }
          i++;
          break;
        }
        field += text[i++];
      }
    } else {
      while (i < text.length && text[i] !== "," && text[i] !== "\r") {
        if (text[i] === '"' || text[i] === "\n") throw new Error(`bare ${JSON.stringify(text[i])} in an unquoted field at ${i}`);
        field += text[i++];
      }
    }
    fields.push(field);
    if (text[i] === ",") {
      i++;
      continue;
    }
    if (text[i] === "\r" && text[i + 1] === "\n") {
      records.push(fields);
      fields = [];
      i += 2;
      if (i === text.length) return records;
      continue;
    }
    throw new Error(i >= text.length ? "the last record has no CRLF" : `unexpected ${JSON.stringify(text[i])} after a field at ${i}`);
  }
}

/** What a spreadsheet should show for one value. */
function expectedCell(value: unknown): string {
  if (value === null || value === undefined) return "";
  if (typeof value === "string") return FORMULA_START.test(value) && !PLAIN_NUMBER.test(value) ? `'${value}` : value;
  if (value instanceof Date) return value.toISOString();
  if (typeof value === "object") return JSON.stringify(value);
  return String(value);
}

const cellValue: fc.Arbitrary<unknown> = fc.oneof(
  { weight: 8, arbitrary: hostileString },
  { weight: 2, arbitrary: fc.constantFrom("=", "+", "-", "@", "\t", "\r").chain((start) => hostileString.map((rest) => start + rest)) },
  { weight: 1, arbitrary: fc.constantFrom("-0.0012", "-5", "+3", "1e-7", "-.5", "-1e+10", "-1,5", "-1 ", " -1", "-1\n", "--1") },
  { weight: 2, arbitrary: hostileNumber },
  { weight: 1, arbitrary: fc.bigInt() },
  { weight: 1, arbitrary: fc.constantFrom(null, undefined, true, false) },
  { weight: 1, arbitrary: fc.date({ noInvalidDate: true }) },
  { weight: 1, arbitrary: fc.oneof(fc.array(hostileJson, { maxLength: 3 }), fc.dictionary(hostileString, hostileJson, { maxKeys: 3 })) },
);

export function checkCsvRow(values: readonly unknown[]): void {
  const text = csvRow(values);
  const records = parseCsv(text);
  assert.equal(records.length, 1, "one row is one record");
  const cells = records[0]!;
  assert.equal(cells.length, values.length, "one field per value");
  values.forEach((value, i) => {
    assert.equal(cells[i], expectedCell(value), `cell ${i} reads back as written (neutralised when it starts like a formula)`);
    if (typeof value === "string" && FORMULA_START.test(cells[i]!))
      assert.match(cells[i]!, PLAIN_NUMBER, `cell ${i} would run as a formula`);
  });
}

export const csvExportTarget: FuzzTarget<undefined, unknown[]> = {
  name: "csv-export",
  defaultRuns: 550_000,
  testRuns: 5_000,
  usesStore: false,
  timeoutMs: 5000,
  open: async () => undefined,
  close: async () => {},
  arbitrary: () => fc.array(cellValue, { minLength: 1, maxLength: 6 }),
  check: (_context, values) => checkCsvRow(values),
  corpus: () => [
    ["=cmd|' /C calc'!A0", "+SUM(1)", "-2+3", "@A1", "\t=1", "\r=1", "=\r\n=1"],
    ['"=1"', "'=1", '=""', 'a"b', "", ",", "\r\n"],
    ["-0.0012", "-5", "1e-7", -5, -0.5, 12345678901234567890n, null, undefined],
    [{ a: "=1" }, ["=1"], new Date(0), "\uD800", "😀="],
  ],
};
