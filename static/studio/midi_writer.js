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

/**
 * clipToMidiBytes({notes: [[pitch, startStep, endStep, velocity]], qpm, drums, program}) →
 * Uint8Array. Drums go on channel 10 (index 9), as General MIDI expects.
 */
export function clipToMidiBytes({ notes, qpm = 120, drums = false, program = 0 }) {
  const channel = drums ? 9 : 0;
  const events = []; // [tick, order, bytes]: note-offs (order 0) before note-ons at one tick
  for (const [pitch, start, end, velocity = 100] of notes) {
    events.push([start * TICKS_PER_STEP, 1, [0x90 | channel, pitch, velocity]]);
    events.push([Math.max(end, start + 1) * TICKS_PER_STEP, 0, [0x80 | channel, pitch, 0]]);
  }
  events.sort((a, b) => a[0] - b[0] || a[1] - b[1]);
  const microseconds = Math.round(60_000_000 / qpm);
  const track = [
    0x00, 0xff, 0x51, 0x03, (microseconds >> 16) & 0xff, (microseconds >> 8) & 0xff, microseconds & 0xff,
    0x00, 0xff, 0x58, 0x04, 0x04, 0x02, 0x18, 0x08,
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
