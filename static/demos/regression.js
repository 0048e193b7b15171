// Simple linear regression: advertising cost (X, yen) against visitors (Y). Drag the line's two
// handles (or use the arrow keys on them), then ask for the least-squares line Y = b1·X + b0.

import { gettext, gettextf } from "../js/i18n.js";
import { ensureStyles, formatNumber as fmt, formulaNumber, h, linearScale, numberControl, problemList, showResults, svg } from "./ui.js";
import { specTable } from "./spec.js";
import { startUrlState } from "./url_state.js";

/**
 * Illustrative data, made up for this widget (not from a real shop): twelve months of advertising
 * cost in yen and visitors, scattered around the lesson's line Y = 0.0525X + 3080.
 */
export const ADVERTISING = Object.freeze([
  [8000, 3680],
  [15000, 3630],
  [22000, 4325],
  [30000, 4525],
  [36000, 5230],
  [45000, 5385],
  [52000, 5600],
  [60000, 6380],
  [68000, 6560],
  [75000, 7220],
  [84000, 7320],
  [95000, 8110],
]);

/** The widget's inputs (and its address keys), from the page's spec of "regression". */
export function table(spec) {
  return specTable(spec);
}
const X_RANGE = [0, 100000];
const Y_RANGE = [0, 10000];

/** Ordinary least squares for y = b1·x + b0. */
export function leastSquares(points) {
  const n = points.length;
  if (n < 2) throw new Error("least squares needs at least two points");
  const meanX = points.reduce((s, [px]) => s + px, 0) / n;
  const meanY = points.reduce((s, [, py]) => s + py, 0) / n;
  let sxy = 0;
  let sxx = 0;
  for (const [px, py] of points) {
    sxy += (px - meanX) * (py - meanY);
    sxx += (px - meanX) ** 2;
  }
  if (sxx === 0) throw new Error("all x values are equal: the slope is undefined");
  const b1 = sxy / sxx;
  return { b1, b0: meanY - b1 * meanX };
}

/** Sum of squared vertical distances from the points to the line. */
export function sumOfSquares(points, b1, b0) {
  return points.reduce((s, [px, py]) => s + (py - (b1 * px + b0)) ** 2, 0);
}

/** The line through two points (the handles at the left and right edge of the plot). */
export function lineThrough([x1, y1], [x2, y2]) {
  const b1 = (y2 - y1) / (x2 - x1);
  return { b1, b0: y1 - b1 * x1 };
}

export function equation(b1, b0) {
  const sign = b0 < 0 ? "−" : "+";
  return `Y = ${formulaNumber(b1, 4)}·X ${sign} ${fmt(Math.abs(b0), 5)}`;
}

const W = 460;
const H = 300;
const PAD = { left: 52, right: 14, top: 30, bottom: 40 };

