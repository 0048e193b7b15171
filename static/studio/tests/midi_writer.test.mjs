import assert from "node:assert/strict";
import { test } from "node:test";

import { cellsToNotes, clipToMidiBytes, variableLength } from "../midi_writer.js";

test("variable-length quantities", () => {
  assert.deepEqual(variableLength(0), [0]);
  assert.deepEqual(variableLength(0x7f), [0x7f]);
  assert.deepEqual(variableLength(0x80), [0x81, 0x00]);
  assert.deepEqual(variableLength(0x3fff), [0xff, 0x7f]);
});

test("an SMF with header, tempo, notes on the right channel and end of track", () => {
  const bytes = clipToMidiBytes({ notes: [[60, 0, 4, 90]], qpm: 120 });
  const text = String.fromCharCode(...bytes.slice(0, 4));
  assert.equal(text, "MThd");
  assert.equal(String.fromCharCode(...bytes.slice(14, 18)), "MTrk");
  const length = (bytes[18] << 24) | (bytes[19] << 16) | (bytes[20] << 8) | bytes[21];
  assert.equal(length, bytes.length - 22);
  assert.deepEqual([...bytes.slice(-4)], [0x00, 0xff, 0x2f, 0x00]);
  const body = [...bytes];
  const on = body.indexOf(0x90);
  assert.deepEqual(body.slice(on, on + 3), [0x90, 60, 90]);
  // 500000 µs per quarter = 120 qpm
  const tempo = body.indexOf(0x51);
  assert.deepEqual(body.slice(tempo + 2, tempo + 5), [0x07, 0xa1, 0x20]);
  const drums = clipToMidiBytes({ notes: [[36, 0, 1]], drums: true });
  assert.ok([...drums].includes(0x99), "drums on channel 10");
  assert.ok(![...drums].some((b, i) => b === 0xc9 && i > 22), "no program change on drums");
});

test("cells become notes: melody cells join, drum cells stay single hits", () => {
  assert.deepEqual(cellsToNotes({ 60: new Set([0, 1, 2, 5]), 62: [3] }), [
    [60, 0, 3, 100],
    [62, 3, 4, 100],
    [60, 5, 6, 100],
  ]);
  assert.deepEqual(cellsToNotes({ 36: [0, 1] }, { drums: true }), [
    [36, 0, 1, 100],
    [36, 1, 2, 100],
  ]);
});
