import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { firstNumber, firstString, parseJson, readBool, readNumber, readString, readStringList, toNumber } from "./attr-read.ts";

describe("attribute readers", () => {
  const attrs = {
    count: "1250",
    float: 0.5,
    blank: "",
    spaces: "  ",
    bad: "12abc",
    inf: Number.POSITIVE_INFINITY,
    flag: "true",
    yes: true,
    one: 1,
    name: "gpt-4o",
    version: 3,
    bool: false,
    list: ["a", " b ", "", 3, true, null],
    json: '["beta","eu"]',
    comma: "nightly, batch-job,",
    brokenJson: "[beta",
    obj: { a: 1 },
  };

  it("reads numbers given as numbers or decimal strings", () => {
    assert.equal(readNumber(attrs, "count"), 1250);
    assert.equal(readNumber(attrs, "float"), 0.5);
    for (const key of ["blank", "spaces", "bad", "inf", "missing", "obj"]) assert.equal(readNumber(attrs, key), undefined, key);
    assert.equal(firstNumber(attrs, ["missing", "bad", "count"]), 1250);
    assert.equal(firstNumber(attrs, ["missing"]), undefined);
    assert.equal(toNumber(undefined), undefined);
  });

  it("reads strings, turning numbers and booleans into text and empty strings into absence", () => {
    assert.equal(readString(attrs, "name"), "gpt-4o");
    assert.equal(readString(attrs, "version"), "3");
    assert.equal(readString(attrs, "bool"), "false");
    assert.equal(readString(attrs, "blank"), undefined);
    assert.equal(readString(attrs, "obj"), undefined);
    assert.equal(firstString(attrs, ["blank", "missing", "name"]), "gpt-4o");
    assert.equal(firstString(attrs, ["blank"]), undefined);
  });

  it("reads booleans", () => {
    assert.equal(readBool(attrs, "flag"), true);
    assert.equal(readBool(attrs, "yes"), true);
    assert.equal(readBool(attrs, "one"), true);
    assert.equal(readBool(attrs, "bool"), false);
    assert.equal(readBool(attrs, "missing"), false);
  });

  it("reads string lists from arrays, JSON arrays and comma lists", () => {
    assert.deepEqual(readStringList(attrs, "list"), ["a", "b", "3", "true"]);
    assert.deepEqual(readStringList(attrs, "json"), ["beta", "eu"]);
    assert.deepEqual(readStringList(attrs, "comma"), ["nightly", "batch-job"]);
    assert.deepEqual(readStringList(attrs, "brokenJson"), ["[beta"]);
    assert.deepEqual(readStringList(attrs, "blank"), []);
    assert.deepEqual(readStringList(attrs, "count"), ["1250"]);
    assert.deepEqual(readStringList(attrs, "float"), []);
  });

  it("parses JSON or gives undefined", () => {
    assert.deepEqual(parseJson('{"a":1}'), { a: 1 });
    assert.equal(parseJson("{a"), undefined);
  });
});
