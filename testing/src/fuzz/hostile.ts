// Hostile values shared by the fuzz targets: strings a person or a broken client could send (formula
// starts, quotes, line breaks, NUL, lone surrogates, SQL and path fragments, huge numbers) and JSON
// values of every shape, weighted so most inputs still reach past the first check.
import fc from "fast-check";

/** Fixed strings that have broken parsers, validators and spreadsheets before. */
export const NASTY_STRINGS: readonly string[] = [
  "",
  " ",
  "\u0000",
  "\uD800",
  "\uDFFF\uD800",
  "\u202E",
  "\uFEFF",
  "=1+1",
  '=HYPERLINK("http://x","y")',
  "+1",
  "-1",
  "-",
  "@SUM(A1)",
  "\t=1",
  "\r=1",
  "\n=1",
  '"',
  '""',
  '","',
  "a,b",
  "a\r\nb",
  "'",
  "' OR '1'='1",
  "'; DROP TABLE spans; --",
  "../../etc/passwd",
  "/etc/passwd",
  "%00",
  "%2e%2e%2f",
  "__proto__",
  "constructor",
  "prototype",
  "toString",
  "NaN",
  "Infinity",
  "-Infinity",
  "1e309",
  "-0",
  "0x10",
  "9007199254740993",
  "18446744073709551616",
  "-9223372036854775809",
  "null",
  "true",
  "[]",
  "{}",
  "{{x}}",
  "${x}",
  "<script>alert(1)</script>",
  "\\",
  "\\u0000",
  "x".repeat(10_000),
  "é".repeat(2_000),
  "😀".repeat(1_000),
];

export const nastyString: fc.Arbitrary<string> = fc.constantFrom(...NASTY_STRINGS);

/** Mostly-plausible text with hostile fragments mixed in. */
export const hostileString: fc.Arbitrary<string> = fc.oneof(
  { weight: 3, arbitrary: nastyString },
  { weight: 3, arbitrary: fc.string({ unit: "grapheme", maxLength: 40 }) },
  { weight: 2, arbitrary: fc.string({ unit: "binary", maxLength: 40 }) },
  { weight: 2, arbitrary: fc.tuple(nastyString, fc.string({ maxLength: 10 }), nastyString).map(([a, b, c]) => a + b + c) },
);

/** Numbers a schema may not expect. */
export const hostileNumber: fc.Arbitrary<number> = fc.oneof(
  fc.constantFrom(0, -0, -1, 1, 0.5, -0.5, 2 ** 31, 2 ** 53, 2 ** 53 + 2, -(2 ** 63), 2 ** 64, 1e308, -1e308, 5e-324),
  fc.integer(),
  fc.double({ noNaN: true, noDefaultInfinity: true }),
);

/** Any JSON value, with hostile leaves (JSON cannot carry NaN or Infinity; they arrive as null). */
export const hostileJson: fc.Arbitrary<unknown> = fc.letrec<{ value: unknown }>((tie) => ({
  value: fc.oneof(
    { depthSize: "small", withCrossShrink: true },
    { weight: 4, arbitrary: hostileString },
    { weight: 2, arbitrary: hostileNumber },
    { weight: 1, arbitrary: fc.constantFrom(true, false, null) },
    { weight: 1, arbitrary: fc.array(tie("value"), { maxLength: 4 }) },
    { weight: 1, arbitrary: fc.dictionary(hostileString, tie("value"), { maxKeys: 4 }) },
  ),
})).value;
