import assert from "node:assert/strict";
import { test } from "node:test";

import { baseFor, decodeCells, keyLayout, loudestBand, pitchForCode, shiftBase, spectrogramPixels, spriteOffset, tickRows } from "../nsynth_keys.js";
import { noteName } from "../pianoroll.js";

const OCTAVE = Array.from({ length: 13 }, (_, i) => 60 + i); // C4..C5

test("note names and key geometry: 8 white keys, black keys between them", () => {
  assert.equal(noteName(60), "C4");
  assert.equal(noteName(61), "C♯4");
  assert.equal(noteName(21), "A0");
  const layout = keyLayout(OCTAVE);
  assert.equal(layout.width, 8);
  assert.deepEqual(layout.keys.filter((key) => key.black).map((key) => key.pitch), [61, 63, 66, 68, 70]);
  assert.deepEqual(layout.keys.find((key) => key.pitch === 61), { pitch: 61, black: true, x: 0.7, w: 0.6 });
  // A range that starts on a black key keeps it inside the box.
  assert.equal(keyLayout([61, 62, 63]).keys[0].x, 0);
});

test("computer keys play from the C under the chosen pitch, only where the keyboard has notes", () => {
  assert.equal(baseFor(62), 60);
  assert.equal(pitchForCode("KeyA", 60, OCTAVE), 60);
  assert.equal(pitchForCode("KeyK", 60, OCTAVE), 72);
  assert.equal(pitchForCode("KeyA", 48, OCTAVE), null); // C3 was not rendered
  assert.equal(pitchForCode("KeyQ", 60, OCTAVE), null);
  assert.equal(shiftBase(60, false, OCTAVE), 72); // C5 is still on the keyboard
  assert.equal(shiftBase(72, false, OCTAVE), 72); // nothing above
  assert.equal(shiftBase(60, true, OCTAVE), 48); // its K still plays C4
  assert.equal(shiftBase(48, true, OCTAVE), 48); // nothing below that row
});

test("a pitch's note starts at its slot in the sprite", () => {
  assert.equal(spriteOffset(60, OCTAVE, 4), 0);
  assert.equal(spriteOffset(64, OCTAVE, 4), 16);
  assert.equal(spriteOffset(59, OCTAVE, 4), -1);
});

test("spectrogram cells become pixels with the lowest band at the bottom, and words", () => {
  const cells = decodeCells(Buffer.from([0, 255, 10, 20]).toString("base64")); // 2 columns x 2 bands
  assert.deepEqual([...cells], [0, 255, 10, 20]);
  const lut = Array.from({ length: 256 }, (_, i) => i.toString(16).padStart(2, "0").repeat(3)).join("");
  const pixels = spectrogramPixels(cells, 2, 2, lut);
  // Top row is band 1: column 0 has 255, column 1 has 20.
  assert.deepEqual([...pixels.slice(0, 8)], [255, 255, 255, 255, 20, 20, 20, 255]);
  assert.deepEqual([...pixels.slice(8, 16)], [0, 0, 0, 255, 10, 10, 10, 255]);
  assert.equal(loudestBand(cells, 2, 2), 1);
  assert.deepEqual(tickRows([100, 260, 990, 3900], [250, 1000, 4000]).map((tick) => tick.band), [1, 2, 3]);
});
