// np.zeros(shape, dtype, order) builder: pick the sizes, see the array numpy prints, and how
// order 'C' (rows first) or 'F' (columns first) lays the same zeros out in memory.

import { formatArray } from "./numpy_print.js";
import { ensureStyles, h, selectControl, t, uniqueId } from "./ui.js";

export const ITEMSIZE = Object.freeze({ float64: 8, float32: 4, int64: 8 });
export const MAX_DIMS = 4;
export const MAX_SIZE = 10;

/** "10, 10" -> [10, 10]; null when the text is not 1 to 4 sizes from 1 to 10. */
export function parseShape(text) {
  const parts = String(text).split(",").map((s) => s.trim()).filter((s, k, all) => s !== "" || k < all.length - 1);
  if (parts.length < 1 || parts.length > MAX_DIMS) return null;
  const sizes = parts.map((s) => (/^\d+$/.test(s) ? Number(s) : NaN));
  return sizes.every((n) => n >= 1 && n <= MAX_SIZE) ? sizes : null;
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

export function mount(root, state, { lang = "ja" } = {}) {
  ensureStyles();
  let shape = parseShape(state?.shape ?? "10,10") ?? [10, 10];
  let dtype = state?.dtype ?? "float64";
  let order = state?.order ?? "C";
  const dimsBox = h("div", { class: "demo-dims", role: "group", "aria-label": "shape" });
  const code = h("pre", { class: "demo-output" });
  const printed = h("pre", { class: "demo-output demo-printed" });
  const attributes = h("pre", { class: "demo-output", "aria-live": "polite" });
  const memory = h("p", { class: "demo-output" });

  function renderDims() {
    const items = shape.map((size, axis) => {
      const id = uniqueId(`zeros-dim-${axis}`);
      const input = h("input", {
        id,
        type: "number",
        min: 1,
        max: MAX_SIZE,
        step: 1,
        value: String(size),
        class: "demo-number",
        oninput: () => {
          const n = Number(input.value);
          const ok = Number.isInteger(n) && n >= 1 && n <= MAX_SIZE;
          input.setAttribute("aria-invalid", ok ? "false" : "true");
          if (ok) {
            shape[axis] = n;
            draw();
          }
        },
      });
      return h("div", { class: "demo-control" }, h("label", { for: id }, t(lang, `軸 ${axis} の大きさ`, `size of axis ${axis}`)), input);
    });
    const add = h("button", { type: "button", class: "demo-button", disabled: shape.length >= MAX_DIMS, onclick: () => { shape = [...shape, 2]; renderDims(); draw(); } }, t(lang, "軸を足す", "Add an axis"));
    const remove = h("button", { type: "button", class: "demo-button", disabled: shape.length <= 1, onclick: () => { shape = shape.slice(0, -1); renderDims(); draw(); } }, t(lang, "軸を減らす", "Remove an axis"));
    dimsBox.replaceChildren(...items, h("p", { class: "demo-actions" }, add, remove));
  }

  function draw() {
    const result = describeZeros(shape, dtype, order);
    code.textContent = result.code;
    printed.textContent = `>>> print(Z)\n${result.printed}`;
    attributes.textContent = result.attributes.join("\n");
    const cells = result.memory.map((index) => `(${index.join(", ")})`).join(" → ");
    memory.textContent = `${t(lang, "メモリ上の並び", "Order in memory")} (order='${order}'): ${cells}${result.size > result.memory.length ? " → …" : ""}`;
  }

  const dtypeControl = selectControl({ label: "dtype", name: "dtype", value: dtype, options: Object.keys(ITEMSIZE).map((d) => [d, d]), onChange: (v) => { dtype = v; draw(); } });
  const orderControl = selectControl({
    label: "order",
    name: "order",
    value: order,
    options: [["C", t(lang, "C（行優先）", "C (row-major)")], ["F", t(lang, "F（列優先）", "F (column-major)")]],
    onChange: (v) => { order = v; draw(); },
  });
  renderDims();
  root.replaceChildren(
    h("div", { class: "demo-widget demo-zeros" }, h("fieldset", { class: "demo-fieldset", "data-control": "shape" }, h("legend", {}, "shape"), dimsBox), h("div", { class: "demo-row" }, dtypeControl.element, orderControl.element), code, printed, attributes, memory),
  );
  draw();
  root.demo = { getShape: () => [...shape], getState: () => ({ shape: shape.join(","), dtype, order }) };
  return root.demo;
}
