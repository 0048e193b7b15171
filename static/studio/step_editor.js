// A small step editor: tap cells to draw a clip of 1 to 8 bars (2 to start); it becomes a MIDI
// file for upload. A cell sounds when it is switched on (sound.js), and a player or the
// recorder can read and replace the notes and move a cursor over the columns.
//
// Cells stay at least MIN_CELL_PX wide so a finger can hit them: at most two bars show side by
// side, and where those do not fit (a phone, a narrow column) one bar or half a bar, with
// buttons to switch, instead of scrolling sideways and losing the row names.
//
// The grid is an ARIA grid: rows of a row header and gridcells, each cell's toggle a button
// (aria-pressed) named "C4, step 3". One cell is the tab stop (roving tabindex); the arrow keys,
// Home / End and PageUp / PageDown move it (grid_keys.js), switching the shown part of the clip
// when they leave it; Space and Enter press the button, which toggles and sounds the cell.

import { gettext, gettextf } from "../js/i18n.js";
import { cellName, moveInGrid } from "./grid_keys.js";
import { cellsToNotes, clipToMidiBytes } from "./midi_writer.js";
import { noteName } from "./pianoroll.js";

export const STEPS = 32; // the most steps shown side by side (and a new drawing's length)
export const STEPS_PER_BAR = 16;
export const MAX_BARS = 8;
export const BAR_CHOICES = [1, 2, 4, 8];
export const MIN_CELL_PX = 24;
const GAP_PX = 2;
const MELODY_PITCHES = Array.from({ length: 25 }, (_, i) => 84 - i); // C6 down to C4
const BLACK_KEYS = new Set([1, 3, 6, 8, 10]);

/** How many of ``total`` steps fit side by side: two bars (32), one bar (16) or half a bar (8). */
export function stepsPerView(width, labelWidth, minCell = MIN_CELL_PX, total = STEPS) {
  for (const steps of [STEPS, STEPS_PER_BAR, STEPS_PER_BAR / 2]) {
    if (steps <= total && labelWidth + steps * (minCell + GAP_PX) <= width) return steps;
  }
  return STEPS_PER_BAR / 2;
}

