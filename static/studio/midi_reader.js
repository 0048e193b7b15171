// A small Standard MIDI File reader (pure), so an example clip or an uploaded file can be heard
// in the page before generating, through the same sound.js voices as the step editor.
// It reads what the studio's clips hold: notes, the first tempo and the drum channel.

/** Reads a variable-length quantity at ``offset``: [value, next offset]. */
export function readVariableLength(bytes, offset) {
  let value = 0;
  let index = offset;
  for (let count = 0; count < 4; count += 1) {
    const byte = bytes[index];
    index += 1;
    value = (value << 7) | (byte & 0x7f);
    if (!(byte & 0x80)) return [value, index];
  }
  throw new Error("a variable-length number is longer than 4 bytes");
}

const text = (bytes, offset) => String.fromCharCode(...bytes.slice(offset, offset + 4));
const u32 = (bytes, offset) => ((bytes[offset] << 24) | (bytes[offset + 1] << 16) | (bytes[offset + 2] << 8) | bytes[offset + 3]) >>> 0;

/** The notes of one track chunk: [tick, kind, channel, pitch, velocity] events and tempos. */
function readTrack(bytes, start, end, into) {
  let offset = start;
  let tick = 0;
  let status = 0;
  while (offset < end) {
    let delta;
    [delta, offset] = readVariableLength(bytes, offset);
    tick += delta;
    let byte = bytes[offset];
    if (byte & 0x80) {
      status = byte;
      offset += 1;
    } else if (status < 0x80) {
      throw new Error("running status without a status byte");
    }
    if (status === 0xff) {
      const type = bytes[offset];
      let length;
      [length, offset] = readVariableLength(bytes, offset + 1);
      if (type === 0x51 && length === 3) into.tempos.push([tick, (bytes[offset] << 16) | (bytes[offset + 1] << 8) | bytes[offset + 2]]);
      offset += length;
      if (type === 0x2f) break;
      status = 0; // meta events do not set running status
      continue;
    }
    if (status === 0xf0 || status === 0xf7) {
      let length;
      [length, offset] = readVariableLength(bytes, offset);
      offset += length;
      status = 0;
      continue;
    }
    const kind = status & 0xf0;
    const channel = status & 0x0f;
    const size = kind === 0xc0 || kind === 0xd0 ? 1 : 2;
    byte = bytes[offset];
    const second = bytes[offset + 1];
    offset += size;
    if (kind === 0x90 && second > 0) into.events.push([tick, "on", channel, byte, second]);
    else if (kind === 0x80 || kind === 0x90) into.events.push([tick, "off", channel, byte, 0]);
  }
}

/**
 * readMidi(bytes) → {qpm, notes: [[pitch, startStep, endStep, velocity, drums]]}, steps being
 * 16ths; drums are the notes on channel 10. Throws on a file that is not MIDI.
 */
export function readMidi(input) {
  const bytes = input instanceof Uint8Array ? input : new Uint8Array(input);
  if (bytes.length < 14 || text(bytes, 0) !== "MThd") throw new Error("not a MIDI file");
  const headerLength = u32(bytes, 4);
  const tracks = (bytes[10] << 8) | bytes[11];
  const division = (bytes[12] << 8) | bytes[13];
  if (division & 0x8000) throw new Error("SMPTE time is not supported");
  const found = { events: [], tempos: [] };
  let offset = 8 + headerLength;
  for (let track = 0; track < tracks && offset + 8 <= bytes.length; track += 1) {
    const length = u32(bytes, offset + 4);
    if (text(bytes, offset) === "MTrk") readTrack(bytes, offset + 8, Math.min(offset + 8 + length, bytes.length), found);
    offset += 8 + length;
  }
  const ticksPerStep = division / 4;
  const open = new Map(); // channel:pitch -> [start tick, velocity] (a repeated note-on ends the last)
  const notes = [];
  const close = (key, tick) => {
    const [start, velocity] = open.get(key);
    const [channel, pitch] = key.split(":").map(Number);
    notes.push([pitch, start / ticksPerStep, Math.max(tick, start + 1) / ticksPerStep, velocity, channel === 9]);
    open.delete(key);
  };
  found.events.sort((a, b) => a[0] - b[0] || (a[1] === "off" ? -1 : 1));
  for (const [tick, kind, channel, pitch, velocity] of found.events) {
    const key = `${channel}:${pitch}`;
    if (open.has(key)) close(key, tick);
    if (kind === "on") open.set(key, [tick, velocity]);
  }
  const last = Math.max(0, ...found.events.map((event) => event[0]));
  for (const key of [...open.keys()]) close(key, last);
  const tempo = found.tempos.sort((a, b) => a[0] - b[0])[0]?.[1] ?? 500_000;
  notes.sort((a, b) => a[1] - b[1] || a[0] - b[0]);
  return { qpm: Math.round((60_000_000 / tempo) * 100) / 100, notes };
}
