// Piano-roll geometry (pure: no DOM). rollview.js draws what layoutRoll computes.
//
// A roll is what the API sends per output: {kind, steps, qpm, primer_steps, notes:
// [[pitch, startStep, endStep, velocity, offset]]}, on a grid of 4 steps per quarter note.
// Drums get one named row per drum class (9 rows); melodies one row per semitone.

export const STEPS_PER_BAR = 16;
const NAMES = ["C", "C♯", "D", "D♯", "E", "F", "F♯", "G", "G♯", "A", "A♯", "B"];

export function noteName(pitch) {
  return `${NAMES[pitch % 12]}${Math.floor(pitch / 12) - 1}`;
}

export function secondsPerStep(qpm) {
  return 60 / qpm / 4;
}

function melodyRows(notes, minRows) {
  let low = Math.min(...notes.map((n) => n[0]));
  let high = Math.max(...notes.map((n) => n[0]));
  if (!Number.isFinite(low)) [low, high] = [60, 71];
  while (high - low + 1 < minRows) {
    if ((high - low) % 2 === 0) high += 1;
    else low -= 1;
  }
  const rows = [];
  for (let pitch = high; pitch >= low; pitch -= 1) {
    rows.push({ label: pitch % 12 === 0 ? noteName(pitch) : "", pitches: [pitch], black: NAMES[pitch % 12].length > 1 });
  }
  return rows;
}

/**
 * layoutRoll(roll, {width, rowHeight, labelWidth, drumRows, minRows, maxHeight}) →
 * {width, height, rows: [{label, y, pitches}], notes: [{x, y, w, h, opacity, primer, pitch}],
 *  bars: [x], labelWidth, stepWidth, steps, secondsPerStep, dropped}
 * drumRows: [{label, pitches}] top to bottom (the page gets them from the server).
 */
export function layoutRoll(roll, options = {}) {
  const { width = 640, labelWidth = 110, drumRows = [], minRows = 13, maxHeight = Infinity } = options;
  const notes = roll.notes || [];
  const lastEnd = notes.reduce((end, n) => Math.max(end, n[2]), 0);
  const steps = Math.max(roll.steps || 0, lastEnd, STEPS_PER_BAR);
  const stepWidth = (width - labelWidth) / steps;
  const rowSpecs = roll.kind === "drums" ? drumRows : melodyRows(notes, minRows);
  // Rows shrink (to 5 px at least) so a wide melody still fits maxHeight.
  const rowHeight = Math.max(5, Math.min(options.rowHeight ?? 12, Math.floor(maxHeight / rowSpecs.length)));
  const rows = rowSpecs.map((row, index) => ({ ...row, y: index * rowHeight }));
  const rowOf = new Map();
  rows.forEach((row, index) => row.pitches.forEach((pitch) => rowOf.set(pitch, index)));
  const placed = [];
  let dropped = 0;
  for (const [pitch, start, end, velocity = 100, offset = 0] of notes) {
    const row = rowOf.get(pitch);
    if (row === undefined) {
      dropped += 1;
      continue;
    }
    const length = roll.kind === "drums" ? 1 : Math.max(end - start, 1);
    placed.push({
      pitch,
      x: labelWidth + (start + offset) * stepWidth,
      y: row * rowHeight + 1,
      w: Math.max(length * stepWidth - 1, 2),
      h: rowHeight - 2,
      opacity: 0.35 + (0.65 * Math.min(velocity, 127)) / 127,
      primer: start < (roll.primer_steps || 0),
    });
  }
  const bars = [];
  for (let step = 0; step <= steps; step += STEPS_PER_BAR) bars.push(labelWidth + step * stepWidth);
  return {
    width,
    rowHeight,
    height: rows.length * rowHeight,
    rows,
    notes: placed,
    bars,
    labelWidth,
    stepWidth,
    steps,
    primerX: labelWidth + (roll.primer_steps || 0) * stepWidth,
    secondsPerStep: secondsPerStep(roll.qpm || 120),
    dropped,
  };
}

/** Where the playback cursor goes after `seconds` of audio (clamped to the roll). */
export function cursorX(layout, seconds) {
  const step = Math.max(0, Math.min(seconds / layout.secondsPerStep, layout.steps));
  return layout.labelWidth + step * layout.stepWidth;
}
