// np.arange explorer: start, stop, step -> the array numpy makes (stop itself is never included).

import { formatArray, pyFloat } from "./numpy_print.js";
import { MAX_POINTS_PER_AXIS, RANGE_LIMITS, STEP_LIMITS, arange, arangeLength } from "./sigmoid_grid_math.js";
import { ensureStyles, formatNumber as fmt, h, numberControl, svg, t } from "./ui.js";

// The same bounds as the sigmoid grid's axes, whose np.arange this widget explains.
const MAX_POINTS = MAX_POINTS_PER_AXIS;
const LIMITS = { start: RANGE_LIMITS, stop: RANGE_LIMITS, step: STEP_LIMITS };

/** Everything the widget shows for one (start, stop, step), or { error } in both languages. */
export function explain(start, stop, step) {
  if (![start, stop, step].every(Number.isFinite)) return { error: { ja: "数を入れてください", en: "enter numbers" } };
  if (step <= 0) return { error: { ja: "step は 0 より大きくしてください", en: "step must be greater than 0" } };
  const count = arangeLength(start, stop, step);
  if (count > MAX_POINTS) {
    return { error: { ja: `要素が ${count} 個になります（この図では ${MAX_POINTS} 個まで）`, en: `that makes ${count} elements (this widget shows up to ${MAX_POINTS})` } };
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

const W = 460;
const H = 70;

export function mount(root, state, { lang = "ja" } = {}) {
  ensureStyles();
  const current = { start: state?.start ?? -1, stop: state?.stop ?? 1, step: state?.step ?? 0.2 };
  const codeLine = h("code", {});
  const summary = h("p", { class: "demo-output", "aria-live": "polite" });
  const printed = h("pre", { class: "demo-output" });
  const printedLesson = h("pre", { class: "demo-output" });
  const message = h("p", { class: "demo-message", role: "status" });
  const line = svg("svg", { viewBox: `0 0 ${W} ${H}`, class: "demo-plot demo-numberline", role: "img" });

  const controls = Object.entries(LIMITS).map(([key, limits]) =>
    numberControl({
      label: key,
      name: key,
      lang,
      value: current[key],
      ...limits,
      step: key === "step" ? "any" : 0.1,
      slider: false,
      onChange: (v) => {
        current[key] = v;
        draw();
      },
      onInvalid: (text) => (message.textContent = text),
    }),
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
      svg("text", { x: x(current.stop), y: 14, "text-anchor": "middle", text: `stop ${fmt(current.stop)} ${t(lang, "（含まない）", "(excluded)")}` }),
    );
    line.setAttribute("aria-label", t(lang, `数直線上の ${result.count} 個の点`, `${result.count} points on a number line`));
  }

  function draw() {
    codeLine.textContent = `X = np.arange(${pyFloat(current.start)}, ${pyFloat(current.stop)}, ${pyFloat(current.step)})`;
    const result = explain(current.start, current.stop, current.step);
    if (result.error) {
      message.textContent = t(lang, result.error.ja, result.error.en);
      return;
    }
    message.textContent = "";
    const notes = [t(lang, `要素数 len(X) = ${result.count}`, `len(X) = ${result.count} elements`)];
    if (result.empty) notes.push(t(lang, "stop が start 以下なので空の配列です", "stop is not above start, so the array is empty"));
    if (result.pastStop.length) {
      notes.push(
        t(
          lang,
          `注意: 浮動小数点の誤差で ${result.pastStop.map((v) => String(v)).join(", ")} が入りました（stop 以上の値）`,
          `Careful: floating-point rounding let ${result.pastStop.map((v) => String(v)).join(", ")} in (not below stop)`,
        ),
      );
    }
    if (result.nearZero.length) {
      notes.push(
        t(
          lang,
          `0 のはずの値が ${result.nearZero.join(", ")} になっています（浮動小数点の丸め誤差）。numpy の表示が指数形式になるのはこのためです`,
          `The value you might expect to be 0 is ${result.nearZero.join(", ")} (floating-point rounding); that is why numpy switches to exponent notation`,
        ),
      );
    }
    summary.textContent = notes.join(" — ");
    printed.textContent = `>>> print(X)\n${result.printed}`;
    printedLesson.textContent = `>>> np.set_printoptions(formatter={'float': '{: 0.1f}'.format})\n>>> print(X)\n${result.printedLesson}`;
    drawNumberLine(result);
  }

  root.replaceChildren(
    h(
      "div",
      { class: "demo-widget demo-arange" },
      h("div", { class: "demo-row" }, controls.map((c) => c.element)),
      message,
      h("pre", { class: "demo-output" }, codeLine),
      line,
      summary,
      printed,
      h("p", { class: "demo-note" }, t(lang, "レッスンと同じ表示にするには printoptions を使います:", "To print it as the lesson does, set the print options:")),
      printedLesson,
    ),
  );
  draw();
  root.demo = { getValues: () => explain(current.start, current.stop, current.step).values, getState: () => ({ ...current }) };
  return root.demo;
}
