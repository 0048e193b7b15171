// Draws a layoutRoll() result as SVG and moves its cursor with an <audio> element.

import { cursorX } from "./pianoroll.js";

const SVG = "http://www.w3.org/2000/svg";

function el(name, attributes = {}, text = "") {
  const node = document.createElementNS(SVG, name);
  for (const [key, value] of Object.entries(attributes)) node.setAttribute(key, String(value));
  if (text) node.textContent = text;
  return node;
}

/** Rough width of a label in px: full-width (CJK) characters 1 em, others about 0.6 em. */
export function labelWidthEstimate(label, fontSize) {
  let ems = 0;
  for (const char of label) ems += char.codePointAt(0) >= 0x2e80 ? 1 : 0.6;
  return ems * fontSize;
}

export function renderRoll(layout, { label = "" } = {}) {
  const svg = el("svg", {
    viewBox: `0 0 ${layout.width} ${layout.height}`,
    class: "studio-roll",
    role: "img",
    "aria-label": label,
    width: layout.width,
    height: layout.height,
    // Where step 0 is and how wide a step is, for a cursor moved by steps (placeCursor).
    "data-label-width": layout.labelWidth,
    "data-step-width": layout.stepWidth,
  });
  layout.rows.forEach((row, index) => {
    const shade = row.black ? "studio-row-dark" : index % 2 ? "studio-row-odd" : "studio-row-even";
    svg.append(el("rect", { x: layout.labelWidth, y: row.y, width: layout.width - layout.labelWidth, height: layout.rowHeight, class: shade }));
    if (row.label) {
      const size = Math.min(11, Math.max(layout.rowHeight - 1, 8));
      const attributes = { x: 4, y: row.y + layout.rowHeight / 2, "font-size": size, "dominant-baseline": "central", class: "studio-row-label" };
      // A long name (クローズド・ハイハット on a phone) is narrowed to the label column, never
      // drawn over the notes and never cut.
      const room = layout.labelWidth - 6;
      if (labelWidthEstimate(row.label, size) > room) Object.assign(attributes, { textLength: room, lengthAdjust: "spacingAndGlyphs" });
      svg.append(el("text", attributes, row.label));
    }
  });
  if (layout.primerX > layout.labelWidth) {
    svg.append(el("rect", { x: layout.labelWidth, y: 0, width: layout.primerX - layout.labelWidth, height: layout.height, class: "studio-primer" }));
  }
  for (const x of layout.bars) svg.append(el("line", { x1: x, x2: x, y1: 0, y2: layout.height, class: "studio-bar" }));
  for (const note of layout.notes) {
    svg.append(el("rect", { x: note.x, y: note.y, width: note.w, height: note.h, rx: 1.5, class: note.primer ? "studio-note studio-note-primer" : "studio-note", "fill-opacity": note.opacity.toFixed(2), "data-pitch": note.pitch }));
  }
  const cursor = el("line", { x1: layout.labelWidth, x2: layout.labelWidth, y1: 0, y2: layout.height, class: "studio-cursor" });
  svg.append(cursor);
  return svg;
}

/** Keep the roll's cursor on the audio's current time while it plays. */
export function followAudio(svg, layout, audio) {
  const cursor = svg.querySelector(".studio-cursor");
  let frame = 0;
  const place = () => {
    const x = cursorX(layout, audio.currentTime).toFixed(1);
    cursor.setAttribute("x1", x);
    cursor.setAttribute("x2", x);
  };
  const tick = () => {
    place();
    if (!audio.paused && !audio.ended) frame = requestAnimationFrame(tick);
  };
  audio.addEventListener("play", () => {
    cancelAnimationFrame(frame);
    svg.classList.add("studio-playing");
    frame = requestAnimationFrame(tick);
  });
  for (const name of ["pause", "ended", "seeked", "timeupdate"]) audio.addEventListener(name, place);
  audio.addEventListener("ended", () => svg.classList.remove("studio-playing"));
  audio.addEventListener("pause", () => svg.classList.remove("studio-playing"));
}

/** Puts the roll's cursor on ``step`` (a 16th; fractions allowed), for playback in the page. */
export function placeCursor(svg, step) {
  const x = (Number(svg.dataset.labelWidth) + step * Number(svg.dataset.stepWidth)).toFixed(1);
  const cursor = svg.querySelector(".studio-cursor");
  cursor.setAttribute("x1", x);
  cursor.setAttribute("x2", x);
}
