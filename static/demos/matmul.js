// Matrix product stepper: the lesson's (2×3)·(3×2) = [[6, 3], [12, 6]], one result cell at a
// time, with the row of A and the column of B behind it and the sum of products written out.

import { gettext, gettextf } from "../js/i18n.js";
import { formatArray } from "./numpy_print.js";
import { ensureStyles, formulaNumber as fmt, h, problemList, showResults, signedSum } from "./ui.js";
import { specParam, specTable } from "./spec.js";
import { parseNumber, startUrlState } from "./url_state.js";

export const MAX_DIM = 4;

const matrixText = (m) => m.map((row) => row.join(",")).join(";");
const fitsEditor = (m) => m !== null && m.length <= MAX_DIM && m[0].length <= MAX_DIM;

/** The widget's inputs (and its address keys), from the page's spec of "matmul" (matrices as text there, as lists here). */
export function table(spec) {
  const parse = (text) => {
    const m = parseMatrix(text);
    return fitsEditor(m) ? m : null;
  };
  const matrix = (key) => ({ default: parse(specParam(spec, key).default), parse, format: matrixText });
  return specTable(spec, { extra: { a: matrix("a"), b: matrix("b") } });
}

/** One matrix entry as typed -> { value } or { error } (a sentence naming the entry). */
export function readEntry(name, text) {
  const value = parseNumber(text);
  return Number.isFinite(value) ? { value } : { error: gettextf("%(name)s: enter a number.", { name }) };
}

/** "0,1,2;1,2,3" -> [[0,1,2],[1,2,3]]; null unless every row has the same number of numbers. */
export function parseMatrix(text) {
  const rows = String(text)
    .split(";")
    .map((row) => row.split(",").map(parseNumber));
  if (!rows.length || rows.some((r) => r.length !== rows[0].length || !r.every(Number.isFinite))) return null;
  return rows;
}

export function shapeOf(matrix) {
  return [matrix.length, matrix[0].length];
}

/** numpy's message for np.dot(a, b) when a's columns do not match b's rows, or null. */
export function mismatch(a, b) {
  const [ar, ac] = shapeOf(a);
  const [br, bc] = shapeOf(b);
  return ac === br ? null : `ValueError: shapes (${ar},${ac}) and (${br},${bc}) not aligned: ${ac} (dim 1) != ${br} (dim 0)`;
}

/** The products behind result cell (i, j): a[i][k] * b[k][j] for every k. */
export function cellTerms(a, b, i, j) {
  return a[i].map((aik, k) => [aik, b[k][j]]);
}

export function matmul(a, b) {
  if (mismatch(a, b)) throw new Error(mismatch(a, b));
  return a.map((_, i) => b[0].map((__, j) => cellTerms(a, b, i, j).reduce((s, [x, y]) => s + x * y, 0)));
}

/** "0×2 + 1×2 + 2×2 = 6"; negatives as a student writes them: "1×(−2) − 3×1 = −5". */
export function explainCell(a, b, i, j) {
  const terms = cellTerms(a, b, i, j);
  return `${signedSum(terms)} = ${fmt(terms.reduce((s, [x, y]) => s + x * y, 0))}`;
}

/** What print(np.dot(a, b)) shows: int arrays stay ints, as np.array of whole numbers would be. */
export function printedProduct(a, b) {
  const product = matmul(a, b);
  const whole = [...a.flat(), ...b.flat()].every(Number.isInteger);
  return formatArray({ kind: whole ? "int" : "float", shape: shapeOf(product), data: product.flat() });
}

