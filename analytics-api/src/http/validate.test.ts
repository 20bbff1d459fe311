import assert from "node:assert/strict";
import { test } from "node:test";
import { z } from "zod";
import { ValidationError } from "./errors.ts";
import { parseBody, parseQuery } from "./validate.ts";

const Body = z.strictObject({ name: z.string().min(1), nested: z.strictObject({ role: z.enum(["a", "b"]) }).optional() });

function fieldOf(run: () => unknown): string | undefined {
  try {
    run();
  } catch (error) {
    assert.ok(error instanceof ValidationError);
    return error.field;
  }
  assert.fail("expected a ValidationError");
}

test("an unknown field is a 400 naming it, even beside other mistakes", () => {
  assert.equal(
    fieldOf(() => parseBody(Body, { name: "", colour: "red" })),
    "colour",
  );
  assert.equal(
    fieldOf(() => parseBody(Body, { name: "x", nested: { role: "a", extra: 1 } })),
    "nested.extra",
  );
  assert.equal(
    fieldOf(() => parseQuery(z.strictObject({}), { limit: "10" })),
    "limit",
  );
});

test("a malformed known field is named; a missing body reads as empty", () => {
  assert.equal(
    fieldOf(() => parseBody(Body, { name: "x", nested: { role: "c" } })),
    "nested.role",
  );
  assert.equal(
    fieldOf(() => parseBody(Body, undefined)),
    "name",
  );
  assert.deepEqual(parseBody(z.strictObject({}), undefined), {});
});

test("one wording for an unknown parameter, in a query string or a body; a query parameter is named as written", () => {
  assert.throws(() => parseQuery(z.strictObject({}), { limit: "10" }), { message: 'Unknown parameter "limit"' });
  assert.throws(() => parseBody(Body, { name: "x", colour: "red" }), { message: 'Unknown parameter "colour"' });
  const Query = z.strictObject({ model: z.union([z.string().max(3), z.array(z.string().max(3))]) });
  assert.equal(
    fieldOf(() => parseQuery(Query, { model: ["abc", "abcdef"] })),
    "model",
  );
});

test("a field inside a list of a body is named with its index, as a client writes it", () => {
  const Moves = z.strictObject({ moves: z.array(z.strictObject({ share: z.number().max(1) })) });
  assert.equal(
    fieldOf(() => parseBody(Moves, { moves: [{ share: 0.5 }, { share: 2 }] })),
    "moves[1].share",
  );
  assert.throws(() => parseBody(Moves, { moves: [{ share: 0.5, colour: "red" }] }), { message: 'Unknown parameter "moves[0].colour"' });
});
