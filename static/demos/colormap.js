// Colormap picker: the lesson's grid with only the display controls (cmap, vmin, vmax).
// Reuses the sigmoid grid view; its URL keys are prefixed so it can share a page with the full grid.

import { mount as mountGrid } from "./sigmoid_grid.js";

export function mount(root, state, { lang = "ja" } = {}) {
  const grid = mountGrid(root, state, { lang, controls: "display", urlPrefix: "colormap." });
  // The preset of this demo is only the display part of the grid's state.
  const getState = () => {
    const { cmap, vmin, vmax } = grid.getState();
    return { cmap, vmin, vmax };
  };
  root.demo = { ...grid, getState, getGridState: grid.getState };
  return root.demo;
}
