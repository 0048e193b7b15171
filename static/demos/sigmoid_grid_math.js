// The lesson's 2-2-1 network on a grid: pure maths and URL state, no DOM (node --test imports it).
//
// Same IEEE operations, in the same order, as courses/demos/sigmoid_grid.py (numpy), so the two
// agree to the last bit except where Math.exp and numpy's exp round differently (1.8e-15 at most
// on tests/vectors/sigmoid_grid.json; the tests allow 1e-9).

import { COLORMAP_HEX, LUT_SIZE } from "./colormaps.js";
import { pyFloat } from "./numpy_print.js";

export const MAX_POINTS_PER_AXIS = 200;
export const COLORMAPS = Object.freeze(["gray", "viridis", "magma", "coolwarm", "jet"]);
export const WEIGHT_LIMITS = Object.freeze({ min: -10, max: 10, step: 0.1 });
export const RANGE_LIMITS = Object.freeze({ min: -100, max: 100 });
export const STEP_LIMITS = Object.freeze({ min: 0.001, max: 100 });

/** The lesson's values (the registry's defaults for "sigmoid-grid"). */
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
 * The whole grid: x, y (Float64Array) and z, row-major with z[j * nx + i] = output at (x[i], y[j]).
 * Reuses `into.z` when it has the right length, so dragging a slider allocates nothing.
 */
export function computeGrid(state, into = null) {
  const x = into && into.start === state.start && into.stop === state.stop && into.step === state.step
    ? into.x
    : arange(state.start, state.stop, state.step);
  const y = x;
  const nx = x.length;
  const ny = y.length;
  const z = into && into.z.length === nx * ny ? into.z : new Float64Array(nx * ny);
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
      z[row + i] = m0 * v0 + m1 * v1 + c;
    }
  }
  return { x, y, z, nx, ny, start: state.start, stop: state.stop, step: state.step };
}

/** z as nested rows, z[j][i], the shape the API returns. */
export function gridRows(grid) {
  const rows = [];
  for (let j = 0; j < grid.ny; j += 1) rows.push(Array.from(grid.z.subarray(j * grid.nx, (j + 1) * grid.nx)));
  return rows;
}

/** Problems with a state, each { param, ja, en }. An empty list means the grid can be drawn. */
export function validateState(state) {
  const errors = [];
  const add = (param, ja, en) => errors.push({ param, ja, en });
  for (const [key, length] of Object.entries(LIST_LENGTHS)) {
    const list = state[key];
    if (!Array.isArray(list) || list.length !== length) {
      add(key, `${key} は ${length} 個の数です`, `${key} must be ${length} numbers`);
    } else if (!list.every(Number.isFinite)) {
      add(key, `${key} に数でない値があります`, `${key} must contain finite numbers only`);
    } else if (!list.every((v) => v >= WEIGHT_LIMITS.min && v <= WEIGHT_LIMITS.max)) {
      add(key, `${key} は −10 から 10 の範囲です`, `${key} must lie between -10 and 10`);
    }
  }
  for (const key of NUMBER_KEYS) {
    if (!Number.isFinite(state[key])) add(key, `${key} は数で入れてください`, `${key} must be a finite number`);
  }
  if (errors.length) return errors;
  for (const key of ["start", "stop", "vmin", "vmax"]) {
    if (state[key] < RANGE_LIMITS.min || state[key] > RANGE_LIMITS.max) {
      add(key, `${key} は −100 から 100 の範囲です`, `${key} must lie between -100 and 100`);
    }
  }
  if (state.step <= 0) {
    add("step", "step は 0 より大きくしてください", "step must be greater than 0");
  } else {
    const n = arangeLength(state.start, state.stop, state.step);
    if (n < 1) {
      add("stop", "stop は start より大きくしてください（配列が空になります）", "stop must be greater than start (the array would be empty)");
    } else if (n > MAX_POINTS_PER_AXIS) {
      add(
        "step",
        `点の数が ${n} 個になります（1 軸あたり最大 ${MAX_POINTS_PER_AXIS} 個）`,
        `that gives ${n} points per axis (at most ${MAX_POINTS_PER_AXIS})`,
      );
    }
  }
  if (state.vmin >= state.vmax) add("vmin", "vmin は vmax より小さくしてください", "vmin must be less than vmax");
  if (!COLORMAPS.includes(state.cmap)) {
    add("cmap", `cmap は ${COLORMAPS.join(", ")} のどれかです`, `cmap must be one of ${COLORMAPS.join(", ")}`);
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
 * reported in `errors` ({ param, ja, en }); a combination that cannot be drawn is reported too.
 */
export function queryToState(search, base = LESSON_STATE, prefix = "") {
  const params = new URLSearchParams(search);
  const state = structuredClone(base);
  const errors = [];
  for (const key of STATE_KEYS) {
    const raw = params.get(prefix + key);
    if (raw === null) continue;
    if (key === "cmap") {
      if (COLORMAPS.includes(raw)) state.cmap = raw;
      else errors.push({ param: key, ja: `不明なカラーマップ ${raw}`, en: `unknown colormap ${raw}` });
      continue;
    }
    const parts = raw.split(",").map((s) => (s.trim() === "" ? NaN : Number(s)));
    const length = LIST_LENGTHS[key] ?? 1;
    if (parts.length !== length || !parts.every(Number.isFinite)) {
      errors.push({ param: key, ja: `URL の ${key} を読めません`, en: `cannot read ${key} from the URL` });
      continue;
    }
    state[key] = key in LIST_LENGTHS ? parts : parts[0];
  }
  const problems = validateState(state);
  if (problems.length) {
    return { state: structuredClone(base), errors: [...errors, ...problems] };
  }
  return { state, errors };
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

const CODE_COMMENTS = {
  ja: {
    xy: "x、y 座標（np.arange は stop の値を含まない）",
    grid: "出力を格納するグリッド",
    weights: "重み",
    middleW: "中間層 2x2 の行列",
    outputW: "出力層 2x1 の行列",
    biases: "バイアス",
    middle: "中間層",
    output: "出力層",
    sigmoid: "シグモイド関数",
    identity: "恒等関数",
    loop: "グリッドの各マスでニューラルネットワークの演算",
    input: "入力層",
    show: "グリッドの表示",
  },
  en: {
    xy: "x, y coordinates (np.arange excludes the stop value)",
    grid: "the grid that stores the output",
    weights: "weights",
    middleW: "middle layer, a 2x2 matrix",
    outputW: "output layer, a 2x1 matrix",
    biases: "biases",
    middle: "middle layer",
    output: "output layer",
    sigmoid: "sigmoid",
    identity: "identity",
    loop: "run the network on every cell of the grid",
    input: "input layer",
    show: "show the grid",
  },
};

/** Runnable numpy + matplotlib code that draws exactly the grid of `state`, in the lesson's style. */
export function numpyCode(state, lang = "ja") {
  const c = CODE_COMMENTS[lang === "en" ? "en" : "ja"];
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
