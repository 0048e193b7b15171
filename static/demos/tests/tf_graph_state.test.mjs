import assert from "node:assert/strict";
import { test } from "node:test";

import { LESSON_PARAMS, apiQuery, readAddress as readAddressIn, readWhole as readWholeIn, table, validateParams as validateParamsIn, writeAddress } from "../tf_graph_state.js";
import { SPECS } from "./specs.mjs";

// The bounds the page's spec of "tf-graph" gives.
const FIELDS = table(SPECS["tf-graph"]);
const readWhole = (name, raw, options) => readWholeIn(name, raw, FIELDS[name], options);
const validateParams = (params) => validateParamsIn(params, FIELDS);
const readAddress = (search, base, options) => readAddressIn(search, base, FIELDS, options);

test("whole numbers within bounds are read; everything else says what is wrong", () => {
  assert.deepEqual(readWhole("c", "5"), { value: 5 });
  assert.deepEqual(readWhole("c", " -1000000 "), { value: -1_000_000 });
  assert.deepEqual(readWhole("steps", "20"), { value: 20 });
  const cases = [
    ["c", "2.5", "c = 2.5 is not a whole number."],
    ["c", "", "c is empty."],
    ["c", "1e3", "c = 1e3 is not a whole number."],
    ["c", "2.0", "c = 2.0 is not a whole number."],
    ["c", "1000001", "c = 1000001 is too large."],
    ["steps", "0", "steps = 0 is too small."],
    ["steps", "21", "steps = 21 is too large."],
    ["a", "9".repeat(60), "is too large."],
  ];
  for (const [key, raw, reason] of cases) {
    const { value, error } = readWhole(key, raw);
    assert.equal(value, undefined, `${key}=${raw}`);
    assert.ok(error.includes(reason), `${key}=${raw}: ${error}`);
    assert.match(error, /Enter a whole number from -?\d+ to \d+\./);
  }
  assert.match(readWhole("c", "", { unreadable: true }).error, /^c is not a number\./);
});

test("a parameter set is checked as the API checks it", () => {
  assert.deepEqual(validateParams(LESSON_PARAMS), []);
  assert.deepEqual(validateParams({ ...LESSON_PARAMS, c: 2.5 }).map((p) => p.param), ["c"]);
  assert.deepEqual(validateParams({ ...LESSON_PARAMS, a: 1_000_001 }).map((p) => p.param), ["a"]);
  assert.deepEqual(validateParams({ ...LESSON_PARAMS, steps: 0 }).map((p) => p.param), ["steps"]);
  assert.deepEqual(validateParams({ ...LESSON_PARAMS, steps: 21 }).map((p) => p.param), ["steps"]);
  assert.equal(apiQuery(LESSON_PARAMS), "a=3&b=0&c=3&steps=3");
});

test("the address round-trips the parameters and the step reached", () => {
  const params = { ...LESSON_PARAMS, c: 5, steps: 4 };
  const query = writeAddress("", params, 2, LESSON_PARAMS);
  assert.equal(query, "tf-graph.c=5&tf-graph.steps=4&tf-graph.step=2");
  assert.deepEqual(readAddress(`?${query}`, LESSON_PARAMS), { params, step: 2, problems: [], given: ["c", "steps"] });
  // Values equal to the page's own (the preset's) are left out; so is step 0.
  assert.equal(writeAddress("", LESSON_PARAMS, 0, LESSON_PARAMS), "");
});

test("other demos' keys stay; the plain form is for a page holding only this demo", () => {
  const query = writeAddress("?start=-2&tf-graph.c=7&c=9", { ...LESSON_PARAMS, c: 4 }, 1, LESSON_PARAMS);
  assert.equal(query, "start=-2&c=9&tf-graph.c=4&tf-graph.step=1");
  assert.equal(readAddress("?c=9", LESSON_PARAMS).params.c, 3, "a lesson page ignores plain keys");
  assert.equal(readAddress("?c=9", LESSON_PARAMS, { plainKeys: true }).params.c, 9);
  const alone = writeAddress("?c=9&lang=en", { ...LESSON_PARAMS, c: 4 }, 2, LESSON_PARAMS, { plainKeys: true, withStep: false });
  assert.equal(alone, "lang=en&c=4");
});

test("a value the address gave stays in it, even where it equals the page's own", () => {
  // An embed's page state already holds ?c=4: writing only differences would drop it.
  const embedBase = { ...LESSON_PARAMS, c: 4 };
  const { given } = readAddress("?lang=en&c=4", embedBase, { plainKeys: true });
  assert.deepEqual(given, ["c"]);
  const query = writeAddress("?lang=en&c=4", embedBase, 0, embedBase, { plainKeys: true, withStep: false, keep: given });
  assert.equal(query, "lang=en&c=4");
  const changedBack = writeAddress("?lang=en&c=4", { ...embedBase, c: 3 }, 0, embedBase, { plainKeys: true, keep: given });
  assert.equal(changedBack, "lang=en&c=3");
});

test("unusable values in the address are ignored, each with a message; the rest applies", () => {
  const { params, step, problems } = readAddress("?tf-graph.c=2.5&tf-graph.steps=21&tf-graph.a=7&tf-graph.step=2", LESSON_PARAMS);
  assert.deepEqual(params, { ...LESSON_PARAMS, a: 7 });
  assert.equal(step, 2);
  assert.equal(problems.length, 2);
  assert.match(problems[0], /^The address's c=2\.5 was ignored\. c = 2\.5 is not a whole number\./);
  assert.match(problems[1], /steps=21 was ignored/);
  const beyond = readAddress("?tf-graph.step=4", LESSON_PARAMS);
  assert.equal(beyond.step, 0);
  assert.match(beyond.problems[0], /step=4 was ignored\. Enter a whole number from 0 to 3\./);
});
