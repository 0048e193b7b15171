import assert from "node:assert/strict";
import { test } from "node:test";

import { clampQpm } from "../editor_tools.js";
import { INSTRUMENTS, instrumentFor, rollNotes } from "../results_player.js";
import { OTHER_PROGRAMS } from "../sound.js";

test("a roll plays with each note's offset kept and its kind as the voice", () => {
  const groove = { kind: "drums", notes: [[36, 0, 1, 90, 0.25], [38, 4, 5, 80, -0.1]] };
  assert.deepEqual(rollNotes(groove), [[36, 0.25, 1.25, 90, true], [38, 3.9, 4.9, 80, true]]);
  assert.deepEqual(rollNotes({ kind: "melody", notes: [[60, 0, 4]] }), [[60, 0, 4, 100, false]]);
  assert.deepEqual(rollNotes({ kind: "melody" }), []);
});

test("a typed tempo plays at the nearest one the transport allows", () => {
  assert.equal(clampQpm("96"), 96);
  assert.equal(clampQpm("10"), 40);
  assert.equal(clampQpm("999"), 240);
  assert.equal(clampQpm("abc"), 120);
  assert.equal(clampQpm("100.6"), 101);
});

test("every instrument offered has its samples' program, the piano first", () => {
  assert.equal(INSTRUMENTS[0], 0);
  assert.deepEqual(INSTRUMENTS.slice(1), OTHER_PROGRAMS);
});

test("a result starts on its own instrument, or the nearest offered one of its GM family", () => {
  assert.equal(instrumentFor(0), 0);
  assert.equal(instrumentFor(undefined), 0);
  assert.equal(instrumentFor(73), 73); // flute: sampled
  assert.equal(instrumentFor(5), 4); // electric piano 2 → electric piano
  assert.equal(instrumentFor(33), 24); // finger bass → the guitar
  assert.equal(instrumentFor(40), 48); // violin → strings
  assert.equal(instrumentFor(19), 80); // church organ → the square lead's held tone
  assert.equal(instrumentFor(118), 0); // synth drum: nothing near, the piano
  for (let program = 0; program < 128; program += 1) assert.ok(INSTRUMENTS.includes(instrumentFor(program)));
});
