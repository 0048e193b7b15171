// np.arange explorer: start, stop, step -> the array numpy makes (stop itself is never included).

import { gettext, gettextf } from "../js/i18n.js";
import { formatArray, pyFloat } from "./numpy_print.js";
import { arange, arangeLength } from "./sigmoid_grid_math.js";
import { specLimit, specTable } from "./spec.js";
import { ensureStyles, formatNumber as fmt, h, numberControl, problemList, showResults, svg } from "./ui.js";
import { startUrlState } from "./url_state.js";

/** The widget's inputs (and its address keys), from the page's spec of "arange". */
export function table(spec) {
  return specTable(spec);
}

/**
 * Everything the widget shows for one (start, stop, step), or { error: { key, message } }.
 * `maxPoints`: the spec's max_points_per_axis (the sigmoid grid's axes, whose np.arange this is).
 */
export function explain(start, stop, step, maxPoints) {
  const bad = Object.entries({ start, stop, step }).find(([, v]) => !Number.isFinite(v));
  if (bad) return { error: { key: bad[0], message: gettextf("%(key)s: enter a number.", { key: bad[0] }) } };
  if (step <= 0) return { error: { key: "step", message: gettext("step must be greater than 0.") } };
  const count = arangeLength(start, stop, step);
  if (count > maxPoints) {
    const message = gettextf(
      "That step makes %(count)s elements; this demo shows at most %(max)s. Use a larger step or a shorter range.",
      { count, max: maxPoints },
    );
    return { error: { key: "step", message } };
  }
  const values = Array.from(arange(start, stop, step));
  return {
    values,
    count,
    printed: formatArray({ kind: "float", shape: [count], data: values }),
    printedLesson: formatArray({ kind: "float", shape: [count], data: values, formatter: "lesson" }),
    // Float steps are not exact: numpy can produce a value that prints as stop, or lies past it.
    pastStop: values.filter((v) => v >= stop),
    // e.g. -1 + 5 * 0.19999999999999996 = -2.220446049250313e-16: "0" that is not quite 0.
    nearZero: values.filter((v) => v !== 0 && Math.abs(v) < step * 1e-9),
    empty: count === 0,
  };
}

/** The notes under the array: its length and the surprises floating point brings. */
export function notes(result) {
  const lines = [gettextf("len(X) = %(count)s elements", { count: result.count })];
  if (result.empty) lines.push(gettext("stop is not above start, so the array is empty"));
  if (result.pastStop.length) {
    lines.push(gettextf("Careful: floating-point rounding let %(values)s in (not below stop)", { values: result.pastStop.map(String).join(", ") }));
  }
  if (result.nearZero.length) {
    lines.push(
      gettextf(
        "The value you might expect to be 0 is %(values)s (floating-point rounding); that is why numpy switches to exponent notation",
        { values: result.nearZero.join(", ") },
      ),
    );
  }
  return lines;
}

const W = 460;
const H = 70;

export function mount(root, state, { urlPrefix = "", spec } = {}) {
  ensureStyles();
  const inputs = table(spec);
  const maxPoints = specLimit(spec, "max_points_per_axis");
  const explainHere = (start, stop, step) => explain(start, stop, step, maxPoints);
  const check = (v) => {
    const result = explainHere(v.start, v.stop, v.step);
    return result.error ? [result.error] : [];
  };
  const address = startUrlState(inputs, state, { prefix: urlPrefix, check });
  const current = address.values;
  const codeLine = h("code", {});
  const code = h("pre", { class: "demo-output" }, codeLine);
  const summary = h("p", { class: "demo-output", "aria-live": "polite" });
  const printed = h("pre", { class: "demo-output" });
  const printedLesson = h("pre", { class: "demo-output" });
  const lessonNote = h("p", { class: "demo-note" }, gettext("To print it as the lesson does, set the print options:"));
  const message = h("p", { class: "demo-message", role: "status" });
  const problems = problemList(message);
  const addressNote = h("p", { class: "demo-message demo-address-note", role: "status" }, address.errorText);
  const line = svg("svg", { viewBox: `0 0 ${W} ${H}`, class: "demo-plot demo-numberline", role: "img" });
  const results = { texts: [code, summary, printed, lessonNote, printedLesson], pictures: [line] };

  const controls = Object.fromEntries(
    Object.entries(inputs).map(([key, limits]) => [
      key,
      numberControl({
        label: key,
        name: key,
        value: current[key],
        min: limits.min,
        max: limits.max,
        step: limits.step,
        slider: false,
        onChange: (v) => {
          current[key] = v;
          problems.set(key, null);
          draw();
        },
        onInvalid: (text) => {
          problems.set(key, text);
          showResults(results, false);
        },
      }),
    ]),
  );

  function drawNumberLine(result) {
    const lo = Math.min(current.start, current.stop);
    const hi = Math.max(current.start, current.stop);
    const pad = (hi - lo || 1) * 0.06;
    const x = (v) => 20 + ((v - (lo - pad)) / (hi - lo + 2 * pad)) * (W - 40);
    const marks = result.values.map((v) => svg("circle", { class: "plot-point", cx: x(v), cy: 30, r: 4.5 }));
    line.replaceChildren(
      svg("line", { class: "plot-axis", x1: 10, x2: W - 10, y1: 30, y2: 30 }),
      ...marks,
      svg("circle", { class: "numberline-stop", cx: x(current.stop), cy: 30, r: 7 }),
      svg("text", { x: x(current.start), y: 58, "text-anchor": "middle", text: `start ${fmt(current.start)}` }),
      svg("text", { x: x(current.stop), y: 14, "text-anchor": "middle", text: `stop ${fmt(current.stop)} ${gettext("(excluded)")}` }),
    );
    line.setAttribute("aria-label", gettextf("%(count)s points on a number line", { count: result.count }));
  }

  function draw() {
    // Cross-field problems (too many points) belong to step; a fixed start or stop can clear them.
    const result = explainHere(current.start, current.stop, current.step);
    problems.set("range", result.error?.message);
    controls.step.setInvalid(problems.has("step") || Boolean(result.error));
    if (problems.size) {
      showResults(results, false);
      return;
    }
    codeLine.textContent = `X = np.arange(${pyFloat(current.start)}, ${pyFloat(current.stop)}, ${pyFloat(current.step)})`;
    summary.textContent = notes(result).join(" — ");
    printed.textContent = `>>> print(X)\n${result.printed}`;
    printedLesson.textContent = `>>> np.set_printoptions(formatter={'float': '{: 0.1f}'.format})\n>>> print(X)\n${result.printedLesson}`;
    drawNumberLine(result);
    showResults(results, true);
    address.write(current);
  }

  root.replaceChildren(
    h(
      "div",
      { class: "demo-widget demo-arange" },
      addressNote,
      h("div", { class: "demo-row" }, Object.values(controls).map((c) => c.element)),
      message,
      code,
      line,
      summary,
      printed,
      lessonNote,
      printedLesson,
    ),
  );
  draw();
  root.demo = {
    getValues: () => explainHere(current.start, current.stop, current.step).values,
    getState: () => ({ ...current }),
  };
  return root.demo;
}
