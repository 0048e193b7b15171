// The live sigmoid grid: drag any weight or bias and the grid repaints in the next animation frame.
// Maths and URL state live in sigmoid_grid_math.js (pure); drawing in sigmoid_grid_canvas.js.

import { GridPainter, drawColorbar } from "./sigmoid_grid_canvas.js";
import {
  COLORMAPS,
  LESSON_STATE,
  RANGE_LIMITS,
  STATE_KEYS,
  STEP_LIMITS,
  WEIGHT_LIMITS,
  computeGrid,
  forwardPass,
  gridRows,
  numpyCode,
  queryToState,
  stateToQuery,
  validateState,
} from "./sigmoid_grid_math.js";
import { copyText, ensureStyles, formatNumber as fmt, h, numberControl, selectControl, t } from "./ui.js";

const TABLE_LIMIT = 400; // cells; larger grids are read cell by cell with the keyboard instead
const URL_DELAY_MS = 250; // write the URL once dragging pauses, not on every frame
const TIMING_SAMPLES = 1000;

const GROUPS = [
  ["w_im", ["w_im[0][0]", "w_im[0][1]", "w_im[1][0]", "w_im[1][1]"], "中間層の重み w_im（2×2）", "Middle-layer weights w_im (2×2)"],
  ["b_im", ["b_im[0]", "b_im[1]"], "中間層のバイアス b_im", "Middle-layer biases b_im"],
  ["w_mo", ["w_mo[0][0]", "w_mo[1][0]"], "出力層の重み w_mo（2×1）", "Output weights w_mo (2×1)"],
  ["b_mo", ["b_mo[0]"], "出力層のバイアス b_mo", "Output bias b_mo"],
];

function mergeState(base, preset) {
  const merged = structuredClone(base);
  for (const key of STATE_KEYS) if (preset && preset[key] !== undefined) merged[key] = structuredClone(preset[key]);
  return merged;
}

/**
 * mount(root, state, {lang}) — the registry contract. Extra options for reuse by other demos:
 * controls: "all" | "display" (colormap and range of values only); urlPrefix: query-key prefix.
 */
