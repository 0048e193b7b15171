import assert from "node:assert/strict";
import { test } from "node:test";

import { clipLength, drumClassOf, eventsBetween, melodicSample, OTHER_PROGRAMS, pianoSampleFor, PIANO_SAMPLE_PITCHES, stepSeconds } from "../sound.js";

test("every pitch plays from a sample at most a semitone and a half away", () => {
  assert.equal(PIANO_SAMPLE_PITCHES.at(0), 36);
  assert.equal(PIANO_SAMPLE_PITCHES.at(-1), 96);
  assert.deepEqual(pianoSampleFor(60), { sample: 60, rate: 1 });
  assert.equal(pianoSampleFor(61).sample, 60);
  assert.equal(pianoSampleFor(62).sample, 63);
  for (let pitch = 36; pitch <= 96; pitch += 1) {
    const { sample, rate } = pianoSampleFor(pitch);
    assert.ok(PIANO_SAMPLE_PITCHES.includes(sample));
    assert.ok(Math.abs(Math.log2(rate) * 12) <= 1.5, `${pitch}`);
  }
  assert.equal(pianoSampleFor(24).sample, 36); // beyond the samples: shifted further, still heard
});

test("drum pitches find their class through the page's drum rows", () => {
  const rows = [{ name: "kick", pitches: [36, 35] }, { name: "snare", pitches: [38, 40] }];
  assert.equal(drumClassOf(35, rows), "kick");
  assert.equal(drumClassOf(40, rows), "snare");
  assert.equal(drumClassOf(99, rows), null);
});

test("events in a window, once or looped", () => {
  const notes = [[60, 0, 2], [62, 4, 6], [64, 15, 16]];
  assert.deepEqual(eventsBetween(notes, 16, 0, 5, false).map((e) => e.step), [0, 4]);
  assert.deepEqual(eventsBetween(notes, 16, 5, 40, false).map((e) => e.step), [15]);
  assert.deepEqual(eventsBetween(notes, 16, 14, 21, true).map((e) => [e.note[0], e.step]), [[64, 15], [60, 16], [62, 20]]);
  assert.deepEqual(eventsBetween(notes, 16, 3, 3, true), []);
});

test("a clip lasts its length or to its last note; a 16th at 120 qpm is 125 ms", () => {
  assert.equal(clipLength([[60, 0, 20]], 16), 20);
  assert.equal(clipLength([[60, 0, 2]], 32), 32);
  assert.equal(stepSeconds(120), 0.125);
});

test("other instruments play from samples every 6 semitones; an unknown program is the piano", () => {
  assert.deepEqual(melodicSample(60, 73), { name: "gm73-60", rate: 1 });
  assert.equal(melodicSample(63, 73).name, "gm73-66");
  assert.equal(melodicSample(62, 73).name, "gm73-60");
  for (const program of OTHER_PROGRAMS) assert.ok(Math.abs(Math.log2(melodicSample(69, program).rate) * 12) <= 3);
  assert.equal(melodicSample(61, 5).name, "piano-60");
  assert.equal(melodicSample(61).name, "piano-60");
});

test("every sample the voices ask for is one the render script makes (samples.json)", async () => {
  const { readFileSync } = await import("node:fs");
  const manifest = JSON.parse(readFileSync(new URL("../samples.json", import.meta.url), "utf8"));
  const files = new Set([
    ...manifest.piano.pitches.map((pitch) => `piano-${pitch}.ogg`),
    ...Object.entries(manifest.instruments).flatMap(([program, pitches]) => pitches.map((pitch) => `gm${program}-${pitch}.ogg`)),
    ...manifest.drums.map((name) => `drum-${name}.ogg`),
  ]);
  const wanted = [];
  for (let pitch = 24; pitch <= 108; pitch += 1) {
    for (const program of [0, ...OTHER_PROGRAMS]) wanted.push(`${melodicSample(pitch, program).name}.ogg`);
  }
  for (const name of ["kick", "snare", "closed_hihat", "open_hihat", "low_tom", "mid_tom", "high_tom", "crash", "ride"]) {
    wanted.push(`drum-${name}.ogg`);
  }
  assert.deepEqual(wanted.filter((name) => !files.has(name)), []);
});
