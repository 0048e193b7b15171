// The lesson's 2-2-1 network on a grid: pure maths and URL state, no DOM (node --test imports it).
//
// Same IEEE operations, in the same order, as demos/sigmoid_grid.py (numpy), so the two
// agree to the last bit except where Math.exp and numpy's exp round differently (1.8e-15 at most
// on tests/vectors/sigmoid_grid.json; the tests allow 1e-9).

import { gettext, gettextf } from "../js/i18n.js";
import { COLORMAP_HEX, LUT_SIZE } from "./colormaps.js";
import { pyFloat } from "./numpy_print.js";
import { specLimit, specTable } from "./spec.js";
import { readUrlState } from "./url_state.js";

// Bounds, colormaps and the most points per axis come from the page's spec (Demo.as_json of
// "sigmoid-grid", or of "colormap" for its display keys): see spec.js.

/** The lesson's values (the registry's defaults for "sigmoid-grid"), the network the colormap demo draws. */
export const LESSON_STATE = Object.freeze({
  w_im: Object.freeze([4, 4, 4, 4]),
  b_im: Object.freeze([3, -3]),
  w_mo: Object.freeze([1, -1]),
  b_mo: Object.freeze([0.1]),
  start: -1,
  stop: 1,
  step: 0.2,
  cmap: "gray",
  vmin: 0,
  vmax: 1,
});

const LIST_LENGTHS = Object.freeze({ w_im: 4, b_im: 2, w_mo: 2, b_mo: 1 });
const NUMBER_KEYS = Object.freeze(["start", "stop", "step", "vmin", "vmax"]);
export const STATE_KEYS = Object.freeze([...Object.keys(LIST_LENGTHS), ...NUMBER_KEYS, "cmap"]);

/**
 * The grid's inputs as an address table (see url_state.js), from the page's `spec`: every key it
 * has (the colormap demo's spec has only cmap, vmin and vmax), with its bounds and defaults.
 */
export function gridTable(spec, keys = Object.keys(spec.params)) {
  return specTable(spec, { keys });
}

/** How many points np.arange(start, stop, step) has: ceil((stop - start) / step), at least 0. */
export function arangeLength(start, stop, step) {
  const count = Math.ceil((stop - start) / step);
  return count > 0 ? count : 0;
}

/** np.arange for floats, value for value: numpy fills start + i * ((start + step) - start). */
export function arange(start, stop, step) {
  const n = arangeLength(start, stop, step);
  const out = new Float64Array(n);
  if (n > 0) out[0] = start;
  if (n > 1) {
    const second = start + step;
    out[1] = second;
    const delta = second - start;
    for (let i = 2; i < n; i += 1) out[i] = start + i * delta;
  }
  return out;
}

export function sigmoid(u) {
  return 1 / (1 + Math.exp(-u));
}

/** One cell's forward pass, every intermediate value (for the hover read-out). */
export function forwardPass(x, y, state) {
  const [w00, w01, w10, w11] = state.w_im;
  const u = [x * w00 + y * w10 + state.b_im[0], x * w01 + y * w11 + state.b_im[1]];
  const mid = [sigmoid(u[0]), sigmoid(u[1])];
  const out = mid[0] * state.w_mo[0] + mid[1] * state.w_mo[1] + state.b_mo[0];
  return { inp: [x, y], u, mid, out };
}

/**
 * The whole grid: x, y (Float64Array) and z, row-major with z[j * nx + i] = output at (x[i], y[j]);
 * mid0 and mid1 hold the two hidden neurons' outputs (sigmoid(u), in 0..1) at the same cells.
 * Reuses `into`'s arrays when they have the right length, so dragging a slider allocates nothing.
 */
export function computeGrid(state, into = null) {
  const x = into && into.start === state.start && into.stop === state.stop && into.step === state.step
    ? into.x
    : arange(state.start, state.stop, state.step);
  const y = x;
  const nx = x.length;
  const ny = y.length;
  const reuse = into && into.z.length === nx * ny;
  const z = reuse ? into.z : new Float64Array(nx * ny);
  const mid0 = reuse ? into.mid0 : new Float64Array(nx * ny);
  const mid1 = reuse ? into.mid1 : new Float64Array(nx * ny);
  const [w00, w01, w10, w11] = state.w_im;
  const [b0, b1] = state.b_im;
  const [v0, v1] = state.w_mo;
  const c = state.b_mo[0];
  for (let j = 0; j < ny; j += 1) {
    const yw0 = y[j] * w10;
    const yw1 = y[j] * w11;
    const row = j * nx;
    for (let i = 0; i < nx; i += 1) {
      // Same operation order as numpy's x*w00 + y*w10 + b0 (left to right).
      const m0 = 1 / (1 + Math.exp(-(x[i] * w00 + yw0 + b0)));
      const m1 = 1 / (1 + Math.exp(-(x[i] * w01 + yw1 + b1)));
      mid0[row + i] = m0;
      mid1[row + i] = m1;
      z[row + i] = m0 * v0 + m1 * v1 + c;
    }
  }
  return { x, y, z, mid0, mid1, nx, ny, start: state.start, stop: state.stop, step: state.step };
}

