// The TensorFlow graph stepper: the lesson's TF1 graph as an SVG diagram, driven by real
// TensorFlow. For each parameter set the server runs the whole Session loop once and returns
// the value of every node at every step (the trace); Step then shows the next recorded step at
// once, without asking the server again.

import { gettext, gettextf, joinSentences } from "../js/i18n.js";
import { TfDiagram } from "./tf_graph_diagram.js";
import { API_URL, consoleLine, layoutFor, stepPhases, tf1Lines, tf2Code, tf2Note } from "./tf_graph_model.js";
import { PARAM_KEYS, apiQuery, readAddress, readWhole, table, validateParams, writeAddress } from "./tf_graph_state.js";
import { ensureStyles, h, uniqueId } from "./ui.js";

const LOAD_DELAY_MS = 250; // ask TensorFlow once typing pauses, not for every keystroke
const URL_DELAY_MS = 250;

function fieldLabels() {
  return {
    a: gettext("a (the value of tf.constant)"),
    b: gettext("b (the first value of tf.Variable)"),
    c: gettext("c (fed through feed_dict)"),
    steps: gettext("steps (loop count)"),
  };
}

/** A labelled whole-number box whose problems are shown under it and tied to it for screen readers. */
function wholeNumberField(key, label, value, bounds, onInput) {
  const id = uniqueId(`tf-${key}`);
  const input = h("input", {
    id,
    type: "number",
    step: 1,
    min: bounds.min,
    max: bounds.max,
    value: String(value),
    class: "demo-number",
    "aria-invalid": "false",
    "aria-describedby": `${id}-error`,
  });
  const error = h("p", { id: `${id}-error`, class: "tf-field-error", hidden: true });
  input.addEventListener("input", () => onInput(readWhole(key, input.value, bounds, { unreadable: input.validity.badInput })));
  return {
    element: h("div", { class: "demo-control tf-field", "data-control": key }, h("label", { for: id }, label), input, error),
    input,
    showError(text) {
      input.setAttribute("aria-invalid", text ? "true" : "false");
      error.textContent = text || "";
      error.hidden = !text;
    },
  };
}

