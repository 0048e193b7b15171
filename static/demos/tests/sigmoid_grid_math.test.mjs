import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import { test } from "node:test";

import { COLORMAP_HEX, LUT_SIZE } from "../colormaps.js";
import {
  LESSON_STATE,
  apiQuery,
  arange,
  arangeLength,
  colourOf,
  colormapIndex,
  computeGrid,
  forwardPass,
  gridRows,
  numpyCode,
  queryToState as queryToStateIn,
  stateToQuery,
  validateState as validateStateIn,
} from "../sigmoid_grid_math.js";
import { SPECS } from "./specs.mjs";

// The page's spec of "sigmoid-grid" (bounds, colormaps, the most points per axis).
const SPEC = SPECS["sigmoid-grid"];
const validateState = (state) => validateStateIn(state, SPEC);
const queryToState = (search, ...rest) => queryToStateIn(search, SPEC, ...rest);

const vectors = JSON.parse(readFileSync(new URL("../../../tests/vectors/sigmoid_grid.json", import.meta.url)));
const TOLERANCE = 1e-9;

function stateOf(params, display = {}) {
  return { ...structuredClone(LESSON_STATE), ...params, ...display };
}

test("the shared vectors cover defaults, random weights and odd ranges", () => {
  const names = vectors.cases.map((c) => c.name);
  assert.ok(names.some((n) => n.startsWith("lesson defaults, lesson range")));
  assert.ok(names.filter((n) => n.startsWith("random weights")).length >= 3);
  assert.ok(names.some((n) => n.includes("arange passes stop")));
  assert.ok(vectors.cases.length >= 10);
});

test("x and y are numpy's np.arange values, bit for bit", () => {
  for (const c of vectors.cases) {
    const { start, stop, step } = c.params;
    assert.equal(arangeLength(start, stop, step), c.x.length, c.name);
    assert.deepEqual(Array.from(arange(start, stop, step)), c.x, c.name);
  }
});

test("the grid agrees with numpy within 1e-9 on every shared vector", () => {
  let worst = 0;
  for (const c of vectors.cases) {
    const grid = computeGrid(stateOf(c.params));
    const rows = gridRows(grid);
    assert.equal(rows.length, c.z.length, c.name);
    for (let j = 0; j < rows.length; j += 1) {
      assert.equal(rows[j].length, c.z[j].length, c.name);
      for (let i = 0; i < rows[j].length; i += 1) {
        const diff = Math.abs(rows[j][i] - c.z[j][i]);
        worst = Math.max(worst, diff);
        assert.ok(diff <= TOLERANCE, `${c.name} z[${j}][${i}]: ${rows[j][i]} vs ${c.z[j][i]}`);
      }
    }
  }
  assert.ok(worst < 1e-12, `worst difference ${worst}`);
});

test("the lesson's default grid is numpy's exactly", () => {
  const c = vectors.cases.find((v) => v.name === "lesson defaults, lesson range");
  assert.deepEqual(gridRows(computeGrid(stateOf(c.params))), c.z);
});

test("forwardPass gives the grid's value and every intermediate step", () => {
  const grid = computeGrid(LESSON_STATE);
  const pass = forwardPass(grid.x[0], grid.y[7], LESSON_STATE);
  assert.equal(pass.out, grid.z[7 * grid.nx + 0]);
  assert.deepEqual(pass.inp, [-1, grid.y[7]]);
  assert.equal(pass.u[0], -1 * 4 + grid.y[7] * 4 + 3);
  assert.equal(pass.mid[1], 1 / (1 + Math.exp(-pass.u[1])));
});

test("computeGrid reuses its buffers when only weights change", () => {
  const first = computeGrid(LESSON_STATE);
  const second = computeGrid({ ...LESSON_STATE, w_mo: [2, -1] }, first);
  assert.equal(second.z, first.z);
  const third = computeGrid({ ...LESSON_STATE, step: 0.1 }, second);
  assert.notEqual(third.z, second.z);
  assert.equal(third.nx, 20);
});

test("the hidden neurons' grids are each cell's mid, and combine into the output exactly", () => {
  const state = { ...structuredClone(LESSON_STATE), w_im: [4, -2.5, 0.3, 4], b_im: [1, -3] };
  const grid = computeGrid(state);
  for (let j = 0; j < grid.ny; j += 1) {
    for (let i = 0; i < grid.nx; i += 1) {
      const k = j * grid.nx + i;
      const pass = forwardPass(grid.x[i], grid.y[j], state);
      assert.equal(grid.mid0[k], pass.mid[0]);
      assert.equal(grid.mid1[k], pass.mid[1]);
      assert.ok(grid.mid0[k] > 0 && grid.mid0[k] < 1 && grid.mid1[k] > 0 && grid.mid1[k] < 1);
      assert.equal(grid.z[k], grid.mid0[k] * state.w_mo[0] + grid.mid1[k] * state.w_mo[1] + state.b_mo[0]);
    }
  }
  // mid[0] rises with x + y (both weights 4 in the lesson); mid[1] too, shifted by its bias.
  const lesson = computeGrid(LESSON_STATE);
  assert.ok(lesson.mid0[0] < lesson.mid0[lesson.z.length - 1]);
  assert.ok(lesson.mid1[0] < lesson.mid1[lesson.z.length - 1]);
});