export function mount(root, state, { lang = "ja", controls = "all", urlPrefix = "" } = {}) {
  ensureStyles();
  const base = mergeState(LESSON_STATE, state);
  const fromUrl = queryToState(window.location.search, base, urlPrefix);
  let current = fromUrl.state;
  let grid = null;
  let selected = null;
  let frame = 0;
  let colorbarKey = "";
  let urlTimer = 0;
  const timings = [];
  const inputs = {}; // "w_im.0" -> numberControl

  const canvas = h("canvas", {
    class: "sg-canvas",
    tabindex: "0",
    role: "img",
    "aria-label": t(lang, "グリッドの図。矢印キーでマスを選ぶと計算を表示します", "The grid. Use the arrow keys to pick a cell and read its forward pass"),
  });
  const colorbar = h("canvas", { class: "sg-colorbar", "aria-hidden": "true" });
  const painter = new GridPainter(canvas);
  const readout = h("div", { class: "sg-readout", "aria-live": "polite" });
  const message = h("p", { class: "demo-message", role: "status", "aria-live": "polite" });
  const code = h("code", { class: "language-python" });
  const copyStatus = h("span", { class: "demo-copy-status", "aria-live": "polite" });
  const table = h("div", { class: "sg-table-wrap" });
  const tableDetails = h("details", { class: "sg-table", ontoggle: () => scheduleRepaint() }, h("summary", {}, t(lang, "数値の表", "Values as a table")), table);

  const showErrors = (errors) => {
    message.textContent = errors.map((e) => t(lang, e.ja, e.en)).join(" / ");
    for (const [key, control] of Object.entries(inputs)) {
      const bad = errors.some((e) => e.param === key.split(".")[0]);
      control.number.setAttribute("aria-invalid", bad ? "true" : "false");
    }
  };

  function update(key, index, value) {
    const next = structuredClone(current);
    if (index === null) next[key] = value;
    else next[key][index] = value;
    const errors = validateState(next);
    showErrors(errors);
    if (errors.length) return; // keep drawing the last grid that could be drawn
    current = next;
    scheduleRepaint();
    scheduleUrl();
  }

  const weightFieldsets = GROUPS.map(([key, labels, ja, en]) =>
    h(
      "fieldset",
      { class: "demo-fieldset" },
      h("legend", {}, t(lang, ja, en)),
      labels.map((label, index) => {
        const control = numberControl({
          label,
          name: key,
          lang,
          value: current[key][index],
          ...WEIGHT_LIMITS,
          onChange: (v) => update(key, index, v),
          onInvalid: (text) => (message.textContent = text),
        });
        inputs[`${key}.${index}`] = control;
        return control.element;
      }),
    ),
  );

  const plainNumber = (key, limits, step) => {
    const control = numberControl({
      label: key,
      name: key,
      lang,
      value: current[key],
      ...limits,
      step,
      slider: false,
      onChange: (v) => update(key, null, v),
      onInvalid: (text) => (message.textContent = text),
    });
    inputs[key] = control;
    return control.element;
  };
  const rangeFieldset = h(
    "fieldset",
    { class: "demo-fieldset" },
    h("legend", {}, t(lang, "グリッドの範囲 np.arange(start, stop, step)", "Grid range np.arange(start, stop, step)")),
    plainNumber("start", RANGE_LIMITS, 0.1),
    plainNumber("stop", RANGE_LIMITS, 0.1),
    plainNumber("step", STEP_LIMITS, "any"),
  );
  const cmapControl = selectControl({
    label: t(lang, "カラーマップ cmap", "Colormap cmap"),
    name: "cmap",
    value: current.cmap,
    options: COLORMAPS.map((name) => [name, name]),
    onChange: (v) => update("cmap", null, v),
  });
  const displayFieldset = h(
    "fieldset",
    { class: "demo-fieldset" },
    h("legend", {}, t(lang, "表示 plt.imshow(Z, cmap, vmin, vmax)", "Display plt.imshow(Z, cmap, vmin, vmax)")),
    cmapControl.element,
    plainNumber("vmin", RANGE_LIMITS, 0.1),
    plainNumber("vmax", RANGE_LIMITS, 0.1),
  );

  function reset() {
    current = structuredClone(base);
    for (const [key, control] of Object.entries(inputs)) {
      const [name, index] = key.split(".");
      control.setValue(index === undefined ? current[name] : current[name][Number(index)]);
    }
    cmapControl.select.value = current.cmap;
    showErrors([]);
    scheduleRepaint();
    scheduleUrl();
  }

  const copyButton = h("button", {
    type: "button",
    class: "demo-button",
    onclick: async () => {
      const ok = await copyText(code.textContent, code);
      copyStatus.textContent = ok ? t(lang, "コピーしました", "Copied") : t(lang, "選択しました。Ctrl+C でコピー", "Selected: press Ctrl+C to copy");
    },
  }, t(lang, "コードをコピー", "Copy the code"));

  const figure = h("div", { class: "sg-figure" }, canvas, colorbar);
  const controlsBox = h("div", { class: "sg-controls" }, controls === "display" ? [displayFieldset] : [...weightFieldsets, rangeFieldset, displayFieldset]);
  root.replaceChildren(
    h(
      "div",
      { class: "demo-sigmoid-grid" },
      h("div", { class: "sg-main" }, figure, readout),
      controlsBox,
      message,
      h("p", { class: "demo-actions" }, h("button", { type: "button", class: "demo-button", onclick: reset }, t(lang, "レッスンの値に戻す", "Reset to the lesson's values"))),
      tableDetails,
      h("details", { class: "demo-code", open: controls !== "display" }, h("summary", {}, t(lang, "この図を描く numpy のコード", "numpy code that draws this grid")), h("p", {}, copyButton, " ", copyStatus), h("pre", {}, code)),
    ),
  );
  if (fromUrl.errors.length) {
    message.textContent = t(lang, "URL の値を一部使えませんでした: ", "Some values in the URL could not be used: ") + fromUrl.errors.map((e) => t(lang, e.ja, e.en)).join(" / ");
  }

  function describe(cell) {
    if (!cell || !grid) {
      return h("p", { class: "sg-hint" }, t(lang, "マスにポインタを重ねる（タップする）と、そのマスの計算が出ます。", "Hover over (or tap) a cell to see its forward pass in numbers."));
    }
    const x = grid.x[cell.i];
    const y = grid.y[cell.j];
    const pass = forwardPass(x, y, current);
    const [w00, w01, w10, w11] = current.w_im;
    const term = (a, b) => `${fmt(a)}×${b < 0 ? `(${fmt(b)})` : fmt(b)}`;
    const plus = (v) => (v < 0 ? `(${fmt(v)})` : fmt(v));
    const lines = [
      `i = ${cell.i}, j = ${cell.j}:  x = X[${cell.i}] = ${fmt(x)},  y = Y[${cell.j}] = ${fmt(y)}`,
      `inp = [x, y] = [${fmt(x)}, ${fmt(y)}]`,
      `u = inp·w_im + b_im = [${term(x, w00)} + ${term(y, w10)} + ${plus(current.b_im[0])}, ${term(x, w01)} + ${term(y, w11)} + ${plus(current.b_im[1])}]`,
      `  = [${fmt(pass.u[0])}, ${fmt(pass.u[1])}]`,
      `sigmoid(u) = 1/(1+exp(−u)) = [${fmt(pass.mid[0])}, ${fmt(pass.mid[1])}]`,
      `out = sigmoid(u)·w_mo + b_mo = ${term(pass.mid[0], current.w_mo[0])} + ${term(pass.mid[1], current.w_mo[1])} + ${plus(current.b_mo[0])}`,
      `  = ${fmt(pass.out)}  → Z[${cell.j}][${cell.i}]`,
    ];
    return h("pre", { class: "sg-pass" }, lines.join("\n"));
  }

  function renderTable() {
    if (!tableDetails.open) return;
    if (grid.nx * grid.ny > TABLE_LIMIT) {
      table.replaceChildren(h("p", {}, t(lang, `${grid.ny}×${grid.nx} は表にするには大きすぎます。図を選んで矢印キーで読めます。`, `${grid.ny}×${grid.nx} is too large for a table; focus the grid and use the arrow keys.`)));
      return;
    }
    const head = h("tr", {}, h("th", { scope: "col" }, "Z[j][i]"), Array.from(grid.x, (x, i) => h("th", { scope: "col" }, `x=${fmt(x, 3)} (i=${i})`)));
    const rows = gridRows(grid).map((row, j) => h("tr", {}, h("th", { scope: "row" }, `y=${fmt(grid.y[j], 3)} (j=${j})`), row.map((v) => h("td", { title: String(v) }, fmt(v, 4)))));
    table.replaceChildren(h("table", {}, h("caption", {}, t(lang, "各マスの出力 Z[j][i]", "Output of every cell, Z[j][i]")), h("thead", {}, head), h("tbody", {}, rows)));
  }

  function repaint() {
    frame = 0;
    const started = performance.now();
    grid = computeGrid(current, grid);
    if (selected && (selected.i >= grid.nx || selected.j >= grid.ny)) selected = null;
    painter.colour(grid, current.cmap, current.vmin, current.vmax);
    painter.draw(grid, selected);
    const key = `${current.cmap}|${current.vmin}|${current.vmax}|${canvas.clientHeight}`;
    if (key !== colorbarKey) {
      colorbar.style.height = `${canvas.clientHeight}px`;
      drawColorbar(colorbar, current.cmap, current.vmin, current.vmax, painter.plot);
      colorbarKey = key;
    }
    readout.replaceChildren(describe(selected));
    code.textContent = numpyCode(current, lang);
    renderTable();
    timings.push(performance.now() - started);
    if (timings.length > TIMING_SAMPLES) timings.shift();
  }

  function scheduleRepaint() {
    if (!frame) frame = requestAnimationFrame(repaint);
  }

  function scheduleUrl() {
    clearTimeout(urlTimer);
    urlTimer = setTimeout(() => {
      const params = new URLSearchParams(window.location.search);
      for (const key of STATE_KEYS) params.delete(urlPrefix + key);
      for (const [key, value] of new URLSearchParams(stateToQuery(current, base, urlPrefix))) params.set(key, value);
      const query = params.toString();
      history.replaceState(history.state, "", `${window.location.pathname}${query ? `?${query}` : ""}${window.location.hash}`);
    }, URL_DELAY_MS);
  }

  function select(cell) {
    selected = cell;
    if (grid) {
      painter.draw(grid, selected);
      readout.replaceChildren(describe(selected));
    }
  }

  const pointerCell = (event) => {
    const rect = canvas.getBoundingClientRect();
    return grid ? painter.cellAt(grid, event.clientX - rect.left, event.clientY - rect.top) : null;
  };
  canvas.addEventListener("pointermove", (event) => {
    const cell = pointerCell(event);
    if (cell && (!selected || cell.i !== selected.i || cell.j !== selected.j)) select(cell);
  });
  canvas.addEventListener("pointerdown", (event) => select(pointerCell(event)));
  canvas.addEventListener("keydown", (event) => {
    if (!grid) return;
    const moves = { ArrowLeft: [-1, 0], ArrowRight: [1, 0], ArrowUp: [0, -1], ArrowDown: [0, 1] };
    if (event.key === "Escape") return select(null);
    if (event.key === "Home") return event.preventDefault(), select({ i: 0, j: 0 });
    if (event.key === "End") return event.preventDefault(), select({ i: grid.nx - 1, j: grid.ny - 1 });
    const move = moves[event.key];
    if (!move) return;
    event.preventDefault();
    const from = selected ?? { i: 0, j: 0 };
    const i = Math.min(grid.nx - 1, Math.max(0, from.i + (selected ? move[0] : 0)));
    const j = Math.min(grid.ny - 1, Math.max(0, from.j + (selected ? move[1] : 0)));
    select({ i, j });
  });
  new ResizeObserver(() => {
    colorbarKey = "";
    scheduleRepaint();
  }).observe(figure);

  // Read-only handle for tests and the benchmark: the grid as drawn, and repaint times (ms).
  root.demo = {
    getState: () => structuredClone(current),
    getGrid: () => ({ x: Array.from(grid.x), y: Array.from(grid.y), z: gridRows(grid) }),
    repaintTimes: timings,
    plotBox: () => ({ ...painter.plot }), // where the cells are drawn, in CSS pixels
  };
  repaint();
  return root.demo;
}
