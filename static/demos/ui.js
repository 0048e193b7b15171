// Small DOM helpers shared by the demo views. Pure helpers (formatNumber, the formula writers)
// work without a DOM.

import { gettextf, joinSentences } from "../js/i18n.js";

let idCounter = 0;
const MINUS = "\u2212"; // the typographic minus: "−0.4" reads as a sign, not a hyphen

/** A short, readable number: at most `digits` significant digits, no exponent for ordinary sizes. */
export function formatNumber(value, digits = 6) {
  if (!Number.isFinite(value)) return String(value);
  if (value === 0) return "0";
  const abs = Math.abs(value);
  if (abs >= 1e-4 && abs < 1e9) return String(Number(value.toPrecision(digits)));
  return value.toExponential(digits - 1).replace(/\.?0+e/, "e");
}

/** A number for a formula a student reads (not for code): −0.4 with a real minus sign. */
export function formulaNumber(value, digits = 6) {
  const text = formatNumber(value, digits);
  return text.startsWith("-") ? MINUS + text.slice(1) : text;
}

/**
 * A sum of terms as a student would write it: each term is a number or a product [a, b].
 * signedSum([[-1, 4], [0.4, -4], [-3]]) -> "−1×4 + 0.4×(−4) − 3": the sign of a later term's
 * first factor becomes the operator; a negative second factor is put in brackets.
 */
export function signedSum(terms, digits = 6) {
  return terms
    .map((term, k) => {
      const [first, ...rest] = Array.isArray(term) ? term : [term];
      const negative = first < 0 || Object.is(first, -0);
      const lead = k === 0 ? formulaNumber(first, digits) : formatNumber(Math.abs(first), digits);
      // A factor may be a name ("x", "mid[0]"); a negative number after × goes in brackets.
      const factor = (v) => (typeof v === "string" ? v : v < 0 ? `(${formulaNumber(v, digits)})` : formulaNumber(v, digits));
      const factors = rest.map(factor);
      const text = [lead, ...factors].join("×");
      if (k === 0) return text;
      return `${negative ? MINUS : "+"} ${text}`;
    })
    .join(" ");
}

export function uniqueId(prefix) {
  idCounter += 1;
  return `${prefix}-${idCounter}`;
}

/** h("button", {type: "button", onclick: fn, class: "x"}, "text", child) -> HTMLElement */
export function h(tag, attrs = {}, ...children) {
  const node = document.createElement(tag);
  // Code and printed arrays scroll sideways on a phone; a keyboard user must be able to reach
  // them to scroll too, so every <pre> a demo makes takes focus unless told otherwise.
  if (tag === "pre" && !("tabindex" in attrs)) node.tabIndex = 0;
  for (const [key, value] of Object.entries(attrs)) {
    if (value === undefined || value === null || value === false) continue;
    if (key.startsWith("on") && typeof value === "function") node.addEventListener(key.slice(2), value);
    else if (key === "class") node.className = value;
    else if (key === "text") node.textContent = value;
    else if (key === "dataset") Object.assign(node.dataset, value);
    else if (key in node && !key.includes("-") && typeof value !== "string") node[key] = value;
    else node.setAttribute(key, value === true ? "" : String(value));
  }
  for (const child of children.flat()) {
    if (child === null || child === undefined || child === false) continue;
    node.append(child instanceof Node ? child : document.createTextNode(String(child)));
  }
  return node;
}

/** Load demos.css once, from next to this module, whatever page hosts the demo. */
export function ensureStyles() {
  const href = new URL("./demos.css", import.meta.url).href;
  for (const link of document.querySelectorAll('link[rel="stylesheet"]')) {
    if (link.href === href) return;
  }
  document.head.append(h("link", { rel: "stylesheet", href }));
}

/**
 * A labelled number with an optional slider; both stay in sync and are keyboard-operable.
 * onChange(value) fires for every valid input; invalid typing marks the field and calls onInvalid.
 * `name` (the preset parameter it edits) becomes data-control, which embeds use to pick controls.
 */
