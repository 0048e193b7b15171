// The TensorFlow graph stepper's parameters (no DOM): reading what a student types, checking it
// as the API does, and the shareable address (the query string) that carries what they see.

import { gettext, gettextf, joinSentences } from "../js/i18n.js";
import { specTable } from "./spec.js";

export const PARAM_KEYS = Object.freeze(["a", "b", "c", "steps"]);
export const LESSON_PARAMS = Object.freeze({ a: 3, b: 0, c: 3, steps: 3 });

/** Each parameter's field ({ min, max, default }), from the page's spec of "tf-graph". */
export function table(spec) {
  return specTable(spec, { keys: PARAM_KEYS });
}

// On a page with several demos (a lesson) the keys carry the demo's slug, as the embeds accept.
export const URL_PREFIX = "tf-graph.";
// The API reads whole numbers in plain decimal only ("1e3" and "2.0" are refused there too).
const WHOLE = /^[+-]?\d+$/;

function rangeHint({ min, max }) {
  return gettextf("Enter a whole number from %(min)s to %(max)s.", { min, max });
}

/**
 * What a student typed (or the address says) for `name`, as a whole number within `bounds`
 * (the spec's { min, max }): { value } or { error } with a message in the page's language.
 * `unreadable` is true when the browser could not read the text as a number at all (an
 * <input type=number> then reports "").
 */
export function readWhole(name, raw, bounds, { unreadable = false } = {}) {
  const text = String(raw ?? "").trim();
  let reason;
  if (unreadable) reason = gettextf("%(name)s is not a number.", { name });
  else if (text === "") reason = gettextf("%(name)s is empty.", { name });
  else if (!WHOLE.test(text)) {
    reason = gettextf("%(name)s = %(value)s is not a whole number.", { name, value: text });
  } else {
    const value = Number(text);
    if (value < bounds.min) reason = gettextf("%(name)s = %(value)s is too small.", { name, value: text });
    else if (value > bounds.max) reason = gettextf("%(name)s = %(value)s is too large.", { name, value: text });
    else return { value };
  }
  return { error: joinSentences([reason, rangeHint(bounds)]) };
}

/** Problems with a whole parameter set (e.g. a preset), as [{ param, message }]; `fields`: table(spec). */
export function validateParams(params, fields) {
  const problems = [];
  for (const key of PARAM_KEYS) {
    const result = readWhole(key, String(params[key]), fields[key]);
    if (result.error) problems.push({ param: key, message: result.error });
  }
  return problems;
}

/** The API's query: every parameter, so the server runs exactly this graph. */
export function apiQuery(params) {
  return new URLSearchParams(PARAM_KEYS.map((key) => [key, String(params[key])])).toString();
}

/**
 * The stepper's state from an address's query over `base`: { params, step, problems }.
 * `plainKeys`: the page holds only this demo, so `c=5` counts as well as `tf-graph.c=5` (the
 * embed's "open in Kanade" link and hand-written addresses use the plain form). A value that
 * cannot be used is ignored, with a message saying which one and why; the rest still applies.
 * `given` lists the keys the address set.
 */
export function readAddress(search, base, fields, { plainKeys = false } = {}) {
  const query = new URLSearchParams(search);
  const lookup = (key) => query.get(URL_PREFIX + key) ?? (plainKeys ? query.get(key) : null);
  const params = { ...base };
  const given = []; // the keys the address set (see writeAddress's `keep`)
  const problems = [];
  const ignored = (key, raw, error) =>
    problems.push(gettextf("The address's %(key)s=%(value)s was ignored. %(reason)s", { key, value: raw, reason: error }));
  for (const key of PARAM_KEYS) {
    const raw = lookup(key);
    if (raw === null) continue;
    const result = readWhole(key, raw, fields[key]);
    if (result.error) ignored(key, raw, result.error);
    else {
      params[key] = result.value;
      given.push(key);
    }
  }
  let step = 0;
  const rawStep = lookup("step");
  if (rawStep !== null) {
    const text = rawStep.trim();
    const value = WHOLE.test(text) ? Number(text) : NaN;
    if (Number.isInteger(value) && value >= 0 && value <= params.steps) step = value;
    else ignored("step", rawStep, gettextf("Enter a whole number from %(min)s to %(max)s.", { min: 0, max: params.steps }));
  }
  return { params, step, problems, given };
}

/**
 * The address's query with this stepper's state written in: the values that differ from `base`
 * and those in `keep` (keys the address or the student set: in an embed `base` already holds
 * the address's values, and dropping c=4 there would lose it on reload), and the step reached
 * when `withStep` (an embed's server checks its query against the demo's parameters, where the
 * step is not one). Other demos' keys are left as they are.
 */
export function writeAddress(search, params, step, base, { plainKeys = false, withStep = true, keep = [] } = {}) {
  const query = new URLSearchParams(search);
  for (const key of [...PARAM_KEYS, "step"]) {
    query.delete(URL_PREFIX + key);
    if (plainKeys) query.delete(key);
  }
  const keyFor = (key) => (plainKeys ? key : URL_PREFIX + key);
  for (const key of PARAM_KEYS) {
    if (params[key] !== base[key] || keep.includes(key)) query.set(keyFor(key), String(params[key]));
  }
  if (withStep && step > 0) query.set(keyFor("step"), String(step));
  return query.toString();
}

