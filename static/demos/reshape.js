// reshape explorer: the lesson's 24 numbers as a 1st-order tensor (24,), a matrix (4, 6), a
// 3rd-order tensor (2, 3, 4) and a 4th-order tensor (2, 2, 3, 2). The elements keep their order.

import { gettext, gettextf } from "../js/i18n.js";
import { formatArray } from "./numpy_print.js";
import { ensureStyles, h, problemList, showResults, uniqueId } from "./ui.js";
import { fieldProblem, parseNumber, startUrlState } from "./url_state.js";

export const SHAPES = Object.freeze([[24], [4, 6], [2, 3, 4], [2, 2, 3, 2]]);
export const VALUES = Object.freeze(Array.from({ length: 24 }, (_, k) => k + 1));

/** The widget's inputs (and its address keys), as the registry's "reshape" spec has them. */
export const TABLE = Object.freeze({
  shape: { type: "choice", default: "4,6", choices: SHAPES.map((s) => s.join(",")) },
  pick: { type: "number", default: 15, min: 1, max: 24, integer: true },
});

/** "Where is the number" text -> { value } or { error } (a sentence for the student). */
export function readPick(text) {
  const value = parseNumber(text);
  if (fieldProblem("pick", TABLE.pick, value)) {
    return { error: gettextf("Enter a whole number from %(min)s to %(max)s.", { min: TABLE.pick.min, max: TABLE.pick.max }) };
  }
  return { value };
}

export function shapeKey(shape) {
  return shape.join(",");
}

/** The index of flat position `flat` in a C-ordered array of `shape` (numpy's unravel_index). */
export function unravelIndex(flat, shape) {
  const index = new Array(shape.length);
  let rest = flat;
  for (let axis = shape.length - 1; axis >= 0; axis -= 1) {
    index[axis] = rest % shape[axis];
    rest = Math.floor(rest / shape[axis]);
  }
  return index;
}

export function describeReshape(shape) {
  const call = shape.length === 1 ? "b = np.array([1, 2, …, 24])" : `b = b.reshape(${shape.join(", ")})`;
  return {
    code: call,
    printed: formatArray({ kind: "int", shape, data: [...VALUES] }),
    rank: shape.length,
    shapeText: shape.length === 1 ? `(${shape[0]},)` : `(${shape.join(", ")})`,
  };
}

/** The name of a tensor of `rank` axes, in the page's language. */
export function rankName(rank) {
  const names = {
    1: gettext("1st-order tensor (a vector)"),
    2: gettext("2nd-order tensor (a matrix)"),
    3: gettext("3rd-order tensor"),
    4: gettext("4th-order tensor"),
  };
  return names[rank];
}

/** Where the number `picked` (1 to 24) sits in `shape`: "15 = b[1][0][2]". */
export function whereIsText(picked, shape) {
  return `${picked} = b${unravelIndex(picked - 1, shape).map((i) => `[${i}]`).join("")}`;
}

export function mount(root, state, { urlPrefix = "" } = {}) {
  ensureStyles();
  const address = startUrlState(TABLE, state, { prefix: urlPrefix });
  const current = address.values;
  const shapeOf = () => SHAPES.find((s) => shapeKey(s) === current.shape);
  const code = h("pre", { class: "demo-output" });
  const printed = h("pre", { class: "demo-output demo-printed" });
  const facts = h("p", { class: "demo-output", "aria-live": "polite" });
  const whereIs = h("p", { class: "demo-output", "aria-live": "polite" });
  const message = h("p", { class: "demo-message", role: "status" });
  const problems = problemList(message);
  const buttons = SHAPES.map((s) =>
    h(
      "button",
      {
        type: "button",
        class: "demo-button",
        "aria-pressed": "false",
        onclick: () => {
          current.shape = shapeKey(s);
          draw();
        },
      },
      `(${s.join(", ")}${s.length === 1 ? "," : ""})`,
    ),
  );
  const pickId = uniqueId("reshape-pick");
  const pick = h("input", {
    id: pickId,
    type: "number",
    inputmode: "numeric",
    min: 1,
    max: 24,
    step: 1,
    value: String(current.pick),
    class: "demo-number",
    "aria-invalid": "false",
    oninput: () => {
      const read = readPick(pick.value);
      pick.setAttribute("aria-invalid", read.error ? "true" : "false");
      problems.set("pick", read.error);
      if (read.error) {
        // The old answer would now sit beside a number it is not about.
        showResults({ texts: [whereIs] }, false);
        return;
      }
      current.pick = read.value;
      draw();
    },
  });

  function draw() {
    const shape = shapeOf();
    const result = describeReshape(shape);
    buttons.forEach((b, k) => b.setAttribute("aria-pressed", SHAPES[k] === shape ? "true" : "false"));
    code.textContent = `${result.code}\nprint(b)`;
    printed.textContent = result.printed;
    facts.textContent = `b.shape = ${result.shapeText}, b.ndim = ${result.rank} — ${rankName(result.rank)}; b.size = 24 ${gettext("(the number of elements never changes)")}`;
    if (!problems.has("pick")) {
      whereIs.textContent = whereIsText(current.pick, shape);
      showResults({ texts: [whereIs] }, true);
    }
    address.write(current);
  }

  root.replaceChildren(
    h(
      "div",
      { class: "demo-widget demo-reshape" },
      h("p", { class: "demo-message demo-address-note", role: "status" }, address.errorText),
      h("p", { class: "demo-actions", role: "group", "aria-label": gettext("Shape to reshape to"), "data-control": "shape" }, buttons),
      code,
      printed,
      facts,
      h("div", { class: "demo-control", "data-control": "pick" }, h("label", { for: pickId }, gettext("Where is the number")), pick),
      message,
      whereIs,
    ),
  );
  draw();
  root.demo = { getShape: () => [...shapeOf()], getState: () => ({ ...current }) };
  return root.demo;
}
