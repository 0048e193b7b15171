// The TensorFlow graph stepper: the lesson's graph as an SVG diagram, driven by real TensorFlow
// results from the API. Step runs one sess.run(mul, ...) and lights the nodes in evaluation order.

import {
  API_URL,
  LAYOUT,
  LESSON_PARAMS,
  NODE_SIZE,
  LIMITS,
  TF2_NOTE,
  apiQuery,
  edgesFromNodes,
  stepPhases,
  tf1Lines,
  tf2Code,
  validateParams,
} from "./tf_graph_model.js";
import { ensureStyles, h, numberControl, svg, t, uniqueId } from "./ui.js";

const PHASE_MS = 150;
const NODE_LABELS = {
  ja: { const1: "定数", val1: "変数", add: "加算", assign: "代入", input: "入力", mul: "乗算" },
  en: { const1: "constant", val1: "variable", add: "add", assign: "assign", input: "placeholder", mul: "multiply" },
};

function nodeShape(name, place) {
  const { x, y, shape } = place;
  if (shape === "op") return svg("ellipse", { class: "tf-node-shape", cx: x, cy: y, rx: NODE_SIZE.op.rx, ry: NODE_SIZE.op.ry });
  const { rx: hw, ry: hh } = NODE_SIZE.box;
  const corner = shape === "placeholder" ? 14 : 4;
  return svg("rect", { class: `tf-node-shape tf-${shape}`, x: x - hw, y: y - hh, width: 2 * hw, height: 2 * hh, rx: corner });
}

/** How far from a node's centre its border is, in direction (dx, dy) of unit length. */
function borderDistance(place, dx, dy) {
  if (place.shape === "op") {
    const { rx, ry } = NODE_SIZE.op;
    return 1 / Math.hypot(dx / rx, dy / ry);
  }
  const { rx: hw, ry: hh } = NODE_SIZE.box;
  return Math.min(Math.abs(dx) > 1e-9 ? hw / Math.abs(dx) : Infinity, Math.abs(dy) > 1e-9 ? hh / Math.abs(dy) : Infinity);
}

/**
 * The path of an edge from border to border. Writes (assign -> variable) bend below the other
 * nodes, as the lesson's diagram draws the update arrow, so they never cross the add node.
 */
function edgeGeometry(from, to, kind) {
  const a = LAYOUT[from];
  const b = LAYOUT[to];
  const bend = kind === "write" ? { x: (a.x + b.x) / 2, y: Math.max(a.y, b.y) + 70 } : null;
  const towards = (p, q) => {
    const length = Math.hypot(q.x - p.x, q.y - p.y) || 1;
    return [(q.x - p.x) / length, (q.y - p.y) / length];
  };
  const [ux, uy] = towards(a, bend ?? b);
  const [vx, vy] = towards(b, bend ?? a);
  const start = { x: a.x + ux * (borderDistance(a, ux, uy) + 2), y: a.y + uy * (borderDistance(a, ux, uy) + 2) };
  const end = { x: b.x + vx * (borderDistance(b, vx, vy) + 4), y: b.y + vy * (borderDistance(b, vx, vy) + 4) };
  const d = bend ? `M${start.x},${start.y} Q${bend.x},${bend.y} ${end.x},${end.y}` : `M${start.x},${start.y} L${end.x},${end.y}`;
  // The label sits at the curve's midpoint (for a quadratic: (start + 2·bend + end) / 4).
  const label = bend
    ? { x: (start.x + 2 * bend.x + end.x) / 4, y: (start.y + 2 * bend.y + end.y) / 4 + 16 }
    : { x: (start.x + end.x) / 2, y: (start.y + end.y) / 2 - 7 };
  return { d, label };
}

