// A small step editor: tap cells to draw a 2-bar clip; it becomes a MIDI file for upload.
//
// Cells stay at least MIN_CELL_PX wide so a finger can hit them: where all 32 steps do not fit
// (a phone, a narrow column) the grid shows one bar or half a bar at a time with buttons to
// switch, instead of scrolling sideways and losing the row names.

import { gettext, gettextf } from "../js/i18n.js";
import { cellsToNotes, clipToMidiBytes } from "./midi_writer.js";
import { noteName } from "./pianoroll.js";

export const STEPS = 32;
export const STEPS_PER_BAR = 16;
export const MIN_CELL_PX = 24;
const GAP_PX = 2;
const MELODY_PITCHES = Array.from({ length: 25 }, (_, i) => 84 - i); // C6 down to C4
const BLACK_KEYS = new Set([1, 3, 6, 8, 10]);

/** How many steps fit side by side: all 32, one bar (16) or half a bar (8). */
export function stepsPerView(width, labelWidth, minCell = MIN_CELL_PX) {
  for (const steps of [STEPS, STEPS_PER_BAR, STEPS_PER_BAR / 2]) {
    if (labelWidth + steps * (minCell + GAP_PX) <= width) return steps;
  }
  return STEPS_PER_BAR / 2;
}

/** The switcher's name for view ``index`` when ``perView`` steps are shown. */
export function viewLabel(index, perView) {
  if (perView >= STEPS) return "";
  const firstStep = index * perView;
  const bar = Math.floor(firstStep / STEPS_PER_BAR) + 1;
  if (perView === STEPS_PER_BAR) return gettextf("Bar %(bar)s", { bar });
  const firstBeat = (firstStep % STEPS_PER_BAR) / 4 + 1;
  return gettextf("Bar %(bar)s, beats %(first)s–%(last)s", { bar, first: firstBeat, last: firstBeat + perView / 4 - 1 });
}

function element(tag, className, text = "") {
  const node = document.createElement(tag);
  if (className) node.className = className;
  if (text) node.textContent = text;
  return node;
}

export function createStepEditor(container, { kind, drumRows, clearLabel }) {
  const drums = kind === "drums";
  const rows = drums
    ? drumRows.map((row) => ({ pitch: row.pitches[0], label: row.label }))
    : MELODY_PITCHES.map((pitch) => ({ pitch, label: noteName(pitch) }));
  const cells = {}; // pitch -> Set of steps
  const buttons = new Map();
  const columns = Array.from({ length: STEPS }, () => []); // step -> its header + cells
  const grid = element("div", `studio-grid ${drums ? "studio-grid-drums" : "studio-grid-melody"}`);

  grid.append(element("span", "studio-grid-corner"));
  for (let step = 0; step < STEPS; step += 1) {
    // Beat numbers over the grid, so a student knows where each beat of the bar falls.
    const beat = element("span", "studio-grid-beat", step % 4 === 0 ? String((step % STEPS_PER_BAR) / 4 + 1) : "");
    beat.setAttribute("aria-hidden", "true");
    columns[step].push(beat);
    grid.append(beat);
  }
  for (const row of rows) {
    grid.append(element("span", "studio-grid-label", row.label));
    for (let step = 0; step < STEPS; step += 1) {
      const cell = element("button", step % 4 === 0 ? "studio-cell studio-cell-beat" : "studio-cell");
      cell.type = "button";
      if (step % STEPS_PER_BAR === 0) cell.classList.add("studio-cell-bar");
      if (!drums && BLACK_KEYS.has(row.pitch % 12)) cell.classList.add("studio-cell-black"); // as on a keyboard
      cell.setAttribute("aria-pressed", "false");
      cell.setAttribute("aria-label", gettextf("%(name)s, step %(step)s", { name: row.label, step: step + 1 }));
      cell.addEventListener("click", () => toggle(row.pitch, step));
      buttons.set(`${row.pitch}:${step}`, cell);
      columns[step].push(cell);
      grid.append(cell);
    }
  }

  const switcher = element("div", "studio-grid-views");
  switcher.setAttribute("role", "group");
  switcher.setAttribute("aria-label", gettext("Part of the clip to show"));
  let perView = STEPS;
  let view = 0;

  function showView(index) {
    view = index;
    for (let step = 0; step < STEPS; step += 1) {
      const visible = Math.floor(step / perView) === view;
      for (const node of columns[step]) node.hidden = !visible;
    }
    grid.style.setProperty("--steps", perView);
    for (const [i, button] of [...switcher.children].entries()) button.setAttribute("aria-pressed", String(i === view));
  }

  function markViewsWithNotes() {
    for (const [i, button] of [...switcher.children].entries()) {
      const used = Object.values(cells).some((steps) => [...steps].some((s) => Math.floor(s / perView) === i));
      button.classList.toggle("studio-grid-view-used", used);
    }
  }

  function layout() {
    const label = grid.querySelector(".studio-grid-label");
    const width = container.clientWidth;
    if (!width || !label) return;
    const next = stepsPerView(width, label.getBoundingClientRect().width + GAP_PX);
    if (next === perView && switcher.childElementCount === STEPS / perView) return;
    const firstVisibleStep = view * perView;
    perView = next;
    const views = STEPS / perView;
    switcher.replaceChildren();
    switcher.hidden = views === 1;
    for (let i = 0; i < views; i += 1) {
      const button = element("button", "studio-button studio-grid-view", viewLabel(i, perView));
      button.type = "button";
      button.addEventListener("click", () => showView(i));
      switcher.append(button);
    }
    showView(Math.floor(firstVisibleStep / perView));
    markViewsWithNotes();
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
    markViewsWithNotes();
  }

  const clear = element("button", "studio-button studio-grid-clear", clearLabel);
  clear.type = "button";
  clear.addEventListener("click", () => {
    for (const [pitch, steps] of Object.entries(cells)) for (const step of [...steps]) set(Number(pitch), step, false);
    markViewsWithNotes();
  });
  container.replaceChildren(switcher, grid, clear);
  grid.style.setProperty("--steps", perView);
  layout();
  if (typeof ResizeObserver === "function") new ResizeObserver(layout).observe(container);

  return {
    isEmpty: () => Object.values(cells).every((steps) => steps.size === 0),
    toFile() {
      const notes = cellsToNotes(cells, { drums });
      const bytes = clipToMidiBytes({ notes, drums, qpm: 120 });
      return new File([bytes], "drawn.mid", { type: "audio/midi" });
    },
  };
}
