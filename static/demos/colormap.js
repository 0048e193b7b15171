// Colormap picker: the lesson's grid with only the display controls (cmap, vmin, vmax).
// Reuses the sigmoid grid view; its address keys are its own three (namespaced on a lesson page).

import { mount as mountGrid } from "./sigmoid_grid.js";

/** The lesson's grid; the page's spec of "colormap" offers cmap, vmin and vmax (viridis first). */
export function mount(root, state, { urlPrefix = "", spec } = {}) {
  const grid = mountGrid(root, state, { controls: "display", urlPrefix, spec });
  // The preset of this demo is only the display part of the grid's state.
  const getState = () => {
    const { cmap, vmin, vmax } = grid.getState();
    return { cmap, vmin, vmax };
  };
  root.demo = { ...grid, getState, getGridState: grid.getState };
  return root.demo;
}
