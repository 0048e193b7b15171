import assert from "node:assert/strict";
import { test } from "node:test";

import { meanOffsetMs, midiEvent, pitchOfKey, quantize, shiftOctave, toStepNotes } from "../recorder.js";

// The editor's notes without their offsets (tested on their own below).
const steps = (notes) => toStepNotes(notes).map((note) => note.slice(0, 4));

const on = (pitch, time) => ({ kind: "on", pitch, time, velocity: 100 });
const off = (pitch, time) => ({ kind: "off", pitch, time });
const QPM = 120; // a 16th is 0.125 s

test("two rows of keys are an octave and a bit of piano; Z and X shift within the grid", () => {
  assert.equal(pitchOfKey("KeyA"), 60);
  assert.equal(pitchOfKey("KeyW"), 61);
  assert.equal(pitchOfKey("KeyK"), 72);
  assert.equal(pitchOfKey("KeyK", 72), 84);
  assert.equal(pitchOfKey("KeyQ"), null);
  assert.equal(shiftOctave(60, "KeyX"), 72);
  assert.equal(shiftOctave(72, "KeyX"), 72);
  assert.equal(shiftOctave(72, "KeyZ"), 60);
  assert.equal(shiftOctave(60, "KeyZ"), 60);
});

test("presses land on the nearest 16th and keep how early or late they were", () => {
  const notes = quantize([on(60, 0.01), off(60, 0.24), on(64, 0.49), off(64, 0.74)], { qpm: QPM, length: 32 });
  assert.deepEqual(steps(notes), [[60, 0, 2, 100], [64, 4, 6, 100]]);
  assert.ok(Math.abs(notes[0].offset - 0.08) < 1e-9);
  assert.ok(Math.abs(notes[1].offset + 0.08) < 1e-9);
  assert.equal(meanOffsetMs(notes, QPM), 10);
});

test("a note a little before the downbeat is on it; one held past the end stops at the end", () => {
  const notes = quantize([on(60, -0.05), off(60, 0.1), on(62, 3.9)], { qpm: QPM, length: 32 });
  assert.deepEqual(steps(notes), [[60, 0, 1, 100], [62, 31, 32, 100]]);
  assert.deepEqual(quantize([on(60, -0.2), on(61, 4.0)], { qpm: QPM, length: 32 }), []);
});

test("a melody is one line: a new note cuts the held one, the later of two on a 16th wins", () => {
  const events = [on(60, 0), on(64, 0.25), off(60, 0.5), off(64, 0.5), on(67, 0.74), on(65, 0.76), off(65, 1)];
  assert.deepEqual(steps(quantize(events, { qpm: QPM, length: 16, monophonic: true })), [
    [60, 0, 2, 100],
    [64, 2, 4, 100],
    [65, 6, 8, 100],
  ]);
  // Without the rule (drums, chords) both stay.
  assert.equal(quantize(events, { qpm: QPM, length: 16 }).length, 4);
});

test("drum hits are single 16ths whatever the key's hold", () => {
  const notes = quantize([on(36, 0), off(36, 0.9), on(38, 0.5)], { qpm: QPM, length: 16, drums: true });
  assert.deepEqual(steps(notes), [[36, 0, 1, 100], [38, 4, 5, 100]]);
});

test("MIDI messages: note-on, note-off and note-on with velocity 0", () => {
  assert.deepEqual(midiEvent([0x91, 60, 90], 1), { kind: "on", pitch: 60, time: 1, velocity: 90 });
  assert.equal(midiEvent([0x90, 60, 0], 1).kind, "off");
  assert.equal(midiEvent([0x80, 60, 0], 1).kind, "off");
  assert.equal(midiEvent([0xb0, 64, 127], 1), null);
});

test("the editor's notes carry each note's offset, for the MIDI file it sends", () => {
  const notes = quantize([on(60, 0.01), off(60, 0.24), on(64, 0.49), off(64, 0.74)], { qpm: QPM, length: 32 });
  const offsets = toStepNotes(notes).map((note) => note[4]);
  assert.ok(Math.abs(offsets[0] - 0.08) < 1e-9 && Math.abs(offsets[1] + 0.08) < 1e-9, String(offsets));
});
