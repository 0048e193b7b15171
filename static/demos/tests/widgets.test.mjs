import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import { test } from "node:test";

import { explain as explainUpTo, notes } from "../arange.js";
import { cellTerms, explainCell, matmul, mismatch, parseMatrix, printedProduct, readEntry } from "../matmul.js";
import { ADVERTISING, equation, leastSquares, lineThrough, sumOfSquares } from "../regression.js";
import { describeReshape, rankName, readPick as readPickIn, shapesOf, table as reshapeTable, unravelIndex, whereIsText } from "../reshape.js";
import { curvePoints, describe } from "../sigmoid_curve.js";
import { LESSON_STATE, sigmoid } from "../sigmoid_grid_math.js";
import { combinationFormula, neuronFormula, passLines } from "../sigmoid_grid_readout.js";
import { formulaNumber, signedSum } from "../ui.js";
import { describeZeros, isContiguous, memoryOrder, parseShape as parseShapeIn, readAxisSize as readAxisSizeIn, shapeLimits, strides } from "../zeros.js";
import { SPECS } from "./specs.mjs";

// The widgets' bounds come from the page's spec, as on a page.
const explain = (start, stop, step) => explainUpTo(start, stop, step, SPECS.arange.limits.max_points_per_axis);
const PICK = reshapeTable(SPECS.reshape).pick;
const readPick = (text) => readPickIn(text, PICK);
const SHAPES = shapesOf(reshapeTable(SPECS.reshape).shape.choices);
const ZEROS_LIMITS = shapeLimits(SPECS.zeros);
const parseShape = (text) => parseShapeIn(text, ZEROS_LIMITS);
const readAxisSize = (axis, text) => readAxisSizeIn(axis, text, ZEROS_LIMITS.maxSize);

const printVectors = JSON.parse(readFileSync(new URL("../../../tests/vectors/numpy_print.json", import.meta.url)));
const printed = (name) => printVectors.cases.find((c) => c.name === name).text;

test("sigmoid curve: 0.5 at u = 0, towards 0 and 1 at the ends", () => {
  assert.equal(sigmoid(0), 0.5);
  assert.ok(sigmoid(-10) < 0.0001 && sigmoid(10) > 0.9999);
  const points = curvePoints(-10, 10, 20);
  assert.equal(points.length, 21);
  assert.deepEqual(points[10], [0, 0.5]);
  for (let k = 1; k < points.length; k += 1) assert.ok(points[k][1] > points[k - 1][1]);
  assert.match(describe(0).join("\n"), /sigmoid\(u\) = 1 \/ \(1 \+ 1\) = 0\.5/);
  assert.match(describe(9).at(-1), /approaches 1/);
  assert.equal(describe(-2)[0], "u = \u22122"); // a real minus sign, not a hyphen
});

test("regression: least squares is the minimum of the squared error", () => {
  const best = leastSquares(ADVERTISING);
  const bestSse = sumOfSquares(ADVERTISING, best.b1, best.b0);
  for (const [db1, db0] of [[0.001, 0], [-0.001, 0], [0, 10], [0, -10], [0.0001, -5]]) {
    assert.ok(sumOfSquares(ADVERTISING, best.b1 + db1, best.b0 + db0) > bestSse);
  }
  // The illustrative data sit around the lesson's Y = 0.0525X + 3080.
  assert.ok(Math.abs(best.b1 - 0.0525) < 0.002, `b1 = ${best.b1}`);
  assert.ok(Math.abs(best.b0 - 3080) < 150, `b0 = ${best.b0}`);
  assert.deepEqual(leastSquares([[0, 1], [1, 3], [2, 5]]), { b1: 2, b0: 1 });
  assert.throws(() => leastSquares([[1, 1], [1, 2]]), /slope/);
  assert.deepEqual(lineThrough([0, 1], [10, 21]), { b1: 2, b0: 1 });
  assert.equal(equation(0.0525, 3080), "Y = 0.0525·X + 3080");
  assert.equal(equation(2, -1), "Y = 2·X − 1");
});

