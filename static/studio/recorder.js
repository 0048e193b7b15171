// Recording into an input slot (pure): key presses or MIDI messages with their times become
// notes on the 16th grid the step editor draws, and each note keeps how far from its 16th it
// was played (its offset), so the page can say how tight the playing was.

// Two rows of the computer keyboard as piano keys, by physical key (KeyboardEvent.code), so a
// JIS, US or AZERTY layout plays the same places: A S D F G H J K white, W E T Y U black.
export const PIANO_CODES = ["KeyA", "KeyW", "KeyS", "KeyE", "KeyD", "KeyF", "KeyT", "KeyG", "KeyY", "KeyH", "KeyU", "KeyJ", "KeyK"];
// The same home row for drums: the nine classes from the kick up (the editor's rows bottom up).
export const DRUM_CODES = ["KeyA", "KeyS", "KeyD", "KeyF", "KeyG", "KeyH", "KeyJ", "KeyK", "KeyL"];
export const OCTAVE_DOWN = "KeyZ";
export const OCTAVE_UP = "KeyX";
// The keyboard's lowest C: the grid's rows run C4..C6, so the 13 keys stay inside it.
export const LOWEST_BASE = 60;
export const HIGHEST_BASE = 72;

/** The pitch a key plays with its row starting at ``base`` (a C), or null for other keys. */
export function pitchOfKey(code, base = LOWEST_BASE) {
  const index = PIANO_CODES.indexOf(code);
  return index < 0 ? null : base + index;
}

/** Z / X move the keyboard's C by an octave, within the grid's rows. */
export function shiftOctave(base, code) {
  if (code === OCTAVE_DOWN) return Math.max(LOWEST_BASE, base - 12);
  if (code === OCTAVE_UP) return Math.min(HIGHEST_BASE, base + 12);
  return base;
}

/**
 * events: [{kind: "on" | "off", pitch, time, velocity}], ``time`` in seconds from the first
 * downbeat. → [{pitch, start, end, velocity, offset}]: start and end in 16ths, offset the
 * played start minus its 16th (in 16ths, -0.5..0.5). A note played up to half a 16th before
 * the downbeat counts as on it; one still held when recording stops ends at ``length``.
 * Monophonic (a melody): a new note ends the sounding one, and of two notes on one 16th the
 * later played wins. Drums are single 16th hits.
 */
export function quantize(events, { qpm, length, monophonic = false, drums = false }) {
  const step = 60 / qpm / 4;
  const held = new Map(); // pitch -> the note it started
  const notes = [];
  const ordered = [...events].sort((a, b) => a.time - b.time);
  for (const event of ordered) {
    const at = event.time / step;
    if (event.kind === "on") {
      if (held.has(event.pitch)) held.get(event.pitch).endAt = at; // a repeat ends the last one
      const start = Math.round(at) + 0; // + 0: no -0 for a note just before the downbeat
      if (start < 0 || start >= length) continue;
      const note = { pitch: event.pitch, startAt: at, endAt: null, start, velocity: event.velocity ?? 100 };
      held.set(event.pitch, note);
      notes.push(note);
    } else if (held.has(event.pitch)) {
      held.get(event.pitch).endAt = at;
      held.delete(event.pitch);
    }
  }
  let result = notes.map((note) => {
    const end = drums ? note.start + 1 : Math.min(length, Math.max(note.start + 1, Math.round(note.endAt ?? length)));
    return { pitch: note.pitch, start: note.start, end, velocity: note.velocity, offset: note.startAt - note.start };
  });
  if (monophonic) result = monophonicLine(result);
  return result.sort((a, b) => a.start - b.start || a.pitch - b.pitch);
}

function monophonicLine(notes) {
  const byStart = new Map(); // the later played note of a 16th replaces the earlier one
  for (const note of notes) byStart.set(note.start, note);
  const line = [...byStart.values()].sort((a, b) => a.start - b.start);
  for (let i = 0; i + 1 < line.length; i += 1) line[i].end = Math.min(line[i].end, line[i + 1].start);
  return line;
}

/** The step editor's notes: [pitch, start, end, velocity, offset from the 16th in steps]. */
export const toStepNotes = (notes) => notes.map((note) => [note.pitch, note.start, note.end, note.velocity, note.offset]);

/** How far from the grid the playing was: the mean absolute offset, in milliseconds. */
export function meanOffsetMs(notes, qpm) {
  if (!notes.length) return 0;
  const step = 60 / qpm / 4;
  return Math.round((notes.reduce((sum, note) => sum + Math.abs(note.offset), 0) / notes.length) * step * 1000);
}

/** A MIDI message (status, data1, data2) as a recorder event, or null for anything else. */
export function midiEvent([status, pitch, velocity], time) {
  const kind = status & 0xf0;
  if (kind === 0x90 && velocity > 0) return { kind: "on", pitch, time, velocity };
  if (kind === 0x80 || kind === 0x90) return { kind: "off", pitch, time, velocity: 0 };
  return null;
}