test("colours are matplotlib's bytes for every cell of the shared vectors", () => {
  for (const c of vectors.cases) {
    const { cmap, vmin, vmax, rgb } = c.colours;
    const grid = computeGrid(stateOf(c.params));
    for (let j = 0; j < grid.ny; j += 1) {
      for (let i = 0; i < grid.nx; i += 1) {
        assert.deepEqual(colourOf(grid.z[j * grid.nx + i], cmap, vmin, vmax), rgb[j][i], `${c.name} ${cmap} [${j}][${i}]`);
      }
    }
  }
});

test("colormapIndex clips like matplotlib: under, vmax itself, over", () => {
  assert.equal(colormapIndex(-5, 0, 1), 0);
  assert.equal(colormapIndex(0, 0, 1), 0);
  assert.equal(colormapIndex(1, 0, 1), 255);
  assert.equal(colormapIndex(7, 0, 1), 255);
  assert.equal(colormapIndex(0.5, 0, 1), 128);
  for (const name of Object.keys(COLORMAP_HEX)) assert.equal(COLORMAP_HEX[name].length, LUT_SIZE * 6, name);
});

test("validateState names each bad parameter", () => {
  const bad = (patch) => validateState({ ...structuredClone(LESSON_STATE), ...patch }).map((e) => e.key);
  assert.deepEqual(bad({}), []);
  assert.deepEqual(bad({ w_im: [1, 2, 3] }), ["w_im"]);
  assert.deepEqual(bad({ b_im: [NaN, 1] }), ["b_im"]);
  assert.deepEqual(bad({ w_mo: [11, 0] }), ["w_mo"]);
  assert.deepEqual(bad({ step: 0 }), ["step"]);
  assert.deepEqual(bad({ step: -0.2 }), ["step"]);
  assert.deepEqual(bad({ step: 0.001 }), ["step"]);
  assert.deepEqual(bad({ stop: -1 }), ["stop"]);
  assert.deepEqual(bad({ start: 0, stop: 2, step: 0.01 }), []); // exactly 200 points
  assert.deepEqual(bad({ vmin: 1 }), ["vmin"]);
  assert.deepEqual(bad({ cmap: "hot" }), ["cmap"]);
  assert.deepEqual(bad({ start: Infinity }), ["start"]);
});

test("URL state round-trips and keeps shared links short", () => {
  assert.equal(stateToQuery(LESSON_STATE), "");
  const state = { ...structuredClone(LESSON_STATE), w_im: [4, -2.5, 4, 0.1], step: 0.1, cmap: "viridis" };
  const query = stateToQuery(state);
  assert.equal(new URLSearchParams(query).get("w_im"), "4,-2.5,4,0.1");
  assert.equal(new URLSearchParams(query).has("b_im"), false);
  const back = queryToState(`?${query}`);
  assert.deepEqual(back.errors, []);
  assert.deepEqual(back.state, state);
  const prefixed = queryToState(`?x=1&cm.cmap=magma`, LESSON_STATE, "cm.");
  assert.equal(prefixed.state.cmap, "magma");
});

test("an unreadable URL keeps the defaults and says why", () => {
  const partial = queryToState("?w_im=1,2&step=0.1");
  assert.equal(partial.state.step, 0.1);
  assert.deepEqual(partial.state.w_im, [4, 4, 4, 4]);
  assert.deepEqual(partial.errors.map((e) => e.key), ["w_im"]);
  const impossible = queryToState("?step=0.0001");
  assert.deepEqual(impossible.state, structuredClone(LESSON_STATE));
  assert.deepEqual(impossible.errors.map((e) => e.key), ["step"]);
  assert.deepEqual(queryToState("?cmap=nope").errors.map((e) => e.key), ["cmap"]);
});

test("apiQuery spells out every parameter in the API's format", () => {
  const params = new URLSearchParams(apiQuery(LESSON_STATE));
  assert.equal(params.get("w_im"), "4,4,4,4");
  assert.equal(params.get("b_mo"), "0.1");
  assert.equal(params.get("start"), "-1");
});

test("numpyCode is the lesson's program with the current values", () => {
  const code = numpyCode({ ...structuredClone(LESSON_STATE), w_im: [4, 0.5, -1, 4], cmap: "jet" });
  assert.match(code, /X = np\.arange\(-1\.0, 1\.0, 0\.2\)/);
  assert.match(code, /w_im = np\.array\(\[\[4\.0, 0\.5\],\n\s+\[-1\.0, 4\.0\]\]\)/);
  assert.match(code, /plt\.imshow\(Z, "jet", vmin=0\.0, vmax=1\.0\)/);
  // The comments follow the page's catalogue (Django's djangojs one in the browser).
  globalThis.django = { gettext: (msgid) => (msgid === "sigmoid" ? "シグモイド関数" : msgid) };
  try {
    assert.match(numpyCode(LESSON_STATE), /return 1\/\(1\+np\.exp\(-u\)\)  # シグモイド関数/);
  } finally {
    delete globalThis.django;
  }
});
