import assert from "node:assert/strict";
import { test } from "node:test";

import { fitPitch, MIN_CELL_PX, STEPS, stepsPerView, viewLabel } from "../step_editor.js";

test("a laptop-wide grid shows both bars; narrower ones one bar or half a bar", () => {
  assert.equal(stepsPerView(1040, 104), STEPS);
  assert.equal(stepsPerView(560, 104), 16);
  // A 390-px phone leaves ~329 px inside the fieldset: 8 steps of at least 24 px beside labels.
  assert.equal(stepsPerView(329, 84), 8);
  assert.equal(stepsPerView(200, 84), 8); // never fewer than half a bar
});

test("every shown cell is at least the minimum width", () => {
  for (const width of [300, 329, 358, 420, 540, 700, 900, 1100]) {
    for (const label of [44, 84, 104]) {
      const steps = stepsPerView(width, label);
      if (steps > 8) assert.ok((width - label) / steps >= MIN_CELL_PX, `${width}/${label}: ${steps}`);
    }
  }
});

test("the bar switcher names bars and beats (English without a catalogue)", () => {
  assert.equal(viewLabel(0, 32), "");
  assert.equal(viewLabel(1, 16), "Bar 2");
  assert.deepEqual([0, 1, 2, 3].map((i) => viewLabel(i, 8)), [
    "Bar 1, beats 1–2",
    "Bar 1, beats 3–4",
    "Bar 2, beats 1–2",
    "Bar 2, beats 3–4",
  ]);
});

test("longer drawings: at most two bars side by side, named by the bars they show", () => {
  assert.equal(stepsPerView(1040, 104, 24, 128), STEPS);
  assert.equal(stepsPerView(1040, 104, 24, 16), 16); // a one-bar drawing never asks for two
  assert.deepEqual([0, 1, 3].map((i) => viewLabel(i, 32, 128)), ["Bars 1–2", "Bars 3–4", "Bars 7–8"]);
  assert.equal(viewLabel(5, 16, 128), "Bar 6");
  assert.equal(viewLabel(0, 16, 16), "");
});

test("a recorded pitch outside the rows moves by octaves into them", () => {
  assert.equal(fitPitch(48, 60, 84), 60);
  assert.equal(fitPitch(97, 60, 84), 73);
  assert.equal(fitPitch(70, 60, 84), 70);
});
