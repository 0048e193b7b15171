// A minimal Standard MIDI File writer for the step editor (pure): format 0, one track.
// The server reads these like any upload, so the editor needs no API of its own.

export const TICKS_PER_QUARTER = 96;
const TICKS_PER_STEP = TICKS_PER_QUARTER / 4;

export function variableLength(value) {
  const bytes = [value & 0x7f];
  let rest = value >> 7;
  while (rest > 0) {
    bytes.unshift((rest & 0x7f) | 0x80);
    rest >>= 7;
  }
  return bytes;
}

function u32(value) {
  return [(value >>> 24) & 0xff, (value >>> 16) & 0xff, (value >>> 8) & 0xff, value & 0xff];
}

// A recorded note keeps where it was played: its start is written off the 16th by its offset
// (the server quantizes it back to the same step and keeps the offset, as for any upload).
// Offsets stay under half a step by a tick, so no start can round to the neighbouring 16th.
const MAX_OFFSET_TICKS = TICKS_PER_STEP / 2 - 1;

/**
 * clipToMidiBytes({notes: [[pitch, startStep, endStep, velocity, offset]], qpm, drums, program})
 * → Uint8Array; ``offset`` (steps, default 0) moves the note-on off its 16th. Drums go on channel
 * 10 (index 9), as General MIDI expects. Notes pushed before the first beat open the file with a
 * one-beat pickup bar (1/4, then 4/4), as the server's own writer does, so steps still count
 * from the downbeat.
 */
export function clipToMidiBytes({ notes, qpm = 120, drums = false, program = 0 }) {
  const channel = drums ? 9 : 0;
  const shift = (offset) => Math.max(-MAX_OFFSET_TICKS, Math.min(MAX_OFFSET_TICKS, Math.round(offset * TICKS_PER_STEP)));
  const early = notes.some(([, start, , , offset = 0]) => start * TICKS_PER_STEP + shift(offset) < 0);
  const lead = early ? TICKS_PER_QUARTER : 0;
  const events = []; // [tick, order, bytes]: metas, then note-offs, then note-ons at one tick
  if (early) events.push([lead, -1, [0xff, 0x58, 0x04, 0x04, 0x02, 0x18, 0x08]]);
  const timed = notes
    .map(([pitch, start, end, velocity = 100, offset = 0]) => ({
      pitch,
      velocity,
      on: lead + start * TICKS_PER_STEP + shift(offset),
      off: lead + Math.max(end, start + 1) * TICKS_PER_STEP,
    }))
    .sort((a, b) => a.on - b.on || a.pitch - b.pitch);
  // A note ends where the next note of its pitch starts (a hit played a little early).
  const nextOn = new Map();
  for (const note of timed.reverse()) {
    const off = Math.min(note.off, nextOn.get(note.pitch) ?? Infinity);
    nextOn.set(note.pitch, note.on);
    if (off <= note.on) continue;
    events.push([note.on, 1, [0x90 | channel, note.pitch, note.velocity]]);
    events.push([off, 0, [0x80 | channel, note.pitch, 0]]);
  }
  events.sort((a, b) => a[0] - b[0] || a[1] - b[1]);
  const microseconds = Math.round(60_000_000 / qpm);
  const track = [
    0x00, 0xff, 0x51, 0x03, (microseconds >> 16) & 0xff, (microseconds >> 8) & 0xff, microseconds & 0xff,
    0x00, 0xff, 0x58, 0x04, early ? 0x01 : 0x04, 0x02, 0x18, 0x08,
  ];
  if (!drums) track.push(0x00, 0xc0 | channel, program);
  let now = 0;
  for (const [tick, , bytes] of events) {
    track.push(...variableLength(tick - now), ...bytes);
    now = tick;
  }
  track.push(0x00, 0xff, 0x2f, 0x00);
  const header = [0x4d, 0x54, 0x68, 0x64, ...u32(6), 0x00, 0x00, 0x00, 0x01, 0x00, TICKS_PER_QUARTER];
  return new Uint8Array([...header, 0x4d, 0x54, 0x72, 0x6b, ...u32(track.length), ...track]);
}

/** Cells of a step grid → notes; consecutive cells of one pitch make one longer note. */
export function cellsToNotes(cells, { drums = false, velocity = 100 } = {}) {
  // cells: Map or object pitch -> Set/array of steps
  const notes = [];
  for (const [pitchKey, stepList] of Object.entries(cells)) {
    const pitch = Number(pitchKey);
    const steps = [...stepList].sort((a, b) => a - b);
    let start = null;
    let previous = null;
    for (const step of steps) {
      if (drums) {
        notes.push([pitch, step, step + 1, velocity]);
        continue;
      }
      if (start !== null && step === previous + 1) {
        previous = step;
        continue;
      }
      if (start !== null) notes.push([pitch, start, previous + 1, velocity]);
      start = step;
      previous = step;
    }
    if (!drums && start !== null) notes.push([pitch, start, previous + 1, velocity]);
  }
  return notes.sort((a, b) => a[1] - b[1] || a[0] - b[0]);
}
