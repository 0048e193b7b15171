// A demo's inputs in the address bar, so that "copy the address" shares what the student sees.
// Each demo describes its inputs once, in a table (key -> kind, default, bounds), the way
// TensorFlow Playground's state.ts does; this module reads, checks and writes them. Pure except
// urlStateWriter (history.replaceState), so node --test covers the reading and the messages.
//
// Kinds:   number  { default, min, max, integer? }
//          numbers { default: [...], length, min, max }      written "4,-2,4,4"
//          choice  { default, choices: [...] }
//          text    { default, parse(text) -> value | null, example }  e.g. a matrix "0,1;2,3"
// Only values that differ from the table's default are written, so shared links stay short and
// a default that changes later still reaches old links. `prefix` namespaces the keys when
// several demos share a page ("arange.start").

import { gettextf, joinSentences } from "../js/i18n.js";

// Plain decimal notation, as the server's query parser accepts: no "1_000", "nan" or "inf".
const DECIMAL = /^[+-]?(\d+\.?\d*|\.\d+)([eE][+-]?\d+)?$/;
const WRITE_DELAY_MS = 250; // write once typing or dragging pauses, not on every input

/** A number written in the address ("0.1", "-2", "1e-7") -> the number, or NaN. */
export function parseNumber(text) {
  const trimmed = String(text).trim();
  return DECIMAL.test(trimmed) ? Number(trimmed) : NaN;
}

function rangeText(field) {
  return { min: field.min, max: field.max };
}

/** Why `value` does not fit `field` (a sentence for the student), or null when it fits. */
export function fieldProblem(key, field, value) {
  if (field.type === "number") {
    const inRange = Number.isFinite(value) && value >= field.min && value <= field.max;
    if (field.integer && !(inRange && Number.isInteger(value))) {
      return gettextf("%(key)s must be a whole number from %(min)s to %(max)s.", { key, ...rangeText(field) });
    }
    return inRange ? null : gettextf("%(key)s must be a number from %(min)s to %(max)s.", { key, ...rangeText(field) });
  }
  if (field.type === "numbers") {
    const fits = Array.isArray(value) && value.length === field.length && value.every((v) => Number.isFinite(v) && v >= field.min && v <= field.max);
    return fits
      ? null
      : gettextf("%(key)s must be %(n)s numbers from %(min)s to %(max)s, separated by commas.", { key, n: field.length, ...rangeText(field) });
  }
  if (field.type === "choice") {
    return field.choices.includes(value) ? null : gettextf("%(key)s must be one of: %(choices)s.", { key, choices: field.choices.join(", ") });
  }
  if (field.type === "text") {
    return value !== null && value !== undefined ? null : gettextf("%(key)s must look like %(example)s.", { key, example: field.example });
  }
  throw new Error(`unknown field type ${field.type}`);
}

/** Text from the address -> { value } or { error } (a sentence naming the key). */
export function parseField(key, field, raw) {
  let value;
  if (field.type === "number") value = parseNumber(raw);
  else if (field.type === "numbers") value = String(raw).split(",").map(parseNumber);
  else if (field.type === "text") value = field.parse(String(raw));
  else value = String(raw);
  const problem = fieldProblem(key, field, value);
  return problem ? { error: problem } : { value };
}

/** A value as the address writes it: numbers as JavaScript prints them, lists comma-joined. */
export function encodeField(field, value) {
  if (field.type === "numbers") return value.map(String).join(",");
  if (field.type === "text" && field.format) return field.format(value);
  return String(value);
}

function sameValue(a, b) {
  if (Array.isArray(a) || Array.isArray(b)) {
    return Array.isArray(a) && Array.isArray(b) && a.length === b.length && a.every((v, k) => sameValue(v, b[k]));
  }
  return a === b;
}

/** The table's defaults as a fresh object. */
export function tableDefaults(table) {
  return Object.fromEntries(Object.entries(table).map(([key, field]) => [key, structuredClone(field.default)]));
}

/**
 * Read a demo's state from a query string over `base` (the block's preset, or the defaults).
 * Each unusable value keeps its base value and adds { key, message }; `check(values)` (rules
 * across keys, returning [{ key, message }]) failing means the address as a whole is ignored.
 */
export function readUrlState(search, table, { prefix = "", base = tableDefaults(table), check = null } = {}) {
  const params = new URLSearchParams(search);
  const values = structuredClone(base);
  const errors = [];
  for (const [key, field] of Object.entries(table)) {
    const raw = params.get(prefix + key);
    if (raw === null) continue;
    const parsed = parseField(key, field, raw);
    if (parsed.error) errors.push({ key, message: parsed.error });
    else values[key] = parsed.value;
  }
  const problems = check ? check(values) : [];
  if (problems.length) return { values: structuredClone(base), errors: [...errors, ...problems] };
  return { values, errors };
}

/** One sentence for the student about what in the address was ignored, or "" when nothing was. */
export function urlErrorText(errors) {
  if (!errors.length) return "";
  return gettextf("Some values in the address were ignored: %(reasons)s", { reasons: joinSentences(errors.map((e) => e.message)) });
}

/** `search` with this demo's keys replaced by the values that differ from the table's defaults. */
export function searchWith(search, values, table, prefix = "") {
  const params = new URLSearchParams(search);
  for (const [key, field] of Object.entries(table)) {
    params.delete(prefix + key);
    if (values[key] !== undefined && !sameValue(values[key], field.default)) params.set(prefix + key, encodeField(field, values[key]));
  }
  // Commas and semicolons stay readable in a shared link; both are allowed in a query.
  return params.toString().replaceAll("%2C", ",").replaceAll("%3B", ";");
}

/** A function that writes `values` into the address bar once the input pauses. */
export function urlStateWriter(table, prefix = "", delay = WRITE_DELAY_MS) {
  let timer = 0;
  return (values) => {
    clearTimeout(timer);
    const snapshot = structuredClone(values);
    timer = setTimeout(() => {
      const query = searchWith(window.location.search, snapshot, table, prefix);
      const url = `${window.location.pathname}${query ? `?${query}` : ""}${window.location.hash}`;
      history.replaceState(history.state, "", url);
    }, delay);
  };
}

/** A preset's values in the table's own form (text kinds parsed), unknown keys dropped. */
export function presetValues(table, preset) {
  const values = tableDefaults(table);
  for (const [key, field] of Object.entries(table)) {
    const given = preset?.[key];
    if (given === undefined || given === null) continue;
    const value = field.type === "text" && typeof given === "string" ? field.parse(given) : given;
    if (!fieldProblem(key, field, value)) values[key] = structuredClone(value);
  }
  return values;
}

/**
 * What a demo needs at mount: its values (the preset, overridden by the address), the sentence
 * about anything in the address it ignored ("" if nothing), and the writer for later changes.
 */
export function startUrlState(table, preset, { prefix = "", check = null } = {}) {
  const base = presetValues(table, preset);
  const { values, errors } = readUrlState(window.location.search, table, { prefix, base, check });
  return { values, base, errorText: urlErrorText(errors), write: urlStateWriter(table, prefix) };
}

/**
 * The address-bar prefix of each demo on a page, given their slugs in page order: none for a
 * demo alone on its page (its demo page, an embed), else "<slug>." and "<slug>-2." for a repeat.
 */
export function urlPrefixes(slugs) {
  const seen = new Map();
  return slugs.map((slug) => {
    const count = (seen.get(slug) ?? 0) + 1;
    seen.set(slug, count);
    if (slugs.length === 1) return "";
    return count === 1 ? `${slug}.` : `${slug}-${count}.`;
  });
}