test("arange: end excluded, numpy's count and print, float surprises flagged", () => {
  const lesson = explain(-1, 1, 0.2);
  assert.equal(lesson.count, 10);
  assert.equal(lesson.printed, printed("lesson arange"));
  assert.equal(lesson.printedLesson, printed("lesson formatter, lesson arange"));
  assert.deepEqual(lesson.pastStop, []);
  assert.deepEqual(lesson.nearZero, [-2.220446049250313e-16]);
  assert.deepEqual(explain(0, 1, 0.25).nearZero, []);
  const surprise = explain(1, 1.3, 0.1);
  assert.equal(surprise.count, 4);
  assert.deepEqual(surprise.pastStop, [1.3000000000000003]);
  assert.equal(explain(1, 0, 0.5).empty, true);
  assert.deepEqual(notes(lesson).slice(0, 1), ["len(X) = 10 elements"]);
});

test("arange: bad input gives a message for the field at fault and no array", () => {
  for (const [args, key, pattern] of [
    [[0, 1, 0], "step", /greater than 0/],
    [[0, 1, -0.5], "step", /greater than 0/],
    [[-1, 1, 0.001], "step", /2000 elements.*at most 200/],
    [[0, 100, 0.1], "step", /1000 elements/],
    [[NaN, 1, 0.2], "start", /start: enter a number/],
  ]) {
    const result = explain(...args);
    assert.equal(result.error.key, key, String(args));
    assert.match(result.error.message, pattern);
    assert.equal(result.values, undefined); // nothing left to show beside the new code
  }
});

test("zeros: shapes, numpy's strides and contiguity flags, memory order", () => {
  assert.deepEqual(parseShape("10, 10"), [10, 10]);
  assert.deepEqual(parseShape("3"), [3]);
  assert.equal(parseShape("0,3"), null);
  assert.equal(parseShape("2,2,2,2,2"), null);
  assert.equal(parseShape("a"), null);
  assert.ok(printVectors.layouts.length > 20);
  for (const c of printVectors.layouts) {
    const st = strides(c.shape, c.itemsize, c.order);
    const label = `${c.shape} ${c.dtype} ${c.order}`;
    assert.deepEqual(st, c.strides, label);
    assert.equal(isContiguous(c.shape, st, c.itemsize, "C"), c.c_contiguous, label);
    assert.equal(isContiguous(c.shape, st, c.itemsize, "F"), c.f_contiguous, label);
  }
  assert.deepEqual(memoryOrder([2, 3], "C", 4), [[0, 0], [0, 1], [0, 2], [1, 0]]);
  assert.deepEqual(memoryOrder([2, 3], "F", 4), [[0, 0], [1, 0], [0, 1], [1, 1]]);
  const z = describeZeros([10, 10], "float64", "C");
  assert.equal(z.code, "Z = np.zeros((10, 10), dtype=np.float64, order='C')");
  assert.equal(z.printed, printed("zeros 10x10"));
  assert.equal(describeZeros([3, 4], "int64", "F").printed, printed("zeros int 3x4"));
  assert.equal(describeZeros([3], "float64", "C").code, "Z = np.zeros((3,), dtype=np.float64, order='C')");
});

test("reshape: 24 elements print as numpy prints them in every shape", () => {
  assert.equal(describeReshape(SHAPES[0]).printed, printed("reshape 24"));
  assert.equal(describeReshape(SHAPES[1]).printed, printed("reshape 4,6"));
  assert.equal(describeReshape(SHAPES[2]).printed, printed("reshape 2,3,4"));
  assert.equal(describeReshape(SHAPES[3]).printed, printed("reshape 2,2,3,2"));
  assert.deepEqual(unravelIndex(14, [2, 3, 4]), [1, 0, 2]); // 15 is b[1][0][2]
  assert.deepEqual(unravelIndex(23, [2, 2, 3, 2]), [1, 1, 2, 1]);
  assert.equal(describeReshape([2, 3, 4]).rank, 3);
  assert.equal(rankName(4), "4th-order tensor");
  assert.equal(whereIsText(17, [2, 2, 3, 2]), "17 = b[1][0][2][0]");
});

