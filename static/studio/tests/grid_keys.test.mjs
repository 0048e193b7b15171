import assert from "node:assert/strict";
import { test } from "node:test";

import { cellName, moveInGrid } from "../grid_keys.js";

const melody = { rows: 25, steps: 32 };

test("arrow keys move one cell and stop at the edges", () => {
  assert.deepEqual(moveInGrid({ row: 3, step: 5 }, "ArrowRight", melody), { row: 3, step: 6 });
  assert.deepEqual(moveInGrid({ row: 3, step: 5 }, "ArrowLeft", melody), { row: 3, step: 4 });
  assert.deepEqual(moveInGrid({ row: 3, step: 5 }, "ArrowDown", melody), { row: 4, step: 5 });
  assert.deepEqual(moveInGrid({ row: 3, step: 5 }, "ArrowUp", melody), { row: 2, step: 5 });
  assert.deepEqual(moveInGrid({ row: 0, step: 0 }, "ArrowUp", melody), { row: 0, step: 0 });
  assert.deepEqual(moveInGrid({ row: 0, step: 0 }, "ArrowLeft", melody), { row: 0, step: 0 });
  assert.deepEqual(moveInGrid({ row: 24, step: 31 }, "ArrowDown", melody), { row: 24, step: 31 });
  assert.deepEqual(moveInGrid({ row: 24, step: 31 }, "ArrowRight", melody), { row: 24, step: 31 });
});

test("Home and End go to the row's ends; with Ctrl to the grid's corners", () => {
  const long = { rows: 9, steps: 128 };
  assert.deepEqual(moveInGrid({ row: 4, step: 70 }, "Home", long), { row: 4, step: 0 });
  assert.deepEqual(moveInGrid({ row: 4, step: 70 }, "End", long), { row: 4, step: 127 });
  assert.deepEqual(moveInGrid({ row: 4, step: 70 }, "Home", { ...long, ctrl: true }), { row: 0, step: 0 });
  assert.deepEqual(moveInGrid({ row: 4, step: 70 }, "End", { ...long, ctrl: true }), { row: 8, step: 127 });
});

test("PageUp and PageDown move an octave of rows, clamped (a drum kit has fewer)", () => {
  assert.deepEqual(moveInGrid({ row: 12, step: 2 }, "PageUp", melody), { row: 0, step: 2 });
  assert.deepEqual(moveInGrid({ row: 12, step: 2 }, "PageDown", melody), { row: 24, step: 2 });
  assert.deepEqual(moveInGrid({ row: 5, step: 2 }, "PageDown", { rows: 9, steps: 16 }), { row: 8, step: 2 });
});

test("other keys are not the grid's (Space and Enter press the cell's own button)", () => {
  for (const key of [" ", "Enter", "Tab", "a", "Escape"]) assert.equal(moveInGrid({ row: 1, step: 1 }, key, melody), null);
});

test("a cell is named by its row and its step from 1 (English without a catalogue)", () => {
  assert.equal(cellName("C4", 2), "C4, step 3");
  assert.equal(cellName("Kick", 0), "Kick, step 1");
});
