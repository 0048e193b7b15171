// The step editor as an ARIA grid (https://www.w3.org/WAI/ARIA/apg/patterns/grid/): one cell is a
// tab stop and the arrow keys move between cells, so Tab leaves the grid in one press instead of
// walking hundreds of cells. Pure: which cell a key leads to, and what a cell is called.

import { gettextf } from "../js/i18n.js";

export const OCTAVE_ROWS = 12; // PageUp / PageDown: an octave of a melody's rows (all of a drum kit's)

const clamp = (value, low, high) => Math.max(low, Math.min(high, value));

/**
 * The cell ``key`` moves to from ``{row, step}`` in a grid of ``rows`` × ``steps``, or null for a
 * key the grid does not handle. At an edge the position stays (the key is still the grid's, so
 * the page does not scroll). Home / End: the row's first / last step; with Ctrl, the grid's.
 */
export function moveInGrid({ row, step }, key, { rows, steps, ctrl = false, pageRows = OCTAVE_ROWS }) {
  const to = (r, s) => ({ row: clamp(r, 0, rows - 1), step: clamp(s, 0, steps - 1) });
  switch (key) {
    case "ArrowRight":
      return to(row, step + 1);
    case "ArrowLeft":
      return to(row, step - 1);
    case "ArrowDown":
      return to(row + 1, step);
    case "ArrowUp":
      return to(row - 1, step);
    case "Home":
      return ctrl ? to(0, 0) : to(row, 0);
    case "End":
      return ctrl ? to(rows - 1, steps - 1) : to(row, steps - 1);
    case "PageDown":
      return to(row + pageRows, step);
    case "PageUp":
      return to(row - pageRows, step);
    default:
      return null;
  }
}

/** A cell's accessible name: its row and its step counted from 1 ("C4, step 3"). */
export function cellName(rowLabel, step) {
  return gettextf("%(name)s, step %(step)s", { name: rowLabel, step: step + 1 });
}