export function mount(root, state, { lang = "ja" } = {}) {
  ensureStyles();
  const params = { ...LESSON_PARAMS, ...(state || {}) };
  const markerId = uniqueId("tf-arrow");
  let run = null; // the API's answer for the current params
  let done = 0; // steps finished
  let timer = 0;
  let pending = null; // phases still to show for the step in progress
  let request = 0;

  const message = h("p", { class: "demo-message", role: "status", "aria-live": "polite" });
  const engine = h("p", { class: "demo-note" });
  const consoleEl = h("pre", { class: "demo-output tf-console", "aria-live": "polite", "aria-label": t(lang, "出力", "Output") });
  const graph = svg("svg", { viewBox: "0 0 700 330", class: "tf-graph", role: "img", "aria-label": t(lang, "計算グラフ", "The computation graph") });
  const tf1 = h("pre", { class: "demo-output tf-code" });
  const tf2 = h("pre", { class: "demo-output tf-code" });
  const helpers = h("ul", { class: "tf-helpers" });
  const nodeEls = {};
  const edgeEls = {};
  let lineEls = {};

  const stepButton = h("button", { type: "button", class: "demo-button is-primary", onclick: () => stepOnce() }, t(lang, "ステップ", "Step"));
  const runAllButton = h("button", { type: "button", class: "demo-button", onclick: () => runAll() }, t(lang, "すべて実行", "Run all"));
  const resetButton = h("button", { type: "button", class: "demo-button", onclick: () => reset() }, t(lang, "リセット", "Reset"));
  const editable = ["c", "steps"].map((key) =>
    numberControl({
      label: key === "c" ? t(lang, "c（feed_dict で渡す値）", "c (fed through feed_dict)") : t(lang, "steps（ループの回数）", "steps (loop count)"),
      name: key,
      lang,
      value: params[key],
      min: key === "c" ? -LIMITS.value : LIMITS.steps.min,
      max: key === "c" ? LIMITS.value : LIMITS.steps.max,
      step: 1,
      slider: false,
      onChange: (v) => {
        params[key] = v;
        load();
      },
      onInvalid: (text) => (message.textContent = text),
    }),
  );

  function drawGraph(nodes) {
    const names = NODE_LABELS[lang === "en" ? "en" : "ja"];
    const defs = svg("defs", {}, svg("marker", { id: markerId, viewBox: "0 0 10 10", refX: 9, refY: 5, markerWidth: 7, markerHeight: 7, orient: "auto-start-reverse" }, svg("path", { d: "M0,0 L10,5 L0,10 z", class: "tf-arrowhead" })));
    const edgeGroup = edgesFromNodes(nodes).map((edge) => {
      const g = edgeGeometry(edge.from, edge.to, edge.kind);
      const label = svg("text", { class: "tf-edge-value", x: g.label.x, y: g.label.y, "text-anchor": "middle" });
      const line = svg("path", { d: g.d, class: `tf-edge tf-edge-${edge.kind}`, "marker-end": `url(#${markerId})` });
      edgeEls[edge.key] = { line, label };
      return svg("g", {}, line, label);
    });
    const nodeGroup = nodes.map((node) => {
      const place = LAYOUT[node.name];
      const value = svg("text", { class: "tf-node-value", x: place.x, y: place.y + 23, "text-anchor": "middle" });
      const group = svg(
        "g",
        { class: "tf-node", "data-node": node.name },
        nodeShape(node.name, place),
        svg("text", { class: "tf-node-name", x: place.x, y: place.y - 10, "text-anchor": "middle", text: node.name }),
        svg("text", { class: "tf-node-op", x: place.x, y: place.y + 5, "text-anchor": "middle", text: `${names[node.name]} · ${node.op}` }),
        value,
      );
      nodeEls[node.name] = { group, value };
      return group;
    });
    graph.replaceChildren(defs, ...edgeGroup, ...nodeGroup);
    helpers.replaceChildren(...nodes.map((n) => h("li", {}, h("code", {}, n.name), ` ← ${n.graph_node} (${n.op})${n.helpers.length ? ` + ${n.helpers.join(", ")}` : ""}`)));
  }

  function drawCode() {
    const lines = tf1Lines(params);
    lineEls = {};
    tf1.replaceChildren(
      ...lines.map((line) => {
        const el = h("span", { class: "tf-line" }, `${line.text}\n`);
        if (line.id) lineEls[line.id] = el;
        return el;
      }),
    );
    tf2.textContent = tf2Code(params);
  }

  function showPhase(phase) {
    for (const { group } of Object.values(nodeEls)) group.classList.remove("is-active");
    for (const el of Object.values(lineEls)) el.classList.remove("is-active");
    if (phase.node) nodeEls[phase.node]?.group.classList.add("is-active");
    lineEls[phase.line]?.classList.add("is-active");
    for (const [key, value] of Object.entries(phase.edges)) {
      const edge = edgeEls[key];
      if (!edge) continue;
      edge.label.textContent = String(value);
      edge.line.classList.add("has-value");
    }
    for (const [name, value] of Object.entries(phase.values)) {
      if (nodeEls[name]) nodeEls[name].value.textContent = `= ${value}`;
    }
    if (phase.print !== undefined) consoleEl.textContent += `${phase.print}\n`;
  }

  /** Forget the previous step's values; the constant and the variable keep theirs. */
  function clearStepValues() {
    for (const [name, { value }] of Object.entries(nodeEls)) if (name !== "const1" && name !== "val1") value.textContent = "";
    for (const { line, label } of Object.values(edgeEls)) {
      line.classList.remove("has-value");
      label.textContent = "";
    }
  }

  function clearValues() {
    for (const { group, value } of Object.values(nodeEls)) {
      group.classList.remove("is-active");
      value.textContent = "";
    }
    for (const { line, label } of Object.values(edgeEls)) {
      line.classList.remove("has-value");
      label.textContent = "";
    }
    for (const el of Object.values(lineEls)) el.classList.remove("is-active");
    if (nodeEls.const1) nodeEls.const1.value.textContent = `= ${params.a}`;
    if (nodeEls.val1) nodeEls.val1.value.textContent = `= ${params.b}`;
  }

  function finishPending() {
    clearTimeout(timer);
    while (pending && pending.length) showPhase(pending.shift());
    pending = null;
    updateButtons();
  }

  function playPhases(phases, then) {
    const instant = window.matchMedia?.("(prefers-reduced-motion: reduce)").matches;
    pending = phases;
    const next = () => {
      if (!pending) return;
      if (!pending.length) {
        pending = null;
        updateButtons();
        then?.();
        return;
      }
      showPhase(pending.shift());
      timer = setTimeout(next, instant ? 0 : PHASE_MS);
    };
    next();
  }

  function stepOnce(then) {
    if (!run) return;
    finishPending();
    if (done >= run.steps.length) return;
    const result = run.steps[done];
    done += 1;
    clearStepValues();
    updateButtons();
    playPhases(stepPhases(result, params), then);
  }

  function runAll() {
    const loop = () => {
      if (run && done < run.steps.length) stepOnce(loop);
    };
    loop();
  }

  function reset() {
    finishPending();
    done = 0;
    consoleEl.textContent = "";
    clearValues();
    lineEls["run-init"]?.classList.add("is-active");
    updateButtons();
  }

  function updateButtons() {
    const finished = !run || done >= run.steps.length;
    stepButton.disabled = finished;
    runAllButton.disabled = finished;
    stepButton.textContent = run ? `${t(lang, "ステップ", "Step")} (${Math.min(done + 1, run.steps.length)}/${run.steps.length})` : t(lang, "ステップ", "Step");
  }

  async function load() {
    const errors = validateParams(params);
    if (errors.length) {
      message.textContent = errors.map((e) => t(lang, e.ja, e.en)).join(" / ");
      return;
    }
    const mine = ++request;
    finishPending();
    run = null;
    updateButtons();
    drawCode();
    message.textContent = t(lang, "TensorFlow で計算グラフを実行しています…", "Running the graph on TensorFlow…");
    try {
      const response = await fetch(`${API_URL}?${apiQuery(params)}`, { headers: { Accept: "application/json" } });
      const body = await response.json();
      if (mine !== request) return; // a newer request superseded this one
      if (!response.ok) throw new Error(body.error || response.statusText);
      run = body;
      message.textContent = "";
      engine.textContent = t(lang, `実行エンジン: ${body.engine}（tf.compat.v1 のグラフとセッション）`, `Engine: ${body.engine} (a tf.compat.v1 graph and session)`);
      drawGraph(body.nodes);
      reset();
    } catch (error) {
      if (mine !== request) return;
      message.textContent = t(lang, `実行できませんでした: ${error.message}`, `Could not run the graph: ${error.message}`);
    }
  }

  const note = h("div", { class: "tf-note" }, TF2_NOTE[lang === "en" ? "en" : "ja"].map((text) => h("p", {}, text)));
  root.replaceChildren(
    h(
      "div",
      { class: "demo-widget demo-tf-graph" },
      h("div", { class: "demo-row" }, editable.map((c) => c.element)),
      h("p", { class: "demo-actions" }, stepButton, runAllButton, resetButton),
      message,
      graph,
      h("div", { class: "tf-console-box" }, h("p", { class: "tf-label" }, t(lang, "出力（print）", "Output (print)")), consoleEl),
      h(
        "div",
        { class: "tf-codes" },
        h("div", {}, h("p", { class: "tf-label" }, t(lang, "TF1（レッスンのコード）", "TF1 (the lesson's code)")), tf1),
        h("div", {}, h("p", { class: "tf-label" }, t(lang, "TF2 で書くと", "The same in TF2")), tf2, note),
      ),
      engine,
      h("details", {}, h("summary", {}, t(lang, "GraphDef のノード（補助ノードはまとめて表示）", "GraphDef nodes (helpers grouped)")), helpers),
    ),
  );
  drawCode();
  updateButtons();
  load();
  root.demo = {
    getConsole: () => consoleEl.textContent,
    getRun: () => run,
    stepsDone: () => done,
    getState: () => ({ a: params.a, b: params.b, c: params.c, steps: params.steps }),
  };
  return root.demo;
}