export function mount(root, state, { urlPrefix = "", spec } = {}) {
  ensureStyles();
  const address = startUrlState(table(spec), state, { prefix: urlPrefix });
  let { a, b } = address.values;
  let cell = null; // {i, j} being explained; null before the first step
  const boxA = h("div", { class: "mm-matrix", "data-control": "a" });
  const boxB = h("div", { class: "mm-matrix", "data-control": "b" });
  const boxC = h("div", { class: "mm-matrix mm-result" });
  const explanation = h("p", { class: "demo-output", "aria-live": "polite" });
  const printed = h("pre", { class: "demo-output" });
  const message = h("p", { class: "demo-message", role: "status" });
  const problems = problemList(message);
  const results = { texts: [explanation, printed] };

  function editor(matrix, name, isA) {
    const [rows, cols] = shapeOf(matrix);
    const table = h(
      "table",
      { class: "mm-table" },
      h("caption", {}, `${name} (${rows}×${cols})`),
      matrix.map((row, i) =>
        h(
          "tr",
          {},
          row.map((value, j) => {
            const active = cell && (isA ? i === cell.i : j === cell.j);
            const input = h("input", {
              type: "number",
              step: "any",
              value: String(value),
              class: `demo-number${active ? " is-active" : ""}`,
              "aria-label": `${name}[${i}][${j}]`,
              "aria-invalid": "false",
              oninput: () => {
                const read = readEntry(`${name}[${i}][${j}]`, input.value);
                input.setAttribute("aria-invalid", read.error ? "true" : "false");
                problems.set(`${name}[${i}][${j}]`, read.error);
                if (!read.error) matrix[i][j] = read.value;
                draw(false);
              },
            });
            return h("td", { class: active ? "is-active" : "" }, input);
          }),
        ),
      ),
    );
    const resize = (dr, dc) => {
      const nr = rows + dr;
      const nc = cols + dc;
      if (nr < 1 || nc < 1 || nr > MAX_DIM || nc > MAX_DIM) return;
      const next = Array.from({ length: nr }, (_, i) => Array.from({ length: nc }, (__, j) => matrix[i]?.[j] ?? 1));
      if (isA) a = next;
      else b = next;
      cell = null;
      draw(true);
    };
    const tools = h(
      "p",
      { class: "demo-actions mm-tools" },
      h("button", { type: "button", class: "demo-button", onclick: () => resize(1, 0), disabled: rows >= MAX_DIM }, gettext("Row +")),
      h("button", { type: "button", class: "demo-button", onclick: () => resize(-1, 0), disabled: rows <= 1 }, gettext("Row −")),
      h("button", { type: "button", class: "demo-button", onclick: () => resize(0, 1), disabled: cols >= MAX_DIM }, gettext("Column +")),
      h("button", { type: "button", class: "demo-button", onclick: () => resize(0, -1), disabled: cols <= 1 }, gettext("Column −")),
    );
    return [table, tools];
  }

  function drawResult() {
    const error = mismatch(a, b);
    problems.set("shapes", error && `${error} — ${gettext("numpy refuses when A's columns do not match B's rows.")}`);
    if (problems.size) {
      boxC.replaceChildren(h("p", {}, gettext("Cannot compute")));
      showResults(results, false);
      return;
    }
    showResults(results, true);
    address.write({ a, b });
    const product = matmul(a, b);
    boxC.replaceChildren(
      h(
        "table",
        { class: "mm-table" },
        h("caption", {}, `AB (${product.length}×${product[0].length})`),
        product.map((row, i) => h("tr", {}, row.map((v, j) => {
          const done = cell && (i < cell.i || (i === cell.i && j <= cell.j));
          const active = cell && i === cell.i && j === cell.j;
          return h("td", { class: `mm-out${active ? " is-active" : ""}` }, done ? fmt(v) : "?");
        }))),
      ),
    );
    explanation.textContent = cell
      ? `AB[${cell.i}][${cell.j}] = A[${cell.i}, :]·B[:, ${cell.j}] = ${explainCell(a, b, cell.i, cell.j)}`
      : gettext("Press “Next cell” to compute one cell at a time.");
    printed.textContent = `>>> print(np.dot(a, b))\n${printedProduct(a, b)}`;
  }

  function draw(rebuildEditors = true) {
    if (rebuildEditors) {
      // New boxes hold the current, valid numbers: no entry problem survives a rebuild.
      for (const name of ["A", "B"]) for (let i = 0; i < MAX_DIM; i += 1) for (let j = 0; j < MAX_DIM; j += 1) problems.set(`${name}[${i}][${j}]`, null);
      boxA.replaceChildren(...editor(a, "A", true));
      boxB.replaceChildren(...editor(b, "B", false));
    }
    drawResult();
  }

  function step(delta) {
    if (problems.size) return;
    const [rows] = shapeOf(a);
    const [, cols] = shapeOf(b);
    const total = rows * cols;
    const position = cell ? cell.i * cols + cell.j : -1;
    const next = (((position + delta) % total) + total) % total;
    cell = { i: Math.floor(next / cols), j: next % cols };
    draw(true);
  }

  root.replaceChildren(
    h(
      "div",
      { class: "demo-widget demo-matmul" },
      h("p", { class: "demo-message demo-address-note", role: "status" }, address.errorText),
      h("div", { class: "mm-layout" }, boxA, h("span", { class: "mm-op", "aria-hidden": "true" }, "·"), boxB, h("span", { class: "mm-op", "aria-hidden": "true" }, "="), boxC),
      h(
        "p",
        { class: "demo-actions" },
        h("button", { type: "button", class: "demo-button", onclick: () => step(-1) }, gettext("Previous cell")),
        h("button", { type: "button", class: "demo-button is-primary", onclick: () => step(1) }, gettext("Next cell")),
      ),
      message,
      explanation,
      printed,
    ),
  );
  draw(true);
  root.demo = {
    getMatrices: () => ({ a: structuredClone(a), b: structuredClone(b) }),
    getCell: () => cell && { ...cell },
    getState: () => ({ a: matrixText(a), b: matrixText(b) }),
  };
  return root.demo;
}
