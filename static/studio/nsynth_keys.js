// The NSynth keyboard and spectrograms as numbers (pure): which keys are black, where each key
// sits, which computer key plays which pitch, where a note lies in the sprite, and how a
// quantised spectrogram becomes pixels and words.

import { PIANO_CODES } from "./recorder.js";

const BLACK = new Set([1, 3, 6, 8, 10]);

export const isBlack = (pitch) => BLACK.has(pitch % 12);

/**
 * Key geometry in units of one white key: white keys side by side, each black key centred on
 * the border before the next white key. → {width (white keys), keys: [{pitch, black, x, w}]}.
 */
export function keyLayout(pitches) {
  const keys = [];
  let whites = 0;
  for (const pitch of pitches) {
    if (isBlack(pitch)) keys.push({ pitch, black: true, x: whites - 0.3, w: 0.6 });
    else keys.push({ pitch, black: false, x: whites++, w: 1 });
  }
  // A black key at either end (the range starts or stops on one) stays inside the box.
  for (const key of keys) if (key.black) key.x = Math.min(Math.max(key.x, 0), Math.max(0, whites - key.w));
  return { width: Math.max(whites, 1), keys };
}

/** The C the computer row starts on: the C at or under the chosen pitch. */
export const baseFor = (pitch) => pitch - (pitch % 12);

/** The pitch a computer key plays with its row on ``base``, or null (a key off the keyboard too). */
export function pitchForCode(code, base, pitches) {
  const index = PIANO_CODES.indexOf(code);
  if (index < 0) return null;
  const pitch = base + index;
  return pitches.includes(pitch) ? pitch : null;
}

/** Z / X: the row an octave down or up, as long as some of its keys are on the keyboard. */
export function shiftBase(base, down, pitches) {
  const next = base + (down ? -12 : 12);
  const reaches = pitches.some((pitch) => pitch >= next && pitch < next + PIANO_CODES.length);
  return reaches ? next : base;
}

/** Where a pitch's note starts in the sprite (seconds), or -1. */
export function spriteOffset(pitch, pitches, slotSeconds) {
  const index = pitches.indexOf(pitch);
  return index < 0 ? -1 : index * slotSeconds;
}

/** base64 → the quantised cells, column after column, lowest band first. */
export function decodeCells(data) {
  const text = atob(data);
  const cells = new Uint8Array(text.length);
  for (let i = 0; i < text.length; i++) cells[i] = text.charCodeAt(i);
  return cells;
}

/**
 * RGBA pixels for an ImageData of ``columns`` × ``bands``: time to the right, the highest band
 * on the top row. ``lut`` is 256 colours as one "rrggbb…" string (demos/colormaps.js).
 */
export function spectrogramPixels(cells, columns, bands, lut) {
  const rgb = Array.from({ length: 256 }, (_, i) => [0, 2, 4].map((at) => parseInt(lut.slice(6 * i + at, 6 * i + at + 2), 16)));
  const pixels = new Uint8ClampedArray(columns * bands * 4);
  for (let column = 0; column < columns; column++) {
    for (let band = 0; band < bands; band++) {
      const [r, g, b] = rgb[cells[column * bands + band]];
      const at = ((bands - 1 - band) * columns + column) * 4;
      pixels[at] = r;
      pixels[at + 1] = g;
      pixels[at + 2] = b;
      pixels[at + 3] = 255;
    }
  }
  return pixels;
}

/** The band with the most energy over the whole note (cells are dB steps, so power-summed). */
export function loudestBand(cells, columns, bands) {
  const energy = new Float64Array(bands);
  for (let column = 0; column < columns; column++) {
    for (let band = 0; band < bands; band++) energy[band] += 10 ** (cells[column * bands + band] / 32);
  }
  let best = 0;
  for (let band = 1; band < bands; band++) if (energy[band] > energy[best]) best = band;
  return best;
}

/** Rows for frequency ticks: the band whose centre is nearest each of ``ticks`` (Hz). */
export function tickRows(bandHz, ticks = [250, 1000, 4000]) {
  return ticks.map((hz) => {
    let best = 0;
    for (let band = 1; band < bandHz.length; band++) if (Math.abs(bandHz[band] - hz) < Math.abs(bandHz[best] - hz)) best = band;
    return { hz, band: best };
  });
}
