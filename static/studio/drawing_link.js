// A drawing in the page's address, so a link reopens it: `?<slot>_draw=<bars>-<pitch>.<start>.<length>_…`
// (steps are 16ths; the characters need no escaping). Reading is strict and bounded: an address
// is input from anyone, and a bad one opens the page without a drawing rather than a broken one.

import { MAX_BARS, STEPS_PER_BAR } from "./step_editor.js";

const MAX_NOTES = MAX_BARS * STEPS_PER_BAR * 9; // every cell of an 8-bar drum grid at most

export function encodeDrawing(bars, notes) {
  return `${bars}-${notes.map(([pitch, start, end]) => `${pitch}.${start}.${end - start}`).join("_")}`;
}

/** {bars, notes: [[pitch, start, end], …]} or null when the text is not a drawing we make. */
export function decodeDrawing(text, maxBars = MAX_BARS) {
  const match = /^(\d{1,2})-((?:\d{1,3}\.\d{1,3}\.\d{1,3})(?:_\d{1,3}\.\d{1,3}\.\d{1,3})*)?$/.exec(text || "");
  if (!match) return null;
  const bars = Number(match[1]);
  if (![1, 2, 4, 8].includes(bars) || bars > maxBars) return null;
  const steps = bars * STEPS_PER_BAR;
  const parts = match[2] ? match[2].split("_") : [];
  if (parts.length > MAX_NOTES) return null;
  const notes = [];
  for (const part of parts) {
    const [pitch, start, length] = part.split(".").map(Number);
    if (pitch > 127 || length < 1 || start + length > steps) return null;
    notes.push([pitch, start, start + length]);
  }
  return { bars, notes };
}

/** The page's address with this slot's drawing (and the tool's type, so drums open as drums). */
export function drawingHref(href, slot, bars, notes, type = null) {
  const url = new URL(href);
  for (const key of [...url.searchParams.keys()]) if (key === "job" || key.startsWith(`${slot}_`)) url.searchParams.delete(key);
  if (type) url.searchParams.set("type", type);
  url.searchParams.set(`${slot}_draw`, encodeDrawing(bars, notes));
  url.hash = "";
  return url.href;
}

/** The slot's drawing named in ``search``, if any and valid. */
export function drawingInQuery(search, slot, maxBars) {
  const text = new URLSearchParams(search).get(`${slot}_draw`);
  return text === null ? null : decodeDrawing(text, maxBars);
}

/** Opens ``drawing`` in a slot's editor: its length through the length menu (so the menu and
 * the grid agree), then its notes. */
export function restoreDrawing(container, editor, drawing) {
  const bars = container.querySelector(".studio-bars");
  if (bars) {
    bars.value = String(drawing.bars);
    bars.dispatchEvent(new Event("change"));
  }
  editor.setNotes(drawing.notes);
}
