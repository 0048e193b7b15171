// The lesson's graph as an SVG diagram: nodes where LAYOUTS puts them, edges from the GraphDef's
// inputs, and the values of one sess.run() written onto them. A step's values appear at once;
// the evaluation order is replayed as a short highlight that moves from node to node.

import { gettext } from "../js/i18n.js";
import { LAYOUTS, NODE_SIZE, edgesFromNodes, nodeRoles } from "./tf_graph_model.js";
import { h, svg, uniqueId } from "./ui.js";

// Each node lights up this long after the one evaluated before it (the CSS reads --tf-order-delay).
const ORDER_DELAY_MS = 90;

function nodeShape(place) {
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

/** Where a write (assign -> variable) curves to: below the nodes, or to their right. */
function writeBend(layout, a, b) {
  if (layout.writeBend === "right") return { x: Math.max(a.x, b.x) + 80, y: (a.y + b.y) / 2 + 30 };
  return { x: (a.x + b.x) / 2, y: Math.max(a.y, b.y) + 70 };
}

/**
 * The path of an edge from border to border. Writes (assign -> variable) bend around the other
 * nodes, as the lesson's diagram draws the update arrow, so they never cross the add node.
 */
function edgeGeometry(layout, from, to, kind) {
  const a = layout[from];
  const b = layout[to];
  const bend = kind === "write" ? writeBend(layout, a, b) : null;
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
  const middle = bend && { x: (start.x + 2 * bend.x + end.x) / 4, y: (start.y + 2 * bend.y + end.y) / 4 };
  let label = { x: (start.x + end.x) / 2, y: (start.y + end.y) / 2 - 7 };
  if (bend) label = layout.writeBend === "right" ? { x: middle.x + 14, y: middle.y + 5 } : { x: middle.x, y: middle.y + 16 };
  return { d, label };
}

/** Restart a CSS animation on `el` (removing and re-adding the class alone does not). */
function replay(el, className) {
  el.classList.remove(className);
  void el.getBoundingClientRect();
  el.classList.add(className);
}

export class TfDiagram {
  constructor() {
    this.markerId = uniqueId("tf-arrow");
    this.element = svg("svg", { class: "tf-graph", role: "img", "aria-label": gettext("The computation graph") });
    this.helpers = h("ul", { class: "tf-helpers" });
    this.layoutName = "wide";
    this.nodes = {};
    this.edges = {};
    this.graphNodes = null; // the API's nodes, to redraw in another layout
    this.shown = null; // what showStart / showStep last wrote, to write it again after a redraw
  }

  /** Switch between the wide and the tall layout, keeping what the diagram shows. */
  setLayout(name) {
    if (name === this.layoutName) return;
    this.layoutName = name;
    if (!this.graphNodes) return;
    const shown = this.shown;
    this.draw(this.graphNodes);
    if (shown?.params) this.showStart(shown.params);
    if (shown?.phases) this.showStep(shown.phases, { animate: false });
  }

  /** Draw the graph from the API's nodes (the GraphDef folded into the lesson's six). */
  draw(nodes) {
    this.graphNodes = nodes;
    this.shown = null;
    const layout = LAYOUTS[this.layoutName];
    this.element.setAttribute("viewBox", `0 0 ${layout.width} ${layout.height}`);
    this.element.classList.toggle("is-tall", this.layoutName === "tall");
    const roles = nodeRoles();
    const marker = svg(
      "marker",
      { id: this.markerId, viewBox: "0 0 10 10", refX: 9, refY: 5, markerWidth: 7, markerHeight: 7, orient: "auto-start-reverse" },
      svg("path", { d: "M0,0 L10,5 L0,10 z", class: "tf-arrowhead" }),
    );
    this.edges = {};
    this.nodes = {};
    const edgeGroups = edgesFromNodes(nodes).map((edge) => {
      const g = edgeGeometry(layout, edge.from, edge.to, edge.kind);
      const label = svg("text", { class: "tf-edge-value", x: g.label.x, y: g.label.y, "text-anchor": "middle" });
      const line = svg("path", { d: g.d, class: `tf-edge tf-edge-${edge.kind}`, "marker-end": `url(#${this.markerId})` });
      this.edges[edge.key] = { line, label };
      return svg("g", {}, line, label);
    });
    const nodeGroups = nodes.map((node) => {
      const place = layout[node.name];
      const value = svg("text", { class: "tf-node-value", x: place.x, y: place.y + 23, "text-anchor": "middle" });
      const group = svg(
        "g",
        { class: "tf-node", "data-node": node.name },
        nodeShape(place),
        svg("text", { class: "tf-node-name", x: place.x, y: place.y - 10, "text-anchor": "middle", text: node.name }),
        svg("text", { class: "tf-node-op", x: place.x, y: place.y + 5, "text-anchor": "middle", text: `${roles[node.name]} · ${node.op}` }),
        value,
      );
      this.nodes[node.name] = { group, value };
      return group;
    });
    this.element.replaceChildren(svg("defs", {}, marker), ...edgeGroups, ...nodeGroups);
    this.helpers.replaceChildren(
      ...nodes.map((n) => h("li", {}, h("code", {}, n.name), ` ← ${n.graph_node} (${n.op})${n.helpers.length ? ` + ${n.helpers.join(", ")}` : ""}`)),
    );
  }

  /** Before the first step: only the constant and the variable's initial value are known. */
  showStart(params) {
    this.shown = { params };
    for (const { group, value } of Object.values(this.nodes)) {
      group.classList.remove("is-flowing");
      value.textContent = "";
    }
    this.clearEdges();
    if (this.nodes.const1) this.nodes.const1.value.textContent = `= ${params.a}`;
    if (this.nodes.val1) this.nodes.val1.value.textContent = `= ${params.b}`;
  }

  clearEdges() {
    for (const { line, label } of Object.values(this.edges)) {
      line.classList.remove("has-value");
      label.textContent = "";
    }
  }

  /**
   * Write one step's values (the phases of stepPhases) onto the diagram at once; when `animate`,
   * light the nodes up in evaluation order. Returns nothing to wait for: the values are final.
   */
  showStep(phases, { animate = true } = {}) {
    this.shown = { ...this.shown, phases };
    this.clearEdges();
    let order = 0;
    for (const phase of phases) {
      for (const [key, value] of Object.entries(phase.edges)) {
        const edge = this.edges[key];
        if (!edge) continue;
        edge.label.textContent = String(value);
        edge.line.classList.add("has-value");
      }
      for (const [name, value] of Object.entries(phase.values)) {
        if (this.nodes[name]) this.nodes[name].value.textContent = `= ${value}`;
      }
      const node = phase.node && this.nodes[phase.node];
      if (!node) continue;
      node.group.style.setProperty("--tf-order-delay", `${order * ORDER_DELAY_MS}ms`);
      order += 1;
      if (animate) replay(node.group, "is-flowing");
      else node.group.classList.remove("is-flowing");
    }
  }
}
