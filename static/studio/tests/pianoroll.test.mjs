import assert from "node:assert/strict";
import { test } from "node:test";

import { cursorX, layoutRoll, noteName } from "../pianoroll.js";

const DRUM_ROWS = [
  ["ride", [51, 53, 59, 82]],
  ["crash", [49, 52, 55, 57, 58]],
  ["high_tom", [50, 30, 62, 76, 83]],
  ["mid_tom", [48, 47, 60, 63, 77, 86, 87]],
  ["low_tom", [45, 29, 41, 43, 61, 64, 84]],
  ["open_hihat", [46, 67, 72, 74, 79, 81, 26]],
  ["closed_hihat", [42, 44, 54, 68, 69, 70, 71, 73, 78, 80, 22]],
  ["snare", [38, 27, 28, 31, 32, 33, 34, 37, 39, 40, 56, 65, 66, 75, 85]],
  ["kick", [36, 35]],
].map(([label, pitches]) => ({ label, pitches }));

test("note names", () => {
  assert.equal(noteName(60), "C4");
  assert.equal(noteName(61), "C♯4");
  assert.equal(noteName(48), "C3");
});

test("drums get the 9 named rows and each pitch lands on its class row", () => {
  const roll = { kind: "drums", steps: 32, qpm: 120, notes: [[36, 0, 1, 127], [35, 4, 5], [44, 8, 9], [49, 16, 17], [99, 2, 3]] };
  const layout = layoutRoll(roll, { width: 420, labelWidth: 100, rowHeight: 10, drumRows: DRUM_ROWS });
  assert.deepEqual(layout.rows.map((r) => r.label), DRUM_ROWS.map((r) => r.label));
  assert.equal(layout.height, 90);
  const rowOf = (note) => (note.y - 1) / 10;
  assert.deepEqual(layout.notes.map(rowOf), [8, 8, 6, 1]); // kick, kick (35), closed hat (44), crash
  assert.equal(layout.dropped, 1); // 99 is no drum
  assert.equal(layout.stepWidth, 10);
  assert.equal(layout.notes[0].x, 100);
  assert.equal(layout.notes[0].opacity, 1);
  assert.deepEqual(layout.bars, [100, 260, 420]);
});

test("melody rows span the notes, highest on top, at least minRows", () => {
  const roll = { kind: "melody", steps: 16, qpm: 120, notes: [[60, 0, 4, 100], [64, 4, 8, 100]] };
  const layout = layoutRoll(roll, { width: 260, labelWidth: 100, rowHeight: 10, minRows: 13 });
  assert.equal(layout.rows.length, 13);
  const top = layout.rows[0].pitches[0];
  const bottom = layout.rows.at(-1).pitches[0];
  assert.ok(top >= 64 && bottom <= 60 && top - bottom === 12);
  const [c, e] = layout.notes;
  assert.ok(c.y > e.y, "higher pitch is drawn higher");
  assert.equal(c.w, 4 * 10 - 1);
  assert.equal(layout.rows.find((r) => r.pitches[0] === 60).label, "C4");
});

test("primer notes are marked and the cursor follows the audio clock", () => {
  const roll = { kind: "melody", steps: 32, qpm: 120, primer_steps: 8, notes: [[60, 0, 2], [62, 8, 10]] };
  const layout = layoutRoll(roll, { width: 420, labelWidth: 100 });
  assert.deepEqual(layout.notes.map((n) => n.primer), [true, false]);
  assert.equal(layout.primerX, 180);
  // 120 qpm: a 16th lasts 0.125 s, so 1 s is step 8.
  assert.equal(cursorX(layout, 1), 100 + 8 * 10);
  assert.equal(cursorX(layout, -1), 100);
  assert.equal(cursorX(layout, 999), 420);
});

test("an empty roll still lays out one bar", () => {
  const layout = layoutRoll({ kind: "melody", steps: 0, qpm: 120, notes: [] }, { width: 260, labelWidth: 100 });
  assert.equal(layout.steps, 16);
  assert.equal(layout.notes.length, 0);
});