/** The switcher's name for view ``index`` when ``perView`` of ``total`` steps are shown. */
export function viewLabel(index, perView, total = STEPS) {
  if (perView >= total) return "";
  const firstStep = index * perView;
  const bar = Math.floor(firstStep / STEPS_PER_BAR) + 1;
  if (perView === STEPS) return gettextf("Bars %(first)s–%(last)s", { first: bar, last: bar + 1 });
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

/** ``pitch`` moved by octaves into [low, high] (a recorded note outside the grid's rows). */
export function fitPitch(pitch, low, high) {
  let fitted = pitch;
  while (fitted < low) fitted += 12;
  while (fitted > high) fitted -= 12;
  return fitted;
}

let gridCount = 0;

export function createStepEditor(container, { kind, drumRows, clearLabel, bars = 2, maxBars = MAX_BARS, sound = null }) {
  const drums = kind === "drums";
  const rows = drums
    ? drumRows.map((row) => ({ pitch: row.pitches[0], label: row.label, pitches: row.pitches }))
    : MELODY_PITCHES.map((pitch) => ({ pitch, label: noteName(pitch) }));
  const cells = {}; // pitch -> Set of steps
  // "pitch:step" -> how far off its 16th a recorded note started (steps). Kept only while that
  // cell stays on: the MIDI file sent keeps the timing as played, the grid shows the 16ths.
  const offsets = new Map();
  let length = Math.min(bars, maxBars) * STEPS_PER_BAR;
  let buttons = new Map();
  let columns = [];
  let cursor = null;
  let stop = { row: 0, step: 0 }; // the grid's one tab stop, as a row index and a step
  const grid = element("div", `studio-grid ${drums ? "studio-grid-drums" : "studio-grid-melody"}`);
  grid.setAttribute("role", "grid");
  grid.setAttribute("aria-label", gettext("Notes by step"));
  const keysHelp = element("p", "studio-help studio-grid-keys", gettext("In the grid, the arrow keys move between cells and Space or Enter switches a note on or off."));
  keysHelp.id = `studio-grid-keys-${(gridCount += 1)}`;
  grid.setAttribute("aria-describedby", keysHelp.id);

  // Nodes are made once and kept: a new length moves the same buttons, so the one with focus
  // keeps it (and its place in the tab order) when the student changes the length.
  const made = new Map();
  const once = (key, create) => made.get(key) || made.set(key, create()).get(key);

  function makeCell(row, step) {
    const cell = element("button", step % 4 === 0 ? "studio-cell studio-cell-beat" : "studio-cell");
    cell.type = "button";
    cell.tabIndex = -1;
    if (step % STEPS_PER_BAR === 0) cell.classList.add("studio-cell-bar");
    if (!drums && BLACK_KEYS.has(row.pitch % 12)) cell.classList.add("studio-cell-black"); // as on a keyboard
    cell.setAttribute("aria-pressed", String(Boolean(cells[row.pitch]?.has(step))));
    cell.setAttribute("aria-label", cellName(row.label, step));
    cell.addEventListener("click", () => toggle(row.pitch, step));
    cell.addEventListener("focus", () => setStop({ row: rows.indexOf(row), step }));
    const gridcell = element("div", "studio-gridcell");
    gridcell.setAttribute("role", "gridcell");
    gridcell.append(cell);
    return gridcell;
  }

  const cellAt = ({ row, step }) => buttons.get(`${rows[row].pitch}:${step}`);

  let stopCell = null;
  function setStop(next, { focus = false } = {}) {
    if (stopCell) stopCell.tabIndex = -1; // also a cell a shorter drawing left out of the grid
    stop = next;
    stopCell = cellAt(stop);
    stopCell.tabIndex = 0;
    if (focus) stopCell.focus();
  }

  grid.addEventListener("keydown", (event) => {
    if (!event.target.classList.contains("studio-cell") || event.altKey || event.metaKey || event.shiftKey) return;
    const next = moveInGrid(stop, event.key, { rows: rows.length, steps: length, ctrl: event.ctrlKey });
    if (!next) return;
    event.preventDefault(); // the keys move in the grid; the page must not scroll
    if (Math.floor(next.step / perView) !== view) showView(Math.floor(next.step / perView));
    setStop(next, { focus: true });
  });

  function build() {
    buttons = new Map();
    columns = Array.from({ length }, () => []); // step -> its header + cells
    // The beat numbers are seen, not heard: each cell's name says its step.
    const header = once("header", () => element("div", "studio-grid-row"));
    header.setAttribute("role", "row");
    header.setAttribute("aria-hidden", "true");
    const headerNodes = [once("corner", () => element("span", "studio-grid-corner"))];
    for (let step = 0; step < length; step += 1) {
      // Beat numbers over the grid, so a student knows where each beat of the bar falls.
      const beat = once(`beat:${step}`, () => {
        const node = element("span", "studio-grid-beat", step % 4 === 0 ? String((step % STEPS_PER_BAR) / 4 + 1) : "");
        node.setAttribute("aria-hidden", "true");
        return node;
      });
      columns[step].push(beat);
      headerNodes.push(beat);
    }
    header.replaceChildren(...headerNodes);
    const rowNodes = rows.map((row) => {
      const line = once(`row:${row.pitch}`, () => element("div", "studio-grid-row"));
      line.setAttribute("role", "row");
      const label = once(`label:${row.pitch}`, () => element("span", "studio-grid-label", row.label));
      label.setAttribute("role", "rowheader");
      const lineNodes = [label];
      for (let step = 0; step < length; step += 1) {
        const gridcell = once(`${row.pitch}:${step}`, () => makeCell(row, step));
        const cell = gridcell.firstChild;
        cell.setAttribute("aria-pressed", String(Boolean(cells[row.pitch]?.has(step))));
        buttons.set(`${row.pitch}:${step}`, cell);
        columns[step].push(cell);
        lineNodes.push(gridcell);
      }
      line.replaceChildren(...lineNodes);
      return line;
    });
    grid.replaceChildren(header, ...rowNodes);
    setStop({ row: stop.row, step: Math.min(stop.step, length - 1) });
    if (cursor !== null) for (const node of made.values()) node.classList?.remove("studio-now");
    cursor = null;
  }

  const switcher = element("div", "studio-grid-views");
  switcher.setAttribute("role", "group");
  switcher.setAttribute("aria-label", gettext("Part of the clip to show"));
  let perView = Math.min(STEPS, length);
  let view = 0;

  function showView(index) {
    view = index;
    for (let step = 0; step < length; step += 1) {
      const visible = Math.floor(step / perView) === view;
      // A cell's gridcell is what the grid lays out, so that is what hides.
      for (const node of columns[step]) (node.parentElement?.getAttribute("role") === "gridcell" ? node.parentElement : node).hidden = !visible;
    }
    // The tab stop stays on a cell that can be seen: the same row, in the part now shown.
    if (Math.floor(stop.step / perView) !== view) {
      const hadFocus = document.activeElement === stopCell;
      setStop({ row: stop.row, step: view * perView }, { focus: hadFocus });
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

  function layout(force = false) {
    const label = grid.querySelector(".studio-grid-label");
    const width = container.clientWidth;
    if (!width || !label) return;
    const next = stepsPerView(width, label.getBoundingClientRect().width + GAP_PX, MIN_CELL_PX, length);
    if (!force && next === perView && switcher.childElementCount === length / perView) return;
    const firstVisibleStep = Math.min(view * perView, length - 1);
    perView = next;
    const views = length / perView;
    switcher.replaceChildren();
    switcher.hidden = views === 1;
    for (let i = 0; i < views; i += 1) {
      const button = element("button", "studio-button studio-grid-view", viewLabel(i, perView, length));
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
    if (!on) offsets.delete(`${pitch}:${step}`);
    buttons.get(`${pitch}:${step}`)?.setAttribute("aria-pressed", on ? "true" : "false");
  }

  function toggle(pitch, step) {
    const on = !(cells[pitch] && cells[pitch].has(step));
    offsets.delete(`${pitch}:${step}`); // a note drawn by hand sits on its 16th
    // Melodies are monophonic: one pitch per step.
    if (on && !drums) for (const row of rows) if (row.pitch !== pitch) set(row.pitch, step, false);
    set(pitch, step, on);
    markViewsWithNotes();
    if (on) sound?.note(pitch, { drums, duration: 0.3 }); // hear what was drawn
  }

  function clearAll() {
    for (const [pitch, steps] of Object.entries(cells)) for (const step of [...steps]) set(Number(pitch), step, false);
    markViewsWithNotes();
  }

  function setBars(count) {
    sound?.stop();
    length = Math.max(1, Math.min(count, maxBars)) * STEPS_PER_BAR;
    for (const steps of Object.values(cells)) for (const step of [...steps]) if (step >= length) steps.delete(step);
    build();
    view = 0;
    perView = Math.min(perView, length);
    layout(true);
  }

  const clear = element("button", "studio-button studio-grid-clear", clearLabel);
  clear.type = "button";
  clear.addEventListener("click", clearAll);
  container.replaceChildren(switcher, grid, keysHelp, clear);
  build();
  grid.style.setProperty("--steps", perView);
  layout(true);
  if (typeof ResizeObserver === "function") new ResizeObserver(() => layout()).observe(container);

  const notes = () => cellsToNotes(cells, { drums });
  // Each note with the offset recorded at its first cell, for the MIDI file (not for sound.js,
  // which reads a fifth element as the drum flag).
  const timedNotes = () => notes().map((note) => [...note, offsets.get(`${note[0]}:${note[1]}`) ?? 0]);
  return {
    drums,
    rows,
    maxBars,
    bars: () => length / STEPS_PER_BAR,
    setBars,
    notes,
    isEmpty: () => Object.values(cells).every((steps) => steps.size === 0),
    timedNotes,
    /** Replaces the drawing with [pitch, start, end, velocity, offset] notes (a recording; velocity
     * and offset optional): each step of a note becomes a cell, its offset is kept for the file;
     * pitches outside the rows move by octaves (melody) or are left out (drums). */
    setNotes(list) {
      clearAll();
      const low = rows.at(-1).pitch;
      const high = rows[0].pitch;
      for (const [pitch, start, end, , offset = 0] of list) {
        const row = drums ? rows.find((r) => r.pitches.includes(pitch)) : { pitch: fitPitch(pitch, low, high) };
        if (!row) continue;
        for (let step = start; step < Math.min(end, length); step += 1) {
          if (!drums) for (const other of rows) set(other.pitch, step, false);
          set(row.pitch, step, true);
          if (drums) break; // a drum hit is one cell
        }
        if (offset && start < length) offsets.set(`${row.pitch}:${start}`, offset);
      }
      markViewsWithNotes();
    },
    /** Marks the column being heard (null: none) and shows the part of the clip it is in. */
    showCursor(step) {
      if (cursor !== null) for (const node of columns[cursor] || []) node.classList.remove("studio-now");
      cursor = step === null || step >= length ? null : step;
      if (cursor === null) return;
      for (const node of columns[cursor]) node.classList.add("studio-now");
      if (Math.floor(cursor / perView) !== view) showView(Math.floor(cursor / perView));
    },
    toFile(qpm = 120) {
      const bytes = clipToMidiBytes({ notes: timedNotes(), drums, qpm });
      return new File([bytes], "drawn.mid", { type: "audio/midi" });
    },
  };
}
