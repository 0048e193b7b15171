// reshape explorer: the lesson's 24 numbers as a 1st-order tensor (24,), a matrix (4, 6), a
// 3rd-order tensor (2, 3, 4) and a 4th-order tensor (2, 2, 3, 2). The elements keep their order.

import { formatArray } from "./numpy_print.js";
import { ensureStyles, h, t, uniqueId } from "./ui.js";

export const SHAPES = Object.freeze([[24], [4, 6], [2, 3, 4], [2, 2, 3, 2]]);
export const VALUES = Object.freeze(Array.from({ length: 24 }, (_, k) => k + 1));

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

const RANK_NAMES = {
  ja: ["", "1階のテンソル（ベクトル）", "2階のテンソル（行列）", "3階のテンソル", "4階のテンソル"],
  en: ["", "1st-order tensor (a vector)", "2nd-order tensor (a matrix)", "3rd-order tensor", "4th-order tensor"],
};

export function mount(root, state, { lang = "ja" } = {}) {
  ensureStyles();
  let shape = SHAPES.find((s) => shapeKey(s) === state?.shape) ?? SHAPES[1];
  let picked = 15;
  const code = h("pre", { class: "demo-output" });
  const printed = h("pre", { class: "demo-output demo-printed" });
  const facts = h("p", { class: "demo-output", "aria-live": "polite" });
  const whereIs = h("p", { class: "demo-output", "aria-live": "polite" });
  const buttons = SHAPES.map((s) =>
    h("button", { type: "button", class: "demo-button", "aria-pressed": "false", onclick: () => { shape = s; draw(); } }, `(${s.join(", ")}${s.length === 1 ? "," : ""})`),
  );
  const pickId = uniqueId("reshape-pick");
  const pick = h("input", {
    id: pickId,
    type: "number",
    min: 1,
    max: 24,
    step: 1,
    value: String(picked),
    class: "demo-number",
    oninput: () => {
      const n = Number(pick.value);
      const ok = Number.isInteger(n) && n >= 1 && n <= 24;
      pick.setAttribute("aria-invalid", ok ? "false" : "true");
      if (ok) {
        picked = n;
        draw();
      }
    },
  });

  function draw() {
    const result = describeReshape(shape);
    buttons.forEach((b, k) => b.setAttribute("aria-pressed", SHAPES[k] === shape ? "true" : "false"));
    code.textContent = `${result.code}\nprint(b)`;
    printed.textContent = result.printed;
    facts.textContent = `b.shape = ${result.shapeText}, b.ndim = ${result.rank} — ${RANK_NAMES[lang === "en" ? "en" : "ja"][result.rank]}; b.size = 24 ${t(lang, "（要素数は変わらない）", "(the number of elements never changes)")}`;
    const index = unravelIndex(picked - 1, shape);
    whereIs.textContent = `${picked} = b${index.map((i) => `[${i}]`).join("")}`;
  }

  root.replaceChildren(
    h(
      "div",
      { class: "demo-widget demo-reshape" },
      h("p", { class: "demo-actions", role: "group", "aria-label": "reshape", "data-control": "shape" }, buttons),
      code,
      printed,
      facts,
      h("div", { class: "demo-control" }, h("label", { for: pickId }, t(lang, "この数はどこ？", "Where is the number")), pick),
      whereIs,
    ),
  );
  draw();
  root.demo = { getShape: () => [...shape], getState: () => ({ shape: shapeKey(shape) }) };
  return root.demo;
}
