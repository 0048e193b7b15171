// np.zeros(shape, dtype, order) builder: pick the sizes, see the array numpy prints, and how
// order 'C' (rows first) or 'F' (columns first) lays the same zeros out in memory.

import { gettext, gettextf } from "../js/i18n.js";
import { formatArray } from "./numpy_print.js";
import { ensureStyles, h, problemList, selectControl, showResults, uniqueId } from "./ui.js";
import { specLimit, specParam, specTable } from "./spec.js";
import { startUrlState } from "./url_state.js";

export const ITEMSIZE = Object.freeze({ float64: 8, float32: 4, int64: 8 });

/** The spec's limits on a shape: how many axes, and how long each may be. */
export function shapeLimits(spec) {
  return { maxDims: specLimit(spec, "max_dims"), maxSize: specLimit(spec, "max_size") };
}

/** "10, 10" -> [10, 10]; null when the text is not 1 to maxDims sizes from 1 to maxSize. */
export function parseShape(text, { maxDims, maxSize }) {
  const parts = String(text).split(",").map((s) => s.trim()).filter((s, k, all) => s !== "" || k < all.length - 1);
  if (parts.length < 1 || parts.length > maxDims) return null;
  const sizes = parts.map((s) => (/^\d+$/.test(s) ? Number(s) : NaN));
  return sizes.every((n) => n >= 1 && n <= maxSize) ? sizes : null;
}

/** The widget's inputs (and its address keys), from the page's spec of "zeros". */
export function table(spec) {
  const limits = shapeLimits(spec);
  const parse = (text) => parseShape(text, limits);
  const shape = { default: parse(specParam(spec, "shape").default), parse, format: (sizes) => sizes.join(",") };
  return specTable(spec, { extra: { shape } });
}

/** One axis size as typed -> { value } or { error } (a sentence naming the axis). */
export function readAxisSize(axis, text, maxSize) {
  const trimmed = String(text).trim();
  const value = /^\d+$/.test(trimmed) ? Number(trimmed) : NaN;
  if (value >= 1 && value <= maxSize) return { value };
  return { error: gettextf("Axis %(axis)s: enter a whole number from 1 to %(max)s.", { axis, max: maxSize }) };
}

/** Bytes to step in memory for +1 along each axis. */
export function strides(shape, itemsize, order) {
  const result = new Array(shape.length);
  let step = itemsize;
  const axes = order === "F" ? shape.map((_, k) => k) : shape.map((_, k) => shape.length - 1 - k);
  for (const axis of axes) {
    result[axis] = step;
    step *= shape[axis];
  }
  return result;
}

/** numpy's contiguity flag: axes of length 1 do not matter. */
export function isContiguous(shape, strideList, itemsize, order) {
  let expected = itemsize;
  const axes = order === "F" ? shape.map((_, k) => k) : shape.map((_, k) => shape.length - 1 - k);
  for (const axis of axes) {
    if (shape[axis] === 1) continue;
    if (strideList[axis] !== expected) return false;
    expected *= shape[axis];
  }
  return true;
}

/** The multi-index of every element, in the order they sit in memory (first `limit`). */
export function memoryOrder(shape, order, limit = 12) {
  const size = shape.reduce((a, b) => a * b, 1);
  const out = [];
  for (let flat = 0; flat < Math.min(size, limit); flat += 1) {
    const index = new Array(shape.length);
    let rest = flat;
    const axes = order === "F" ? shape.map((_, k) => k) : shape.map((_, k) => shape.length - 1 - k);
    for (const axis of axes) {
      index[axis] = rest % shape[axis];
      rest = Math.floor(rest / shape[axis]);
    }
    out.push(index);
  }
  return out;
}

/** The code, the printed array and the attributes numpy reports for np.zeros(shape, dtype, order). */
export function describeZeros(shape, dtype, order) {
  const size = shape.reduce((a, b) => a * b, 1);
  const itemsize = ITEMSIZE[dtype];
  const st = strides(shape, itemsize, order);
  const tuple = shape.length === 1 ? `(${shape[0]},)` : `(${shape.join(", ")})`;
  return {
    code: `Z = np.zeros(${tuple}, dtype=np.${dtype}, order='${order}')`,
    printed: formatArray({ kind: dtype === "int64" ? "int" : "float", shape, data: new Array(size).fill(0) }),
    attributes: [
      `Z.shape = ${tuple}`,
      `Z.ndim = ${shape.length}`,
      `Z.size = ${size}`,
      `Z.dtype = ${dtype}`,
      `Z.itemsize = ${itemsize}`,
      `Z.strides = ${shape.length === 1 ? `(${st[0]},)` : `(${st.join(", ")})`}`,
      `Z.flags['C_CONTIGUOUS'] = ${isContiguous(shape, st, itemsize, "C") ? "True" : "False"}`,
      `Z.flags['F_CONTIGUOUS'] = ${isContiguous(shape, st, itemsize, "F") ? "True" : "False"}`,
    ],
    memory: memoryOrder(shape, order),
    size,
  };
}

