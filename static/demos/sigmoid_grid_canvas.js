// Drawing the sigmoid grid like plt.imshow(Z, cmap, vmin, vmax) + plt.colorbar(), on <canvas>.
// Row j = 0 (the smallest y) is at the top, as imshow draws Z[0] by default.

import { colormapIndex, colormapLut } from "./sigmoid_grid_math.js";
import { formulaNumber as formatNumber } from "./ui.js";

const MARGIN = { left: 46, right: 8, top: 8, bottom: 34 };
const THUMBNAIL_MARGIN = { left: 1, right: 1, top: 1, bottom: 1 }; // small multiples: no axes
const FONT = "12px system-ui, sans-serif";

/** Fit a canvas's backing store to its CSS size and the device pixel ratio; returns the CSS size. */
export function fitCanvas(canvas) {
  const rect = canvas.getBoundingClientRect();
  const ratio = window.devicePixelRatio || 1;
  const width = Math.max(1, Math.round(rect.width));
  const height = Math.max(1, Math.round(rect.height));
  if (canvas.width !== Math.round(width * ratio) || canvas.height !== Math.round(height * ratio)) {
    canvas.width = Math.round(width * ratio);
    canvas.height = Math.round(height * ratio);
  }
  const context = canvas.getContext("2d");
  context.setTransform(ratio, 0, 0, ratio, 0, 0);
  return { width, height, context };
}

/**
 * Holds the nx-by-ny image of the grid (one pixel per cell) and draws it scaled onto a canvas.
 * axes: false draws a bare thumbnail (the hidden neurons' small multiples).
 */
export class GridPainter {
  constructor(canvas, { axes = true } = {}) {
    this.canvas = canvas;
    this.axes = axes;
    this.margin = axes ? MARGIN : THUMBNAIL_MARGIN;
    this.cells = document.createElement("canvas");
    this.image = null;
    this.plot = { x: 0, y: 0, size: 1 };
  }

  /** Colour every cell of `values` (default: the output z); one 32-bit write per cell. */
  colour(grid, cmap, vmin, vmax, values = grid.z) {
    const { nx, ny } = grid;
    const z = values;
    if (!this.image || this.image.width !== nx || this.image.height !== ny) {
      this.cells.width = nx;
      this.cells.height = ny;
      this.image = new ImageData(nx, ny);
      this.pixels = new Uint32Array(this.image.data.buffer);
    }
    const lut = colormapLut(cmap).packed;
    for (let k = 0; k < z.length; k += 1) this.pixels[k] = lut[colormapIndex(z[k], vmin, vmax)];
    this.cells.getContext("2d").putImageData(this.image, 0, 0);
  }

  /** Draw the cells, the axes and the highlighted cell (if any). */
  draw(grid, highlight) {
    const { width, height, context } = fitCanvas(this.canvas);
    const margin = this.margin;
    const size = Math.max(1, Math.min(width - margin.left - margin.right, height - margin.top - margin.bottom));
    this.plot = { x: margin.left, y: margin.top, size };
    context.clearRect(0, 0, width, height);
    context.imageSmoothingEnabled = false;
    context.drawImage(this.cells, margin.left, margin.top, size, size);
    if (this.axes) this.drawAxes(context, grid, size);
    if (highlight) {
      const cw = size / grid.nx;
      const ch = size / grid.ny;
      const box = [margin.left + highlight.i * cw + 1, margin.top + highlight.j * ch + 1, Math.max(1, cw - 2), Math.max(1, ch - 2)];
      context.lineWidth = 2;
      context.strokeStyle = "#ffffff";
      context.strokeRect(...box);
      context.strokeStyle = "#d0021b";
      context.setLineDash([3, 2]);
      context.strokeRect(...box);
      context.setLineDash([]);
    }
  }

  drawAxes(context, grid, size) {
    context.fillStyle = "#1b1d22";
    context.font = FONT;
    const every = Math.ceil(grid.nx / 6);
    const cw = size / grid.nx;
    context.textAlign = "center";
    context.textBaseline = "top";
    for (let i = 0; i < grid.nx; i += every) {
      context.fillText(formatNumber(grid.x[i], 3), MARGIN.left + (i + 0.5) * cw, MARGIN.top + size + 4);
    }
    context.fillText("x", MARGIN.left + size / 2, MARGIN.top + size + 19);
    context.textAlign = "right";
    context.textBaseline = "middle";
    const ch = size / grid.ny;
    for (let j = 0; j < grid.ny; j += every) {
      context.fillText(formatNumber(grid.y[j], 3), MARGIN.left - 6, MARGIN.top + (j + 0.5) * ch);
    }
    context.textAlign = "left";
    context.fillText("y", 2, MARGIN.top + 6);
  }

  /** The cell under a point given in CSS pixels relative to the canvas, or null. */
  cellAt(grid, px, py) {
    const { x, y, size } = this.plot;
    const i = Math.floor(((px - x) / size) * grid.nx);
    const j = Math.floor(((py - y) / size) * grid.ny);
    return i >= 0 && j >= 0 && i < grid.nx && j < grid.ny ? { i, j } : null;
  }
}

/** The colorbar: the colormap from vmin (bottom) to vmax (top) with five ticks, like plt.colorbar(). */
export function drawColorbar(canvas, cmap, vmin, vmax, plot) {
  const { width, height, context } = fitCanvas(canvas);
  // Same height and top as the grid's plot area, as matplotlib sizes a colorbar to its image.
  const bar = { x: 4, y: plot.y, w: 16, h: Math.max(1, plot.size) };
  const { rgb } = colormapLut(cmap);
  context.clearRect(0, 0, width, height);
  for (let row = 0; row < bar.h; row += 1) {
    const value = vmax - ((row + 0.5) / bar.h) * (vmax - vmin);
    const k = colormapIndex(value, vmin, vmax);
    context.fillStyle = `rgb(${rgb[3 * k]}, ${rgb[3 * k + 1]}, ${rgb[3 * k + 2]})`;
    context.fillRect(bar.x, bar.y + row, bar.w, 1);
  }
  context.strokeStyle = "#1b1d22";
  context.lineWidth = 1;
  context.strokeRect(bar.x + 0.5, bar.y + 0.5, bar.w - 1, bar.h - 1);
  context.fillStyle = "#1b1d22";
  context.font = FONT;
  context.textAlign = "left";
  context.textBaseline = "middle";
  for (let k = 0; k <= 4; k += 1) {
    const value = vmin + ((vmax - vmin) * k) / 4;
    const y = bar.y + bar.h - (bar.h * k) / 4;
    context.fillRect(bar.x + bar.w, Math.round(y), 4, 1);
    context.fillText(formatNumber(value, 3), bar.x + bar.w + 6, Math.min(Math.max(y, 6), height - 6));
  }
}
