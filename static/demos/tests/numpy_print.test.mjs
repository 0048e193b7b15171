import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import { test } from "node:test";

import { formatArray, pyFloat } from "../numpy_print.js";

const vectors = JSON.parse(readFileSync(new URL("../../../tests/vectors/numpy_print.json", import.meta.url)));

test("formatArray prints exactly what numpy prints", () => {
  assert.ok(vectors.cases.length >= 20);
  for (const c of vectors.cases) {
    assert.equal(formatArray(c), c.text, c.name);
  }
});

test("formatArray refuses a shape that does not fit the data", () => {
  assert.throws(() => formatArray({ kind: "int", shape: [2, 3], data: [1, 2, 3] }), /needs 6/);
});

test("pyFloat writes Python float literals that read back to the same value", () => {
  assert.equal(pyFloat(4), "4.0");
  assert.equal(pyFloat(-3), "-3.0");
  assert.equal(pyFloat(-0), "-0.0");
  assert.equal(pyFloat(0.1), "0.1");
  assert.equal(pyFloat(-0.30000000000000004), "-0.30000000000000004");
  assert.equal(pyFloat(1e-7), "1e-07");
  assert.equal(pyFloat(2.5e-7), "2.5e-07");
  assert.equal(pyFloat(1e16), "1e+16");
  assert.throws(() => pyFloat(NaN));
});
