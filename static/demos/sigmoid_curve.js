// The sigmoid function 1/(1+exp(-u)) with a u slider: the curve and the point (u, sigmoid(u)).

import { gettext } from "../js/i18n.js";
import { sigmoid } from "./sigmoid_grid_math.js";
import { ensureStyles, formulaNumber as fmt, h, linearScale, numberControl, problemList, showResults, svg } from "./ui.js";
import { specTable } from "./spec.js";
import { startUrlState } from "./url_state.js";

/** The widget's input (and its address key), from the page's spec of "sigmoid-curve". */
export function table(spec) {
  return specTable(spec);
}

/** n+1 evenly spaced points of the curve between uMin and uMax, as [u, sigmoid(u)] pairs. */
export function curvePoints(uMin, uMax, n = 200) {
  return Array.from({ length: n + 1 }, (_, k) => {
    const u = uMin + ((uMax - uMin) * k) / n;
    return [u, sigmoid(u)];
  });
}

/** The read-out lines for one u: the formula with numbers filled in. */
export function describe(u) {
  const e = Math.exp(-u);
  const s = sigmoid(u);
  const trend =
    s > 0.99
      ? gettext("for large u the output approaches 1")
      : s < 0.01
        ? gettext("for small u the output approaches 0")
        : u === 0
          ? gettext("exactly 0.5 at u = 0")
          : gettext("changes smoothly between 0 and 1");
  return [`u = ${fmt(u)}`, `exp(−u) = ${fmt(e)}`, `sigmoid(u) = 1 / (1 + ${fmt(e)}) = ${fmt(s)}`, trend];
}

const W = 420;
const H = 240;
const PAD = { left: 40, right: 26, top: 12, bottom: 30 };

export function mount(root, state, { urlPrefix = "", spec } = {}) {
  ensureStyles();
  const inputs = table(spec);
  const uField = inputs.u;
  const address = startUrlState(inputs, state, { prefix: urlPrefix });
  let u = address.values.u;
  const x = linearScale([uField.min, uField.max], [PAD.left, W - PAD.right]);
  const y = linearScale([0, 1], [H - PAD.bottom, PAD.top]);
  const path = curvePoints(uField.min, uField.max)
    .map(([cu, cs], k) => `${k ? "L" : "M"}${x(cu).toFixed(1)},${y(cs).toFixed(1)}`)
    .join("");
  const guideV = svg("line", { class: "plot-guide", y1: y(0) });
  const guideH = svg("line", { class: "plot-guide", x1: x(uField.min) });
  const dot = svg("circle", { class: "plot-point", r: 6 });
  const ticks = [];
  for (const tu of [uField.min, uField.min / 2, 0, uField.max / 2, uField.max]) ticks.push(svg("text", { x: x(tu), y: H - 10, "text-anchor": "middle", text: fmt(tu) }));
  for (const ts of [0, 0.5, 1]) ticks.push(svg("text", { x: PAD.left - 6, y: y(ts) + 4, "text-anchor": "end", text: ts }));
  const plot = svg(
    "svg",
    { viewBox: `0 0 ${W} ${H}`, class: "demo-plot", role: "img", "aria-label": gettext("Graph of the sigmoid function") },
    svg("line", { class: "plot-axis", x1: x(uField.min), x2: x(uField.max), y1: y(0), y2: y(0) }),
    svg("line", { class: "plot-axis", x1: x(0), x2: x(0), y1: y(0), y2: y(1) }),
    svg("line", { class: "plot-grid", x1: x(uField.min), x2: x(uField.max), y1: y(1), y2: y(1) }),
    svg("path", { class: "plot-curve", d: path }),
    guideV,
    guideH,
    dot,
    ticks,
    svg("text", { x: W - PAD.right + 8, y: y(0) + 4, text: "u" }),
  );
  const readout = h("pre", { class: "demo-output", "aria-live": "polite" });
  const message = h("p", { class: "demo-message", role: "status" });
  const problems = problemList(message);
  const results = { texts: [readout], pictures: [dot, guideV, guideH] };
  const control = numberControl({
    label: "u",
    name: "u",
    value: u,
    min: uField.min,
    max: uField.max,
    step: uField.step,
    onChange: (v) => {
      u = v;
      problems.set("u", null);
      draw();
    },
    onInvalid: (text) => {
      problems.set("u", text);
      showResults(results, false);
    },
  });

  function draw() {
    const s = sigmoid(u);
    dot.setAttribute("cx", x(u));
    dot.setAttribute("cy", y(s));
    guideV.setAttribute("x1", x(u));
    guideV.setAttribute("x2", x(u));
    guideV.setAttribute("y2", y(s));
    guideH.setAttribute("x2", x(u));
    guideH.setAttribute("y1", y(s));
    guideH.setAttribute("y2", y(s));
    readout.textContent = describe(u).join("\n");
    showResults(results, true);
    address.write({ u });
  }

  root.replaceChildren(
    h(
      "div",
      { class: "demo-widget demo-sigmoid-curve" },
      h("p", { class: "demo-message demo-address-note", role: "status" }, address.errorText),
      plot,
      control.element,
      message,
      readout,
    ),
  );
  draw();
  root.demo = { getU: () => u, getState: () => ({ u }) };
  return root.demo;
}
