// The live sigmoid grid: drag any weight or bias and the grid repaints in the next animation frame.
// Beside the output, the two hidden neurons (mid[0], mid[1]) are drawn over the same grid, as
// TensorFlow Playground shows each neuron, so students see two sigmoids combine into the band.
// Maths and URL state live in sigmoid_grid_math.js (pure); drawing in sigmoid_grid_canvas.js.

import { gettext, gettextf, joinSentences } from "../js/i18n.js";
import { GridPainter, drawColorbar } from "./sigmoid_grid_canvas.js";
import {
  LESSON_STATE,
  STATE_KEYS,
  computeGrid,
  gridRows,
  gridTable,
  numpyCode,
  queryToState,
  validateState,
} from "./sigmoid_grid_math.js";
import { combinationFormula, neuronFormula, passLines } from "./sigmoid_grid_readout.js";
import { copyText, ensureStyles, formulaNumber as fmt, h, numberControl, problemList, selectControl, showResults } from "./ui.js";
import { urlErrorText, urlStateWriter } from "./url_state.js";

const TABLE_LIMIT = 400; // cells; larger grids are read cell by cell with the keyboard instead
const TIMING_SAMPLES = 1000;

const GROUPS = [
  ["w_im", ["w_im[0][0]", "w_im[0][1]", "w_im[1][0]", "w_im[1][1]"], () => gettext("Middle-layer weights w_im (2×2)")],
  ["b_im", ["b_im[0]", "b_im[1]"], () => gettext("Middle-layer biases b_im")],
  ["w_mo", ["w_mo[0][0]", "w_mo[1][0]"], () => gettext("Output weights w_mo (2×1)")],
  ["b_mo", ["b_mo[0]"], () => gettext("Output bias b_mo")],
];

function mergeState(base, preset) {
  const merged = structuredClone(base);
  for (const key of STATE_KEYS) if (preset && preset[key] !== undefined) merged[key] = structuredClone(preset[key]);
  return merged;
}

/** The two hidden neurons as small multiples, each with its formula; `layout` "compact" hides the formulas. */
function neuronPanel(layout) {
  const figures = [0, 1].map((k) => {
    const canvas = h("canvas", { class: "sg-neuron-canvas", role: "img" });
    const formula = h("span", { class: "sg-neuron-formula" });
    const figure = h("figure", { class: "sg-neuron" }, canvas, h("figcaption", {}, h("strong", {}, `mid[${k}]`), " ", formula));
    return { canvas, formula, figure, painter: new GridPainter(canvas, { axes: false }) };
  });
  const element = h(
    "div",
    { class: `sg-neurons${layout === "compact" ? " is-compact" : ""}` },
    h("p", { class: "sg-neurons-title" }, gettext("Hidden layer mid (same colours as the output)")),
    h("div", { class: "sg-neuron-row" }, figures.map((f) => f.figure)),
  );
  return { element, figures };
}

/**
 * mount(root, state, {urlPrefix, spec}) — the registry contract; `spec` (the page's, see spec.js)
 * gives every bound and the keys this view offers. Extra option for reuse by other demos:
 * controls: "all" | "display" (colormap and range of values only, as the colormap demo's spec
 * has them). The address writes only what differs from the spec's defaults. root.dataset.neurons
 * "compact" or "none" shrinks or hides the hidden-neuron pictures (embeds in small frames).
 */