export function mount(root, state, { spec } = {}) {
  ensureStyles();
  const specFields = table(spec); // bounds and defaults from the page's spec
  const base = { ...Object.fromEntries(PARAM_KEYS.map((key) => [key, specFields[key].default])), ...(state || {}) };
  // A page that holds only this demo (its own page, an embed) uses the plain keys c=, steps=.
  const alone = document.querySelectorAll("[data-demo]").length <= 1;
  const inEmbed = document.documentElement.classList.contains("kanade-embed");
  const fromAddress = readAddress(window.location.search, base, specFields, { plainKeys: alone });
  const params = { ...fromAddress.params };
  const explicit = new Set(fromAddress.given); // keys the address must keep, even at their base value
  const invalid = {}; // key -> message, for what is typed but cannot be run
  let trace = null; // the API's answer for `params`: nodes and the recorded steps
  let done = 0; // steps shown
  let stepToRestore = fromAddress.step;
  let request = 0; // sequence number: only the newest answer may change the page
  let controller = null;
  let loadTimer = 0;
  let urlTimer = 0;

  const message = h("p", { class: "demo-message tf-message", role: "status", "aria-live": "polite" });
  const addressNote = h("p", { class: "tf-address-note", role: "status", hidden: true });
  const engine = h("p", { class: "demo-note" });
  const consoleEl = h("pre", { class: "demo-output tf-console", "aria-live": "polite", "aria-label": gettext("Output") });
  const tf1 = h("pre", { class: "demo-output tf-code" });
  const tf2 = h("pre", { class: "demo-output tf-code" });
  const diagram = new TfDiagram();
  let lineEls = {};

  const stepButton = h("button", { type: "button", class: "demo-button is-primary", onclick: () => step() }, gettext("Step"));
  const runAllButton = h("button", { type: "button", class: "demo-button", onclick: () => runAll() }, gettext("Run all"));
  const resetButton = h("button", { type: "button", class: "demo-button", onclick: () => reset() }, gettext("Reset"));
  const retryButton = h("button", { type: "button", class: "demo-button", hidden: true, onclick: () => load() }, gettext("Try again"));
  const labels = fieldLabels();
  const fields = Object.fromEntries(
    PARAM_KEYS.map((key) => [key, wholeNumberField(key, labels[key], params[key], specFields[key], (result) => edit(key, result))]),
  );
  const results = h(
    "div",
    { class: "tf-results" },
    diagram.element,
    h("div", { class: "tf-console-box" }, h("p", { class: "tf-label" }, gettext("Output (print)")), consoleEl),
  );

  function edit(key, result) {
    if (result.error) {
      invalid[key] = result.error;
    } else {
      delete invalid[key];
      params[key] = result.value;
      explicit.add(key);
    }
    fields[key].showError(result.error);
    clearTimeout(loadTimer);
    if (Object.keys(invalid).length) {
      // What is on screen belongs to the last values that ran: grey it and refuse to step it.
      cancelRequest();
      results.classList.add("is-stale");
      message.textContent = gettext("Fix the marked value to run the graph again.");
      updateButtons();
      return;
    }
    drawCode();
    trace = null;
    updateButtons();
    message.textContent = gettext("Running the graph on TensorFlow…");
    loadTimer = setTimeout(load, LOAD_DELAY_MS);
    done = 0;
    scheduleAddress();
  }

  function drawCode() {
    lineEls = {};
    tf1.replaceChildren(
      ...tf1Lines(params).map((line) => {
        const el = h("span", { class: "tf-line" }, `${line.text}\n`);
        if (line.id) lineEls[line.id] = el;
        return el;
      }),
    );
    tf2.textContent = tf2Code(params);
  }

  function highlightLine(id) {
    for (const el of Object.values(lineEls)) el.classList.remove("is-active");
    lineEls[id]?.classList.add("is-active");
  }

  function canStep() {
    return trace !== null && !Object.keys(invalid).length && done < trace.steps.length;
  }

  /** Show the next recorded step: its values on the diagram, its print in the console. */
  function showNext({ animate }) {
    const result = trace.steps[done];
    done += 1;
    diagram.showStep(stepPhases(result, params), { animate });
    consoleEl.textContent += `${consoleLine(result)}\n`;
    highlightLine("print");
  }

  function step() {
    if (!canStep()) return;
    showNext({ animate: true });
    afterSteps();
  }

  function runAll() {
    if (!canStep()) return;
    while (done < trace.steps.length - 1) showNext({ animate: false });
    showNext({ animate: true });
    afterSteps();
  }

  function afterSteps() {
    updateButtons();
    if (done === trace.steps.length) message.textContent = gettext("The loop has finished. Press Reset to run it again.");
    scheduleAddress();
  }

  function reset() {
    if (!trace) return;
    done = 0;
    consoleEl.textContent = "";
    diagram.showStart(params);
    highlightLine("run-init");
    if (!Object.keys(invalid).length) message.textContent = "";
    updateButtons();
    scheduleAddress();
  }

  function updateButtons() {
    const blocked = !canStep();
    stepButton.disabled = blocked;
    runAllButton.disabled = blocked;
    resetButton.disabled = trace === null || Object.keys(invalid).length > 0;
    stepButton.textContent = trace
      ? gettextf("Step (%(k)s/%(n)s)", { k: Math.min(done + 1, trace.steps.length), n: trace.steps.length })
      : gettext("Step");
  }

  function cancelRequest() {
    request += 1; // an answer still on its way now belongs to an older request
    controller?.abort();
    controller = null;
  }

  async function load() {
    cancelRequest();
    const mine = request;
    controller = new AbortController();
    trace = null;
    results.classList.add("is-stale");
    retryButton.hidden = true;
    updateButtons();
    message.textContent = gettext("Running the graph on TensorFlow…");
    let body;
    try {
      const response = await fetch(`${API_URL}?${apiQuery(params)}`, { headers: { Accept: "application/json" }, signal: controller.signal });
      body = await response.json().catch(() => null);
      if (mine !== request) return;
      if (!response.ok || !body) throw new Error(failureText(response.status));
    } catch (error) {
      if (mine !== request) return; // aborted or superseded: a newer request speaks for the page
      message.textContent = error.name === "TypeError" ? gettext("Could not reach the server. Check the connection and try again.") : error.message;
      retryButton.hidden = false;
      return;
    }
    trace = body;
    results.classList.remove("is-stale");
    engine.textContent = gettextf("Engine: %(engine)s (a tf.compat.v1 graph and session)", { engine: body.engine });
    diagram.draw(body.nodes);
    reset();
    if (stepToRestore > 0) {
      while (done < Math.min(stepToRestore, trace.steps.length)) showNext({ animate: false });
      stepToRestore = 0;
      afterSteps();
    }
  }

  function failureText(status) {
    if (status === 503) return gettext("TensorFlow is not available on this server, so the graph cannot run here.");
    return gettextf("TensorFlow could not run the graph (HTTP %(status)s). Try again in a moment.", { status });
  }

  function scheduleAddress() {
    clearTimeout(urlTimer);
    urlTimer = setTimeout(() => {
      const query = writeAddress(window.location.search, params, done, base, {
        plainKeys: alone,
        withStep: !inEmbed,
        keep: [...explicit],
      });
      const { pathname, hash } = window.location;
      history.replaceState(history.state, "", `${pathname}${query ? `?${query}` : ""}${hash}`);
    }, URL_DELAY_MS);
  }

  const problems = [...fromAddress.problems, ...validateParams(params, specFields).map((p) => p.message)];
  if (problems.length) {
    addressNote.textContent = joinSentences(problems);
    addressNote.hidden = false;
  }
  root.replaceChildren(
    h(
      "div",
      { class: "demo-widget demo-tf-graph" },
      h("div", { class: "demo-row tf-fields" }, PARAM_KEYS.map((key) => fields[key].element)),
      h("p", { class: "demo-actions" }, stepButton, runAllButton, resetButton, retryButton),
      message,
      addressNote,
      results,
      h(
        "div",
        { class: "tf-codes" },
        h("div", {}, h("p", { class: "tf-label" }, gettext("TF1 (the lesson's code)")), tf1),
        h("div", {}, h("p", { class: "tf-label" }, gettext("The same in TF2")), tf2, h("div", { class: "tf-note" }, tf2Note().map((text) => h("p", {}, text)))),
      ),
      engine,
      h("details", {}, h("summary", {}, gettext("GraphDef nodes (helpers grouped)")), diagram.helpers),
    ),
  );
  drawCode();
  updateButtons();
  new ResizeObserver(() => diagram.setLayout(layoutFor(results.clientWidth))).observe(results);
  diagram.setLayout(layoutFor(results.clientWidth));
  if (validateParams(params, specFields).length) {
    // A preset outside the bounds: show which value, and run nothing until it is fixed.
    for (const problem of validateParams(params, specFields)) edit(problem.param, { error: problem.message });
  } else {
    load();
  }

  // Read-only handle for tests and the benchmark.
  root.demo = {
    getConsole: () => consoleEl.textContent,
    getRun: () => trace,
    stepsDone: () => done,
    getState: () => ({ a: params.a, b: params.b, c: params.c, steps: params.steps }),
  };
  return root.demo;
}