export function mount(root, state, { urlPrefix = "", spec } = {}) {
  ensureStyles();
  const inputs = table(spec);
  const address = startUrlState(inputs, state, { prefix: urlPrefix });
  let line = { ...address.values };
  const best = leastSquares(ADVERTISING);
  const x = linearScale(X_RANGE, [PAD.left, W - PAD.right]);
  const y = linearScale(Y_RANGE, [H - PAD.bottom, PAD.top]);
  const residuals = ADVERTISING.map(() => svg("line", { class: "plot-residual" }));
  const lineEl = svg("line", { class: "plot-fit" });
  const handles = [X_RANGE[0], X_RANGE[1]].map((hx, k) =>
    svg("circle", {
      class: "plot-handle",
      r: 9,
      cx: x(hx),
      tabindex: 0,
      role: "slider",
      "aria-label": k ? gettext("Right end of the line (move up or down)") : gettext("Left end of the line (move up or down)"),
      "aria-valuemin": -20000,
      "aria-valuemax": 30000,
    }),
  );
  const ticks = [];
  for (const tx of [0, 25000, 50000, 75000, 100000]) ticks.push(svg("text", { x: x(tx), y: H - 22, "text-anchor": "middle", text: tx.toLocaleString() }));
  for (const ty of [0, 2500, 5000, 7500, 10000]) ticks.push(svg("text", { x: PAD.left - 6, y: y(ty) + 4, "text-anchor": "end", text: ty.toLocaleString() }));
  const plot = svg(
    "svg",
    { viewBox: `0 0 ${W} ${H}`, class: "demo-plot", role: "group", "aria-label": gettext("Scatter plot of advertising cost and visitors") },
    svg("defs", {}, svg("clipPath", { id: "regression-clip" }, svg("rect", { x: PAD.left, y: PAD.top, width: W - PAD.left - PAD.right, height: H - PAD.top - PAD.bottom }))),
    svg("line", { class: "plot-axis", x1: PAD.left, x2: W - PAD.right, y1: y(0), y2: y(0) }),
    svg("line", { class: "plot-axis", x1: PAD.left, x2: PAD.left, y1: PAD.top, y2: y(0) }),
    ticks,
    svg("text", { x: (PAD.left + W) / 2, y: H - 4, "text-anchor": "middle", text: gettext("Advertising cost X (yen)") }),
    svg("text", { x: 4, y: 12, text: gettext("Visitors Y") }),
    svg("g", { "clip-path": "url(#regression-clip)" }, residuals, lineEl),
    ADVERTISING.map(([px, py]) => svg("circle", { class: "plot-point", r: 5, cx: x(px), cy: y(py) })),
    handles,
  );
  const readout = h("p", { class: "demo-output", "aria-live": "polite" });
  const fitted = h("p", { class: "demo-output", "aria-live": "polite", hidden: true });
  let fittedShown = false;
  const message = h("p", { class: "demo-message", role: "status" });
  const problems = problemList(message);
  const results = { texts: [readout, fitted], pictures: [lineEl, ...residuals, ...handles] };
  const control = (key) =>
    numberControl({
      label: key,
      name: key,
      value: line[key],
      min: inputs[key].min,
      max: inputs[key].max,
      step: inputs[key].step,
      onChange: (v) => setLine({ ...line, [key]: v }, key),
      onInvalid: (text) => {
        problems.set(key, text);
        showResults(results, false);
      },
    });
  const controls = { b1: control("b1"), b0: control("b0") };

  function setLine(next, from = null) {
    // The changed box is valid and the other one is rewritten below: no problem is left standing.
    problems.clear();
    line = { b1: Math.min(inputs.b1.max, Math.max(inputs.b1.min, next.b1)), b0: Math.min(inputs.b0.max, Math.max(inputs.b0.min, next.b0)) };
    if (from !== "b1") controls.b1.setValue(Number(line.b1.toFixed(6)));
    if (from !== "b0") controls.b0.setValue(Number(line.b0.toFixed(2)));
    draw();
  }

  function draw() {
    if (problems.size) return;
    const yAt = (px) => line.b1 * px + line.b0;
    lineEl.setAttribute("x1", x(X_RANGE[0]));
    lineEl.setAttribute("x2", x(X_RANGE[1]));
    lineEl.setAttribute("y1", y(yAt(X_RANGE[0])));
    lineEl.setAttribute("y2", y(yAt(X_RANGE[1])));
    handles.forEach((handle, k) => {
      const value = yAt(X_RANGE[k]);
      handle.setAttribute("cy", Math.min(H - PAD.bottom, Math.max(PAD.top, y(value))));
      handle.setAttribute("aria-valuenow", Math.round(value));
      handle.setAttribute("aria-valuetext", gettextf("%(n)s visitors", { n: Math.round(value) }));
    });
    ADVERTISING.forEach(([px, py], k) => {
      residuals[k].setAttribute("x1", x(px));
      residuals[k].setAttribute("x2", x(px));
      residuals[k].setAttribute("y1", y(py));
      residuals[k].setAttribute("y2", y(yAt(px)));
    });
    const sse = sumOfSquares(ADVERTISING, line.b1, line.b0);
    const bestSse = sumOfSquares(ADVERTISING, best.b1, best.b0);
    readout.textContent = gettextf("Your line: %(equation)s — sum of squared errors %(sse)s (minimum %(best)s)", {
      equation: equation(line.b1, line.b0),
      sse: fmt(sse, 5),
      best: fmt(bestSse, 5),
    });
    showResults(results, true);
    fitted.hidden = !fittedShown;
    address.write(line);
  }

  // Dragging a handle moves that end of the line; the other end stays where it is.
  handles.forEach((handle, k) => {
    const moveTo = (valueAtEnd) => {
      const ends = [X_RANGE[0], X_RANGE[1]].map((ex) => [ex, line.b1 * ex + line.b0]);
      ends[k][1] = valueAtEnd;
      setLine(lineThrough(ends[0], ends[1]));
    };
    handle.addEventListener("pointerdown", (event) => {
      handle.setPointerCapture(event.pointerId);
      event.preventDefault();
    });
    handle.addEventListener("pointermove", (event) => {
      if (!handle.hasPointerCapture(event.pointerId)) return;
      const point = plot.createSVGPoint();
      point.x = event.clientX;
      point.y = event.clientY;
      const local = point.matrixTransform(plot.getScreenCTM().inverse());
      moveTo(y.invert(local.y));
    });
    handle.addEventListener("keydown", (event) => {
      const stepBy = { ArrowUp: 100, ArrowRight: 100, ArrowDown: -100, ArrowLeft: -100, PageUp: 1000, PageDown: -1000 }[event.key];
      if (!stepBy) return;
      event.preventDefault();
      moveTo(line.b1 * X_RANGE[k] + line.b0 + stepBy);
    });
  });

  const fitButton = h(
    "button",
    {
      type: "button",
      class: "demo-button is-primary",
      onclick: () => {
        fittedShown = true;
        fitted.textContent = gettextf("Least squares gives: %(equation)s  (b1 = %(b1)s, b0 = %(b0)s)", {
          equation: equation(best.b1, best.b0),
          b1: formulaNumber(best.b1, 6),
          b0: formulaNumber(best.b0, 6),
        });
        setLine(best);
      },
    },
    gettext("Fit by least squares"),
  );
  const note = h("p", { class: "demo-note" }, gettext("Note: the data are made up for illustration."));
  root.replaceChildren(
    h(
      "div",
      { class: "demo-widget demo-regression" },
      h("p", { class: "demo-message demo-address-note", role: "status" }, address.errorText),
      plot,
      h("div", { class: "demo-row" }, controls.b1.element, controls.b0.element),
      message,
      h("p", { class: "demo-actions" }, fitButton),
      readout,
      fitted,
      note,
    ),
  );
  draw();
  root.demo = { getLine: () => ({ ...line }), best, getState: () => ({ ...line }) };
  return root.demo;
}
