// reshape explorer: the lesson's 24 numbers as a 1st-order tensor (24,), a matrix (4, 6), a
// 3rd-order tensor (2, 3, 4) and a 4th-order tensor (2, 2, 3, 2). The elements keep their order.

import { gettext, gettextf } from "../js/i18n.js";
import { formatArray } from "./numpy_print.js";
import { ensureStyles, h, problemList, showResults, uniqueId } from "./ui.js";
import { specTable } from "./spec.js";
import { fieldProblem, parseNumber, startUrlState } from "./url_state.js";

export const VALUES = Object.freeze(Array.from({ length: 24 }, (_, k) => k + 1));

/** The widget's inputs (and its address keys), from the page's spec of "reshape". */
export function table(spec) {
  return specTable(spec);
}

/** The shapes the spec offers ("2,3,4"), as lists of sizes. */
export function shapesOf(choices) {
  return choices.map((choice) => Object.freeze(choice.split(",").map(Number)));
}

/** "Where is the number" text -> { value } or { error } (a sentence for the student); `field`: the table's pick. */
export function readPick(text, field) {
  const value = parseNumber(text);
  if (fieldProblem("pick", field, value)) {
    return { error: gettextf("Enter a whole number from %(min)s to %(max)s.", { min: field.min, max: field.max }) };
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

export function mount(root, state, { urlPrefix = "", spec } = {}) {
  ensureStyles();
  const inputs = table(spec);
  const shapes = shapesOf(inputs.shape.choices);
  const address = startUrlState(inputs, state, { prefix: urlPrefix });
  const current = address.values;
  const shapeOf = () => shapes.find((s) => shapeKey(s) === current.shape);
  const code = h("pre", { class: "demo-output" });
  const printed = h("pre", { class: "demo-output demo-printed" });
  const facts = h("p", { class: "demo-output", "aria-live": "polite" });
  const whereIs = h("p", { class: "demo-output", "aria-live": "polite" });
  const message = h("p", { class: "demo-message", role: "status" });
  const problems = problemList(message);
  const buttons = shapes.map((s) =>
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
    min: inputs.pick.min,
    max: inputs.pick.max,
    step: inputs.pick.step,
    value: String(current.pick),
    class: "demo-number",
    "aria-invalid": "false",
    oninput: () => {
      const read = readPick(pick.value, inputs.pick);
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
    buttons.forEach((b, k) => b.setAttribute("aria-pressed", shapes[k] === shape ? "true" : "false"));
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