test("reshape: the number to find must be a whole number from 1 to 24", () => {
  assert.deepEqual(readPick("17"), { value: 17 });
  for (const text of ["25", "0", "2.5", "", "x", "-3"]) {
    assert.match(readPick(text).error, /whole number from 1 to 24/, text);
  }
});

test("zeros: an axis size must be a whole number from 1 to 10", () => {
  assert.deepEqual(readAxisSize(0, "7"), { value: 7 });
  for (const text of ["0", "11", "2.5", "", "-1", "1e1"]) {
    assert.match(readAxisSize(1, text).error, /^Axis 1: enter a whole number from 1 to 10\.$/, text);
  }
});

test("matmul: the lesson's product, cell terms, numpy's mismatch message", () => {
  const a = parseMatrix("0,1,2;1,2,3");
  const b = parseMatrix("2,1;2,1;2,1");
  assert.deepEqual(matmul(a, b), [[6, 3], [12, 6]]);
  assert.deepEqual(cellTerms(a, b, 1, 0), [[1, 2], [2, 2], [3, 2]]);
  assert.equal(explainCell(a, b, 0, 0), "0×2 + 1×2 + 2×2 = 6");
  assert.equal(explainCell(a, b, 1, 1), "1×1 + 2×1 + 3×1 = 6");
  assert.equal(printedProduct(a, b), printed("matmul lesson"));
  assert.equal(parseMatrix("1,2;3"), null);
  assert.equal(parseMatrix("1,x"), null);
  for (const c of printVectors.dot_errors) {
    const zeros = ([r, cc]) => Array.from({ length: r }, () => new Array(cc).fill(0));
    assert.equal(mismatch(zeros(c.a), zeros(c.b)), `ValueError: ${c.message}`);
  }
  assert.throws(() => matmul([[1, 2]], [[1, 2]]), /not aligned/);
  assert.equal(explainCell([[1, -3]], [[-2], [1]], 0, 0), "1×(\u22122) \u2212 3×1 = \u22125");
  assert.deepEqual(readEntry("A[0][1]", "-2.5"), { value: -2.5 });
  assert.match(readEntry("A[0][1]", "").error, /^A\[0\]\[1\]: enter a number\.$/);
  assert.match(readEntry("A[0][1]", "e").error, /enter a number/);
  const af = parseMatrix("0.5,1,2;1,2,3");
  const bf = parseMatrix("2,1.25;2,1;2,1");
  assert.equal(printedProduct(af, bf), printed("matmul floats"));
});

test("formulas write signs as a student would: no '+ -0.4'", () => {
  assert.equal(formulaNumber(-0.4), "\u22120.4");
  assert.equal(signedSum([[0.5, 4], [-0.4, 4], [-3]]), "0.5×4 \u2212 0.4×4 \u2212 3");
  assert.equal(signedSum([[-1, -4], [2, -1], [0]]), "\u22121×(\u22124) + 2×(\u22121) + 0");
  const state = { ...structuredClone(LESSON_STATE), w_im: [4, 4, -0.4, 4], b_im: [3, -3] };
  const lines = passLines(0, 0, -1, -1, state).join("\n");
  assert.doesNotMatch(lines, /\+ -|\+ \u2212|- -/);
  assert.match(lines, /u = inp·w_im \+ b_im = \[\u22121×4 \u2212 1×\(\u22120\.4\) \+ 3, \u22121×4 \u2212 1×4 \u2212 3\]/);
  assert.match(lines, /out = mid·w_mo \+ b_mo = [\d.e-]+×1 \+ [\d.e-]+×\(\u22121\) \+ 0\.1/);
  assert.equal(neuronFormula(state, 0), "sigmoid(4×x \u2212 0.4×y + 3)");
  assert.equal(neuronFormula(state, 1), "sigmoid(4×x + 4×y \u2212 3)");
  assert.equal(combinationFormula(state), "out = 1×mid[0] \u2212 1×mid[1] + 0.1");
  assert.equal(equation(-0.01, -50), "Y = \u22120.01·X \u2212 50");
});
