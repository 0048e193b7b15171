// Colormap picker: the lesson's grid with only the display controls (cmap, vmin, vmax).
// Reuses the sigmoid grid view; its address keys are its own three (namespaced on a lesson page).

import { mount as mountGrid } from "./sigmoid_grid.js";
import { LESSON_STATE } from "./sigmoid_grid_math.js";

/** The registry's defaults for "colormap": the lesson's grid, shown in viridis. */
export const COLORMAP_DEFAULTS = Object.freeze({ ...LESSON_STATE, cmap: "viridis" });

export function mount(root, state, { urlPrefix = "" } = {}) {
  const grid = mountGrid(root, state, { controls: "display", urlPrefix, defaults: COLORMAP_DEFAULTS });
  // The preset of this demo is only the display part of the grid's state.
  const getState = () => {
    const { cmap, vmin, vmax } = grid.getState();
    return { cmap, vmin, vmax };
  };
  root.demo = { ...grid, getState, getGridState: grid.getState };
  return root.demo;
}
