import assert from "node:assert/strict";
import { test } from "node:test";
import { splitStatements } from "./split-statements.ts";

test("splits on semicolons outside quotes and comments", () => {
  const sql = `-- a comment; not a statement
CREATE TABLE a (x String DEFAULT 'semi;colon') ENGINE = Memory;
/* block; comment */ SELECT "odd;name", \`back;tick\` FROM a;

SELECT 'it''s; fine', 'esc\\'aped;' ;`;
  assert.deepEqual(splitStatements(sql), [
    "CREATE TABLE a (x String DEFAULT 'semi;colon') ENGINE = Memory",
    'SELECT "odd;name", `back;tick` FROM a',
    "SELECT 'it''s; fine', 'esc\\'aped;'",
  ]);
});

test("a file of comments only has no statements, and an unterminated quote is an error", () => {
  assert.deepEqual(splitStatements("-- nothing\n\n-- here;\n"), []);
  assert.throws(() => splitStatements("SELECT 'open"), /Unterminated ' quote/);
});
