import assert from "node:assert/strict";
import { test } from "node:test";

import { table as arangeTable } from "../arange.js";
import { table as matmulTable } from "../matmul.js";
import { table as reshapeTable } from "../reshape.js";
import { gridTable, validateState as validateGrid } from "../sigmoid_grid_math.js";
import { parseNumber, presetValues, readUrlState, searchWith, urlErrorText, urlPrefixes } from "../url_state.js";
import { table as zerosTable } from "../zeros.js";
import { SPECS } from "./specs.mjs";

// Every table is built from the server's spec, as the pages build them.
const ARANGE = arangeTable(SPECS.arange);
const MATMUL = matmulTable(SPECS.matmul);
const RESHAPE = reshapeTable(SPECS.reshape);
const ZEROS = zerosTable(SPECS.zeros);
const GRID_SPEC = SPECS["sigmoid-grid"];
const validateState = (state) => validateGrid(state, GRID_SPEC);

test("numbers in the address are plain decimals only, as the server reads them", () => {
  assert.equal(parseNumber("0.1"), 0.1);
  assert.equal(parseNumber(" -2 "), -2);
  assert.equal(parseNumber("1e-3"), 0.001);
  for (const text of ["", "nan", "Infinity", "1_000", "0x10", "1,2", "abc"]) assert.ok(Number.isNaN(parseNumber(text)), text);
});

test("a shared address restores every input of a widget; defaults stay out of it", () => {
  const values = { start: 0, stop: 1, step: 0.2 };
  const query = searchWith("", values, ARANGE);
  assert.equal(query, "start=0"); // stop and step are the defaults
  assert.deepEqual(readUrlState(`?${query}`, ARANGE).values, values);
  const zeros = searchWith("?lang=en", { shape: [2, 3, 4], dtype: "int64", order: "C" }, ZEROS);
  assert.equal(zeros, "lang=en&shape=2,3,4&dtype=int64");
  assert.deepEqual(readUrlState(`?${zeros}`, ZEROS).values, { shape: [2, 3, 4], dtype: "int64", order: "C" });
  const matmul = searchWith("", { a: [[1, -2]], b: [[3], [4.5]] }, MATMUL);
  assert.equal(matmul, "a=1,-2&b=3;4.5");
  assert.deepEqual(readUrlState(`?${matmul}`, MATMUL).values, { a: [[1, -2]], b: [[3], [4.5]] });
});

test("invalid values in the address are ignored, each with a sentence naming it", () => {
  const read = readUrlState("?start=abc&step=0.5&stop=1000", ARANGE);
  assert.deepEqual(read.values, { start: -1, stop: 1, step: 0.5 });
  assert.deepEqual(read.errors.map((e) => e.key), ["start", "stop"]);
  assert.match(read.errors[1].message, /stop must be a number from -100 to 100/);
  assert.match(urlErrorText(read.errors), /^Some values in the address were ignored: start must be/);
  assert.equal(urlErrorText([]), "");
  assert.deepEqual(readUrlState("?shape=5,5", RESHAPE).errors.map((e) => e.key), ["shape"]);
  assert.deepEqual(readUrlState("?pick=2.5", RESHAPE).errors.map((e) => e.key), ["pick"]);
  assert.deepEqual(readUrlState("?pick=24", RESHAPE).values.pick, 24);
  assert.deepEqual(readUrlState("?shape=0,3", ZEROS).errors.map((e) => e.key), ["shape"]);
  assert.deepEqual(readUrlState("?a=1,2;3", MATMUL).errors.map((e) => e.key), ["a"]);
  assert.deepEqual(readUrlState("?a=1,2,3,4,5", MATMUL).errors.map((e) => e.key), ["a"]); // 5 columns do not fit
});

test("a combination that cannot be drawn keeps the whole preset and says why", () => {
  const table = gridTable(GRID_SPEC);
  const read = readUrlState("?step=0.001&cmap=magma", table, { check: validateState });
  assert.equal(read.values.step, 0.2);
  assert.equal(read.values.cmap, "gray");
  assert.deepEqual(read.errors.map((e) => e.key), ["step"]);
  assert.match(read.errors[0].message, /2000 points per axis/);
});

test("messages come from the page's catalogue", () => {
  globalThis.django = {
    gettext: (msgid) =>
      ({ "%(key)s must be a number from %(min)s to %(max)s.": "%(key)s は %(min)s から %(max)s までの数にしてください。" })[msgid] ?? msgid,
  };
  try {
    const read = readUrlState("?stop=500", ARANGE);
    assert.equal(read.errors[0].message, "stop は -100 から 100 までの数にしてください。");
  } finally {
    delete globalThis.django;
  }
});

test("a preset is read in the table's own form; a bad one falls back to the default", () => {
  assert.deepEqual(presetValues(ZEROS, { shape: "3, 4", dtype: "float32" }), { shape: [3, 4], dtype: "float32", order: "C" });
  assert.deepEqual(presetValues(ARANGE, { step: -1 }).step, 0.2);
});

test("several demos on one page get their own keys; one alone keeps plain keys", () => {
  assert.deepEqual(urlPrefixes(["sigmoid-grid"]), [""]);
  assert.deepEqual(urlPrefixes(["sigmoid-grid", "arange", "sigmoid-grid", "colormap"]), ["sigmoid-grid.", "arange.", "sigmoid-grid-2.", "colormap."]);
  // Two demos with a key of the same name do not overwrite each other.
  let search = searchWith("", { start: 0, stop: 1, step: 0.2 }, ARANGE, "arange.");
  search = searchWith(search, { start: -2 }, { start: gridTable(GRID_SPEC).start }, "sigmoid-grid.");
  assert.equal(search, "arange.start=0&sigmoid-grid.start=-2");
  assert.equal(readUrlState(`?${search}`, ARANGE, { prefix: "arange." }).values.start, 0);
});

test("any address gives every widget values it can show (seeded random queries)", async () => {
  const CURVE = (await import("../sigmoid_curve.js")).table(SPECS["sigmoid-curve"]);
  const REGRESSION = (await import("../regression.js")).table(SPECS.regression);
  const { fieldProblem } = await import("../url_state.js");
  const nasty = ["", "0", "-0", "1e308", "1e999", "nan", "inf", "1,2,3,4", "1,,2", "4,4,4,4", "0.001", "-1", "100", "2,3,4", "4,6", "0,1;2,3", "1;2", "a\u0000b", "é", "24", "25", "viridis", "C", "F", "int64"];
  let seed = 12345;
  const random = () => ((seed = (seed * 1103515245 + 12345) % 2147483648) / 2147483648);
  const pick = (list) => list[Math.floor(random() * list.length)];
  const tables = { ARANGE, MATMUL, RESHAPE, ZEROS, CURVE, REGRESSION, GRID: gridTable(GRID_SPEC) };
  for (let round = 0; round < 400; round += 1) {
    for (const [name, table] of Object.entries(tables)) {
      const params = new URLSearchParams();
      for (const key of Object.keys(table)) if (random() < 0.6) params.set(key, pick(nasty));
      const check = name === "GRID" ? validateState : null;
      const { values } = readUrlState(`?${params}`, table, { check });
      for (const [key, field] of Object.entries(table)) assert.equal(fieldProblem(key, field, values[key]), null, `${name} ${params} ${key}`);
      if (check) assert.deepEqual(check(values), [], `${params}`);
    }
  }
});
