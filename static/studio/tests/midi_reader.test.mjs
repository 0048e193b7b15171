import assert from "node:assert/strict";
import { test } from "node:test";

import { readMidi, readVariableLength } from "../midi_reader.js";
import { clipToMidiBytes } from "../midi_writer.js";

test("variable-length numbers read back what the writer writes", () => {
  assert.deepEqual(readVariableLength([0x81, 0x00], 0), [0x80, 2]);
  assert.deepEqual(readVariableLength([0, 0xff, 0x7f], 1), [0x3fff, 3]);
});

test("the step editor's file reads back: notes on the 16th grid, tempo, melody channel", () => {
  const notes = [[60, 0, 3, 100], [62, 3, 4, 90], [60, 5, 6, 100]];
  const midi = readMidi(clipToMidiBytes({ notes, qpm: 96 }));
  assert.equal(midi.qpm, 96);
  assert.deepEqual(midi.notes, notes.map((note) => [...note, false]));
});

test("drums come back on channel 10 and a repeated hit of one pitch stays two hits", () => {
  const midi = readMidi(clipToMidiBytes({ notes: [[36, 0, 1], [36, 1, 2], [42, 1, 2]], drums: true }));
  assert.deepEqual(midi.notes, [[36, 0, 1, 100, true], [36, 1, 2, 100, true], [42, 1, 2, 100, true]]);
  assert.equal(midi.qpm, 120);
});

test("running status and note-on with velocity 0 as note-off (as other software writes)", () => {
  const track = [0x00, 0x90, 60, 80, 0x18, 60, 0, 0x00, 64, 70, 0x30, 64, 0, 0x00, 0xff, 0x2f, 0x00];
  const bytes = [
    0x4d, 0x54, 0x68, 0x64, 0, 0, 0, 6, 0, 0, 0, 1, 0, 96,
    0x4d, 0x54, 0x72, 0x6b, 0, 0, 0, track.length, ...track,
  ];
  assert.deepEqual(readMidi(bytes).notes, [[60, 0, 1, 80, false], [64, 1, 3, 70, false]]);
});

test("a file that is not MIDI is refused", () => {
  assert.throws(() => readMidi(new TextEncoder().encode("hello, this is not midi")), /not a MIDI file/);
});