/** z as nested rows, z[j][i], the shape the API returns. */
export function gridRows(grid) {
  const rows = [];
  for (let j = 0; j < grid.ny; j += 1) rows.push(Array.from(grid.z.subarray(j * grid.nx, (j + 1) * grid.nx)));
  return rows;
}

/**
 * Problems with a state, each { key, message }; an empty list means the grid can be drawn.
 * Bounds come from `spec`; a key it does not offer (the colormap demo's weights) is the lesson's
 * fixed value and only needs to be a number.
 */
export function validateState(state, spec) {
  const errors = [];
  const add = (key, message) => errors.push({ key, message });
  const bounds = (key) => spec.params[key];
  for (const [key, length] of Object.entries(LIST_LENGTHS)) {
    const list = state[key];
    const limits = bounds(key);
    if (!Array.isArray(list) || list.length !== length) {
      add(key, gettextf("%(key)s must be %(n)s numbers.", { key, n: length }));
    } else if (!list.every(Number.isFinite)) {
      add(key, gettextf("%(key)s: enter numbers only.", { key }));
    } else if (limits && !list.every((v) => v >= limits.min && v <= limits.max)) {
      add(key, gettextf("%(key)s must be a number from %(min)s to %(max)s.", { key, min: limits.min, max: limits.max }));
    }
  }
  for (const key of NUMBER_KEYS) {
    if (!Number.isFinite(state[key])) add(key, gettextf("%(key)s: enter a number.", { key }));
  }
  if (errors.length) return errors;
  for (const key of ["start", "stop", "vmin", "vmax"]) {
    const limits = bounds(key);
    if (limits && (state[key] < limits.min || state[key] > limits.max)) {
      add(key, gettextf("%(key)s must be a number from %(min)s to %(max)s.", { key, min: limits.min, max: limits.max }));
    }
  }
  const maxPoints = specLimit(spec, "max_points_per_axis");
  if (state.step <= 0) {
    add("step", gettext("step must be greater than 0."));
  } else {
    const n = arangeLength(state.start, state.stop, state.step);
    if (n < 1) {
      add("stop", gettext("stop must be greater than start (the grid would be empty)."));
    } else if (n > maxPoints) {
      add(
        "step",
        gettextf("That step gives %(n)s points per axis; the grid can show at most %(max)s. Use a larger step or a shorter range.", {
          n,
          max: maxPoints,
        }),
      );
    }
  }
  if (state.vmin >= state.vmax) add("vmin", gettext("vmin must be less than vmax."));
  const colormaps = bounds("cmap").choices.map(([value]) => value);
  if (!colormaps.includes(state.cmap)) {
    add("cmap", gettextf("%(key)s must be one of: %(choices)s.", { key: "cmap", choices: colormaps.join(", ") }));
  }
  return errors;
}

function sameValue(a, b) {
  return Array.isArray(a) ? Array.isArray(b) && a.length === b.length && a.every((v, k) => v === b[k]) : a === b;
}

/** The query string for a state: only what differs from `base`, in the API's own format. */
export function stateToQuery(state, base = LESSON_STATE, prefix = "") {
  const params = new URLSearchParams();
  for (const key of STATE_KEYS) {
    if (sameValue(state[key], base[key])) continue;
    const value = state[key];
    params.set(prefix + key, Array.isArray(value) ? value.map(String).join(",") : String(value));
  }
  return params.toString();
}

/** The API query for a state: every parameter, so the server computes the very same grid. */
export function apiQuery(state) {
  return stateToQuery(state, {}, "");
}

/**
 * Read a state from a query string over `base`. Unreadable values keep the base value and are
 * reported in `errors` ({ key, message }); a combination that cannot be drawn is reported too.
 */
export function queryToState(search, spec, base = LESSON_STATE, prefix = "", table = gridTable(spec)) {
  const check = (state) => validateState(state, spec);
  const { values, errors } = readUrlState(search, table, { prefix, base: structuredClone(base), check });
  return { state: values, errors };
}