export function mount(root, state, { urlPrefix = "", spec } = {}) {
  ensureStyles();
  const inputs = table(spec);
  const { maxDims, maxSize } = shapeLimits(spec);
  const address = startUrlState(inputs, state, { prefix: urlPrefix });
  const current = address.values;
  const dimsBox = h("div", { class: "demo-dims", role: "group", "aria-label": gettext("Size of each axis") });
  const code = h("pre", { class: "demo-output" });
  const printed = h("pre", { class: "demo-output demo-printed" });
  const attributes = h("pre", { class: "demo-output", "aria-live": "polite" });
  const memory = h("p", { class: "demo-output" });
  const message = h("p", { class: "demo-message", role: "status" });
  const problems = problemList(message);
  const results = { texts: [code, printed, attributes, memory] };

  function renderDims() {
    problems.clear(); // the boxes are rebuilt from the current, valid shape
    const items = current.shape.map((size, axis) => {
      const id = uniqueId(`zeros-dim-${axis}`);
      const input = h("input", {
        id,
        type: "number",
        inputmode: "numeric",
        min: 1,
        max: maxSize,
        step: 1,
        value: String(size),
        class: "demo-number",
        "aria-invalid": "false",
        oninput: () => {
          const read = readAxisSize(axis, input.value, maxSize);
          input.setAttribute("aria-invalid", read.error ? "true" : "false");
          problems.set(`axis${axis}`, read.error);
          if (!read.error) current.shape[axis] = read.value;
          draw();
        },
      });
      return h("div", { class: "demo-control" }, h("label", { for: id }, gettextf("size of axis %(axis)s", { axis })), input);
    });
    const resize = (shape) => {
      current.shape = shape;
      renderDims();
      draw();
    };
    const add = h("button", { type: "button", class: "demo-button", disabled: current.shape.length >= maxDims, onclick: () => resize([...current.shape, 2]) }, gettext("Add an axis"));
    const remove = h("button", { type: "button", class: "demo-button", disabled: current.shape.length <= 1, onclick: () => resize(current.shape.slice(0, -1)) }, gettext("Remove an axis"));
    dimsBox.replaceChildren(...items, h("p", { class: "demo-actions" }, add, remove));
  }

  function draw() {
    if (problems.size) {
      showResults(results, false);
      return;
    }
    const { shape, dtype, order } = current;
    const result = describeZeros(shape, dtype, order);
    code.textContent = result.code;
    printed.textContent = `>>> print(Z)\n${result.printed}`;
    attributes.textContent = result.attributes.join("\n");
    const cells = result.memory.map((index) => `(${index.join(", ")})`).join(" → ");
    memory.textContent = `${gettext("Order in memory")} (order='${order}'): ${cells}${result.size > result.memory.length ? " → …" : ""}`;
    showResults(results, true);
    address.write(current);
  }

  const choose = (key) => (value) => {
    current[key] = value;
    draw();
  };
  const dtypeControl = selectControl({ label: "dtype", name: "dtype", value: current.dtype, options: inputs.dtype.choices.map((d) => [d, d]), onChange: choose("dtype") });
  const orderControl = selectControl({
    label: "order",
    name: "order",
    value: current.order,
    options: [
      ["C", gettext("C (row-major)")],
      ["F", gettext("F (column-major)")],
    ],
    onChange: choose("order"),
  });
  renderDims();
  root.replaceChildren(
    h(
      "div",
      { class: "demo-widget demo-zeros" },
      h("p", { class: "demo-message demo-address-note", role: "status" }, address.errorText),
      h("fieldset", { class: "demo-fieldset", "data-control": "shape" }, h("legend", {}, "shape"), dimsBox),
      h("div", { class: "demo-row" }, dtypeControl.element, orderControl.element),
      message,
      code,
      printed,
      attributes,
      memory,
    ),
  );
  draw();
  root.demo = { getShape: () => [...current.shape], getState: () => ({ shape: current.shape.join(","), dtype: current.dtype, order: current.order }) };
  return root.demo;
}