export function numberControl({ label, value, min, max, step, slider = true, onChange, onInvalid, name }) {
  const id = uniqueId("demo-num");
  const number = h("input", {
    id,
    type: "number",
    inputmode: "decimal",
    min,
    max,
    step: step ?? "any",
    value: String(value),
    class: "demo-number",
  });
  const range = slider
    ? h("input", {
        type: "range",
        min,
        max,
        step: step ?? "any",
        value: String(value),
        "aria-label": label,
        class: "demo-range",
      })
    : null;
  const setValid = (ok) => number.setAttribute("aria-invalid", ok ? "false" : "true");
  setValid(true);
  const accept = (raw, from) => {
    const parsed = raw.trim() === "" ? NaN : Number(raw);
    const ok = Number.isFinite(parsed) && (min === undefined || parsed >= min) && (max === undefined || parsed <= max);
    setValid(ok);
    if (!ok) {
      onInvalid?.(gettextf("%(label)s: enter a number from %(min)s to %(max)s.", { label, min, max }));
      return;
    }
    if (from !== number) number.value = String(parsed);
    if (range && from !== range) range.value = String(parsed);
    onChange(parsed);
  };
  number.addEventListener("input", () => accept(number.value, number));
  range?.addEventListener("input", () => accept(range.value, range));
  const element = h("div", { class: "demo-control", "data-control": name }, h("label", { for: id }, label), range, number);
  return {
    element,
    number,
    range,
    setValue(v) {
      number.value = String(v);
      if (range) range.value = String(v);
      setValid(true);
    },
    /** Flag the field for a problem only the demo can see (e.g. a step that gives too many points). */
    setInvalid(bad) {
      setValid(!bad);
    },
  };
}

/**
 * The problems a demo's inputs have right now, one per key, shown in its message line. While
 * there is any, the demo withdraws its results (see showResults) rather than show old ones.
 */
export function problemList(messageElement) {
  const problems = new Map();
  const render = () => {
    messageElement.textContent = joinSentences([...problems.values()]);
  };
  return {
    set(key, text) {
      if (text) problems.set(key, text);
      else problems.delete(key);
      render();
    },
    clear() {
      problems.clear();
      render();
    },
    has(key) {
      return problems.has(key);
    },
    get size() {
      return problems.size;
    },
  };
}

/**
 * Show or withdraw a demo's results. Text results are hidden (never an old array beside new
 * code); pictures are greyed. The message line says why.
 */
export function showResults({ texts = [], pictures = [] }, shown) {
  for (const node of texts) node.hidden = !shown;
  for (const node of pictures) node.classList.toggle("is-stale", !shown);
}

/** A labelled <select>; `name` becomes data-control, as in numberControl. */
export function selectControl({ label, value, options, onChange, name }) {
  const id = uniqueId("demo-select");
  const select = h(
    "select",
    { id, class: "demo-select", onchange: () => onChange(select.value) },
    options.map(([optionValue, text]) => h("option", { value: optionValue, selected: optionValue === value }, text)),
  );
  return { element: h("div", { class: "demo-control", "data-control": name }, h("label", { for: id }, label), select), select };
}

/**
 * Copy text to the clipboard; resolves to true when copied. Plain-http classroom servers have no
 * Clipboard API, so a hidden text field's copy command is tried next; failing both, the text in
 * `fallbackElement` is selected so the student can press Ctrl+C.
 */
export async function copyText(text, fallbackElement) {
  try {
    await navigator.clipboard.writeText(text);
    return true;
  } catch {
    if (copyWithCommand(text)) return true;
    if (fallbackElement && typeof fallbackElement.select === "function") {
      fallbackElement.focus();
      fallbackElement.select(); // a text field: the user can still press Ctrl+C
    } else if (fallbackElement) {
      const range = document.createRange();
      range.selectNodeContents(fallbackElement);
      const selection = window.getSelection();
      selection.removeAllRanges();
      selection.addRange(range);
    }
    return false;
  }
}

function copyWithCommand(text) {
  const area = document.createElement("textarea");
  area.value = text;
  area.setAttribute("readonly", "");
  area.style.position = "fixed";
  area.style.opacity = "0";
  document.body.appendChild(area);
  area.select();
  let copied = false;
  try {
    copied = document.execCommand("copy");
  } catch {
    copied = false;
  }
  area.remove();
  return copied;
}

const SVG_NS = "http://www.w3.org/2000/svg";

/** svg("line", {x1: 0, ...}, ...children) -> SVGElement (attributes set verbatim). */
export function svg(tag, attrs = {}, ...children) {
  const node = document.createElementNS(SVG_NS, tag);
  for (const [key, value] of Object.entries(attrs)) {
    if (value === undefined || value === null || value === false) continue;
    if (key.startsWith("on") && typeof value === "function") node.addEventListener(key.slice(2), value);
    else if (key === "text") node.textContent = value;
    else node.setAttribute(key, String(value));
  }
  for (const child of children.flat()) {
    if (child === null || child === undefined || child === false) continue;
    node.append(child instanceof Node ? child : document.createTextNode(String(child)));
  }
  return node;
}

/** A linear map from [d0, d1] to [r0, r1], with its inverse (for SVG plots and dragging). */
export function linearScale([d0, d1], [r0, r1]) {
  const scale = (v) => r0 + ((v - d0) / (d1 - d0)) * (r1 - r0);
  scale.invert = (p) => d0 + ((p - r0) / (r1 - r0)) * (d1 - d0);
  return scale;
}