/** Colour-table index matplotlib uses for `value`: Normalize(vmin, vmax), then floor(x * N) clipped. */
export function colormapIndex(value, vmin, vmax, n = LUT_SIZE) {
  let x = (value - vmin) / (vmax - vmin);
  x *= n;
  if (x === n) x = n - 1; // value == vmax is in range
  if (x < 0 || Number.isNaN(x)) return 0; // "under" colour: matplotlib's default is the first entry
  if (x >= n) return n - 1; // "over" colour: the last entry
  return Math.trunc(x);
}

const lutCache = new Map();

/** A colormap as packed RGBA (little-endian Uint32: 0xAABBGGRR), 256 entries, for ImageData. */
export function colormapLut(name) {
  if (!lutCache.has(name)) {
    const hex = COLORMAP_HEX[name];
    if (!hex) throw new Error(`unknown colormap ${name}`);
    const rgb = new Uint8Array(LUT_SIZE * 3);
    const packed = new Uint32Array(LUT_SIZE);
    for (let k = 0; k < LUT_SIZE; k += 1) {
      const r = parseInt(hex.slice(6 * k, 6 * k + 2), 16);
      const g = parseInt(hex.slice(6 * k + 2, 6 * k + 4), 16);
      const b = parseInt(hex.slice(6 * k + 4, 6 * k + 6), 16);
      rgb.set([r, g, b], 3 * k);
      packed[k] = (255 << 24) | (b << 16) | (g << 8) | r;
    }
    lutCache.set(name, { rgb, packed });
  }
  return lutCache.get(name);
}

/** [r, g, b] bytes matplotlib gives `value` under cmap/vmin/vmax. */
export function colourOf(value, cmap, vmin, vmax) {
  const k = colormapIndex(value, vmin, vmax);
  const { rgb } = colormapLut(cmap);
  return [rgb[3 * k], rgb[3 * k + 1], rgb[3 * k + 2]];
}

function pyList(values) {
  return `[${values.map(pyFloat).join(", ")}]`;
}

/** The comments of the generated program, in the page's language (as the lesson writes them). */
function codeComments() {
  return {
    xy: gettext("x, y coordinates (np.arange excludes the stop value)"),
    grid: gettext("the grid that stores the output"),
    weights: gettext("weights"),
    middleW: gettext("middle layer, a 2x2 matrix"),
    outputW: gettext("output layer, a 2x1 matrix"),
    biases: gettext("biases"),
    middle: gettext("middle layer"),
    output: gettext("output layer"),
    sigmoid: gettext("sigmoid"),
    identity: gettext("identity"),
    loop: gettext("run the network on every cell of the grid"),
    input: gettext("input layer"),
    show: gettext("show the grid"),
  };
}

/** Runnable numpy + matplotlib code that draws exactly the grid of `state`, in the lesson's style. */
export function numpyCode(state) {
  const c = codeComments();
  const [w00, w01, w10, w11] = state.w_im;
  const range = `${pyFloat(state.start)}, ${pyFloat(state.stop)}, ${pyFloat(state.step)}`;
  return `import numpy as np
import matplotlib.pyplot as plt

# ${c.xy}
X = np.arange(${range})
Y = np.arange(${range})

# ${c.grid}
Z = np.zeros((len(Y), len(X)))

# ${c.weights}
w_im = np.array([${pyList([w00, w01])},
                 ${pyList([w10, w11])}])  # ${c.middleW}
w_mo = np.array([[${pyFloat(state.w_mo[0])}],
                 [${pyFloat(state.w_mo[1])}]])  # ${c.outputW}

# ${c.biases}
b_im = np.array(${pyList(state.b_im)})  # ${c.middle}
b_mo = np.array(${pyList(state.b_mo)})  # ${c.output}

# ${c.middle}
def middle_layer(x, w, b):
    u = np.dot(x, w) + b
    return 1/(1+np.exp(-u))  # ${c.sigmoid}

# ${c.output}
def output_layer(x, w, b):
    u = np.dot(x, w) + b
    return u  # ${c.identity}

# ${c.loop}
for i in range(len(X)):
    for j in range(len(Y)):
        inp = np.array([X[i], Y[j]])  # ${c.input}
        mid = middle_layer(inp, w_im, b_im)  # ${c.middle}
        out = output_layer(mid, w_mo, b_mo)  # ${c.output}
        Z[j][i] = out[0]

# ${c.show}
plt.imshow(Z, "${state.cmap}", vmin=${pyFloat(state.vmin)}, vmax=${pyFloat(state.vmax)})
plt.colorbar()
plt.show()
`;
}