export function mount(root, state, { controls = "all", urlPrefix = "", spec } = {}) {
  ensureStyles();
  const addressTable = gridTable(spec);
  const defaults = mergeState(LESSON_STATE, Object.fromEntries(Object.entries(addressTable).map(([key, field]) => [key, field.default])));
  const base = mergeState(defaults, state);
  const fromUrl = queryToState(window.location.search, spec, base, urlPrefix, addressTable);
  const writeUrl = urlStateWriter(addressTable, urlPrefix);
  const neuronLayout = root.dataset.neurons || (controls === "display" ? "none" : "full");
  let current = fromUrl.state; // the state drawn
  let draft = structuredClone(current); // every field's latest valid value, drawable or not
  let grid = null;
  let selected = null;
  let frame = 0;
  let colorbarKey = "";
  const timings = [];
  const inputs = {}; // "w_im.0" -> numberControl

  const canvas = h("canvas", {
    class: "sg-canvas",
    tabindex: "0",
    role: "img",
    "aria-label": gettext("The grid. Use the arrow keys to pick a cell and read its forward pass"),
  });
  const colorbar = h("canvas", { class: "sg-colorbar", "aria-hidden": "true" });
  const painter = new GridPainter(canvas);
  const neurons = neuronLayout === "none" ? null : neuronPanel(neuronLayout);
  const combination = h("p", { class: "sg-combination" });
  const readout = h("div", { class: "sg-readout", "aria-live": "polite" });
  const message = h("p", { class: "demo-message", role: "status", "aria-live": "polite" });
  const problems = problemList(message);
  const addressNote = h("p", { class: "demo-message demo-address-note", role: "status" }, urlErrorText(fromUrl.errors));
  const code = h("code", { class: "language-python" });
  const copyStatus = h("span", { class: "demo-copy-status", "aria-live": "polite" });
  const table = h("div", { class: "sg-table-wrap" });
  const tableDetails = h("details", { class: "sg-table", ontoggle: () => scheduleRepaint() }, h("summary", {}, gettext("Values as a table")), table);

  const control = (key, index, label, options) => {
    const id = index === null ? key : `${key}.${index}`;
    const made = numberControl({
      label,
      name: key,
      value: index === null ? current[key] : current[key][index],
      onChange: (v) => update(key, index, v),
      onInvalid: (text) => {
        problems.set(id, text);
        refresh();
      },
      ...options,
    });
    inputs[id] = made;
    return made.element;
  };

  /** A field changed to a valid number: draw if the whole state is drawable, else say why. */
  function update(key, index, value) {
    if (index === null) draft[key] = value;
    else draft[key][index] = value;
    problems.set(index === null ? key : `${key}.${index}`, null);
    refresh();
  }

  function refresh() {
    const errors = validateState(draft, spec);
    // A rule across fields (too many points, vmin >= vmax) marks the field it names.
    for (const [id, made] of Object.entries(inputs)) {
      made.setInvalid(problems.has(id) || errors.some((e) => e.key === id.split(".")[0]));
    }
    problems.set("state", joinSentences(errors.map((e) => e.message)) || null);
    const drawable = problems.size === 0;
    // Pictures are greyed (the student still sees what they are changing); text that would
    // describe the old grid is withdrawn.
    const neuronParts = neurons?.figures ?? [];
    showResults(
      {
        texts: [readout, combination, codeBox, tableDetails, ...neuronParts.map((n) => n.formula)],
        pictures: [canvas, colorbar, ...neuronParts.map((n) => n.canvas)],
      },
      drawable,
    );
    if (!drawable) return; // the last grid stays, greyed, until the input is fixed
    current = structuredClone(draft);
    scheduleRepaint();
    writeUrl(current);
  }

  // Bounds and steps from the spec; a view offers only the inputs its spec has.
  const limits = (key) => ({ min: addressTable[key].min, max: addressTable[key].max, step: addressTable[key].step });
  const allControls = controls !== "display";
  const weightFieldsets = allControls
    ? GROUPS.map(([key, labels, legend]) =>
        h("fieldset", { class: "demo-fieldset" }, h("legend", {}, legend()), labels.map((label, index) => control(key, index, label, limits(key)))),
      )
    : [];
  const plainNumber = (key) => control(key, null, key, { ...limits(key), slider: false });
  const rangeFieldset = allControls
    ? h(
        "fieldset",
        { class: "demo-fieldset" },
        h("legend", {}, gettext("Grid range np.arange(start, stop, step)")),
        plainNumber("start"),
        plainNumber("stop"),
        plainNumber("step"),
      )
    : null;
  const cmapControl = selectControl({
    label: gettext("Colormap cmap"),
    name: "cmap",
    value: current.cmap,
    options: addressTable.cmap.choices.map((name) => [name, name]),
    onChange: (v) => update("cmap", null, v),
  });
  const displayFieldset = h(
    "fieldset",
    { class: "demo-fieldset" },
    h("legend", {}, gettext("Display plt.imshow(Z, cmap, vmin, vmax)")),
    cmapControl.element,
    plainNumber("vmin"),
    plainNumber("vmax"),
  );

  function reset() {
    draft = structuredClone(base);
    for (const [id, made] of Object.entries(inputs)) {
      const [name, index] = id.split(".");
      made.setValue(index === undefined ? draft[name] : draft[name][Number(index)]);
    }
    cmapControl.select.value = draft.cmap;
    problems.clear();
    refresh();
  }

  const copyButton = h(
    "button",
    {
      type: "button",
      class: "demo-button",
      onclick: async () => {
        const ok = await copyText(code.textContent, code);
        copyStatus.textContent = ok ? gettext("Copied") : gettext("Selected: press Ctrl+C to copy");
      },
    },
    gettext("Copy the code"),
  );
  const codeBox = h("div", {}, h("p", {}, copyButton, " ", copyStatus), h("pre", {}, code));

  const figure = h("div", { class: "sg-figure" }, canvas, colorbar);
  const output = h("div", { class: "sg-output" }, figure, neurons ? combination : null);
  const controlsBox = h("div", { class: "sg-controls" }, allControls ? [...weightFieldsets, rangeFieldset, displayFieldset] : [displayFieldset]);
  root.replaceChildren(
    h(
      "div",
      { class: "demo-sigmoid-grid" },
      addressNote,
      h("div", { class: `sg-main${neurons ? " has-neurons" : ""}` }, neurons?.element, output, readout),
      controlsBox,
      message,
      h("p", { class: "demo-actions" }, h("button", { type: "button", class: "demo-button", onclick: reset }, gettext("Reset to the lesson's values"))),
      tableDetails,
      h("details", { class: "demo-code", open: controls !== "display" }, h("summary", {}, gettext("numpy code that draws this grid")), codeBox),
    ),
  );

  function describe(cell) {
    if (!cell || !grid) {
      return h("p", { class: "sg-hint" }, gettext("Hover over (or tap) a cell to see its forward pass in numbers."));
    }
    return h("pre", { class: "sg-pass" }, passLines(cell.i, cell.j, grid.x[cell.i], grid.y[cell.j], current).join("\n"));
  }

  function renderTable() {
    if (!tableDetails.open) return;
    if (grid.nx * grid.ny > TABLE_LIMIT) {
      table.replaceChildren(h("p", {}, gettextf("%(rows)s×%(cols)s is too large for a table; focus the grid and use the arrow keys.", { rows: grid.ny, cols: grid.nx })));
      return;
    }
    const head = h("tr", {}, h("th", { scope: "col" }, "Z[j][i]"), Array.from(grid.x, (x, i) => h("th", { scope: "col" }, `x=${fmt(x, 3)} (i=${i})`)));
    const rows = gridRows(grid).map((row, j) => h("tr", {}, h("th", { scope: "row" }, `y=${fmt(grid.y[j], 3)} (j=${j})`), row.map((v) => h("td", { title: String(v) }, fmt(v, 4)))));
    table.replaceChildren(h("table", {}, h("caption", {}, gettext("Output of every cell, Z[j][i]")), h("thead", {}, head), h("tbody", {}, rows)));
  }

  function drawNeurons() {
    if (!neurons) return;
    combination.textContent = combinationFormula(current);
    neurons.figures.forEach((neuron, k) => {
      neuron.painter.colour(grid, current.cmap, current.vmin, current.vmax, k === 0 ? grid.mid0 : grid.mid1);
      neuron.painter.draw(grid, selected);
      neuron.formula.textContent = `= ${neuronFormula(current, k)}`;
      neuron.canvas.setAttribute("aria-label", gettextf("Hidden neuron mid[%(k)s] over the grid: %(formula)s", { k, formula: neuronFormula(current, k) }));
    });
  }

  function repaint() {
    frame = 0;
    const started = performance.now();
    grid = computeGrid(current, grid);
    if (selected && (selected.i >= grid.nx || selected.j >= grid.ny)) selected = null;
    painter.colour(grid, current.cmap, current.vmin, current.vmax);
    painter.draw(grid, selected);
    drawNeurons();
    const key = `${current.cmap}|${current.vmin}|${current.vmax}|${canvas.clientHeight}`;
    if (key !== colorbarKey) {
      colorbar.style.height = `${canvas.clientHeight}px`;
      drawColorbar(colorbar, current.cmap, current.vmin, current.vmax, painter.plot);
      colorbarKey = key;
    }
    readout.replaceChildren(describe(selected));
    code.textContent = numpyCode(current);
    renderTable();
    timings.push(performance.now() - started);
    if (timings.length > TIMING_SAMPLES) timings.shift();
  }

  function scheduleRepaint() {
    if (!frame) frame = requestAnimationFrame(repaint);
  }

  function select(cell) {
    selected = cell;
    if (!grid) return;
    painter.draw(grid, selected);
    for (const neuron of neurons?.figures ?? []) neuron.painter.draw(grid, selected);
    readout.replaceChildren(describe(selected));
  }

  const pointerCell = (event, target, targetPainter) => {
    const rect = target.getBoundingClientRect();
    return grid ? targetPainter.cellAt(grid, event.clientX - rect.left, event.clientY - rect.top) : null;
  };
  const pictures = [[canvas, painter], ...(neurons?.figures ?? []).map((n) => [n.canvas, n.painter])];
  for (const [target, targetPainter] of pictures) {
    target.addEventListener("pointermove", (event) => {
      const cell = pointerCell(event, target, targetPainter);
      if (cell && (!selected || cell.i !== selected.i || cell.j !== selected.j)) select(cell);
    });
    target.addEventListener("pointerdown", (event) => select(pointerCell(event, target, targetPainter)));
  }
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
  const resized = new ResizeObserver(() => {
    colorbarKey = "";
    scheduleRepaint();
  });
  for (const [target] of pictures) resized.observe(target);

  // Read-only handle for tests and the benchmark: the grid as drawn, and repaint times (ms).
  root.demo = {
    getState: () => structuredClone(current),
    getGrid: () => ({ x: Array.from(grid.x), y: Array.from(grid.y), z: gridRows(grid) }),
    getNeurons: () => [grid.mid0, grid.mid1].map((m) => gridRows({ ...grid, z: m })),
    repaintTimes: timings,
    plotBox: () => ({ ...painter.plot }), // where the cells are drawn, in CSS pixels
  };
  repaint();
  writeUrl(current); // drops from the address what could not be used
  return root.demo;
}
