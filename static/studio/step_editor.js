// A small step editor: click cells to draw a 2-bar clip; it becomes a MIDI file for upload.

import { cellsToNotes, clipToMidiBytes } from "./midi_writer.js";
import { noteName } from "./pianoroll.js";

const STEPS = 32;
const MELODY_PITCHES = Array.from({ length: 25 }, (_, i) => 84 - i); // C6 down to C4

export function createStepEditor(container, { kind, drumRows, clearLabel }) {
  const drums = kind === "drums";
  const rows = drums
    ? drumRows.map((row) => ({ pitch: row.pitches[0], label: row.label }))
    : MELODY_PITCHES.map((pitch) => ({ pitch, label: noteName(pitch) }));
  const cells = {}; // pitch -> Set of steps
  const grid = document.createElement("div");
  grid.className = `studio-grid ${drums ? "studio-grid-drums" : "studio-grid-melody"}`;
  grid.style.setProperty("--steps", STEPS);
  const buttons = new Map();
  for (const row of rows) {
    const name = document.createElement("span");
    name.className = "studio-grid-label";
    name.textContent = row.label;
    grid.append(name);
    for (let step = 0; step < STEPS; step += 1) {
      const cell = document.createElement("button");
      cell.type = "button";
      cell.className = step % 4 === 0 ? "studio-cell studio-cell-beat" : "studio-cell";
      cell.setAttribute("aria-pressed", "false");
      cell.setAttribute("aria-label", `${row.label} ${step + 1}`);
      cell.addEventListener("click", () => toggle(row.pitch, step));
      buttons.set(`${row.pitch}:${step}`, cell);
      grid.append(cell);
    }
  }
  function set(pitch, step, on) {
    cells[pitch] = cells[pitch] || new Set();
    if (on) cells[pitch].add(step);
    else cells[pitch].delete(step);
    buttons.get(`${pitch}:${step}`).setAttribute("aria-pressed", on ? "true" : "false");
  }
  function toggle(pitch, step) {
    const on = !(cells[pitch] && cells[pitch].has(step));
    // Melodies are monophonic: one pitch per step.
    if (on && !drums) for (const row of rows) if (row.pitch !== pitch) set(row.pitch, step, false);
    set(pitch, step, on);
  }
  const clear = document.createElement("button");
  clear.type = "button";
  clear.className = "studio-grid-clear";
  clear.textContent = clearLabel;
  clear.addEventListener("click", () => {
    for (const [pitch, steps] of Object.entries(cells)) for (const step of [...steps]) set(Number(pitch), step, false);
  });
  container.replaceChildren(grid, clear);
  return {
    isEmpty: () => Object.values(cells).every((steps) => steps.size === 0),
    toFile() {
      const notes = cellsToNotes(cells, { drums });
      const bytes = clipToMidiBytes({ notes, drums, qpm: 120 });
      return new File([bytes], "drawn.mid", { type: "audio/midi" });
    },
  };
}
