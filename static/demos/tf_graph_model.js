// The TensorFlow graph stepper's pure part (no DOM): the lesson's code in TF1 and TF2 form, the
// diagram's layout and edges (from the API's nodes, which come from the real GraphDef), and what
// one sess.run() step shows, taken from the trace TensorFlow recorded for the whole loop.

import { gettext, gettextf } from "../js/i18n.js";

export const API_URL = "/api/demos/tf-graph";

/**
 * Where each lesson node sits. "wide" (700×330) reads left to right as the lesson's figure does;
 * "tall" (360×470) reads top to bottom, for a phone, where the wide one would shrink to half
 * size. `writeBend` is where the assign -> variable arrow curves to, clear of the other nodes.
 */
export const LAYOUTS = Object.freeze({
  wide: Object.freeze({
    width: 700,
    height: 330,
    writeBend: "below",
    const1: { x: 85, y: 60, shape: "constant" },
    val1: { x: 85, y: 215, shape: "variable" },
    add: { x: 265, y: 120, shape: "op" },
    assign: { x: 445, y: 120, shape: "op" },
    input: { x: 445, y: 270, shape: "placeholder" },
    mul: { x: 615, y: 195, shape: "op" },
  }),
  tall: Object.freeze({
    width: 360,
    height: 470,
    writeBend: "right",
    const1: { x: 85, y: 45, shape: "constant" },
    val1: { x: 275, y: 45, shape: "variable" },
    add: { x: 160, y: 160, shape: "op" },
    assign: { x: 160, y: 285, shape: "op" },
    input: { x: 85, y: 420, shape: "placeholder" },
    mul: { x: 265, y: 420, shape: "op" },
  }),
});
/** The layout for a diagram this many CSS pixels wide: the wide one only where it stays legible. */
export function layoutFor(widthPx) {
  return widthPx < 520 ? "tall" : "wide";
}
export const NODE_SIZE = Object.freeze({ op: { rx: 72, ry: 40 }, box: { rx: 70, ry: 34 } });

const VARIABLE_OPS = new Set(["VarHandleOp", "VariableV2", "Variable"]);

/**
 * Edges of the diagram from the API's nodes. A variable that feeds an Assign op is the target of a
 * write, so that edge is drawn from the assign back to the variable, as the lesson's diagram does.
 */
export function edgesFromNodes(nodes) {
  const byName = Object.fromEntries(nodes.map((n) => [n.name, n]));
  const edges = [];
  for (const node of nodes) {
    for (const source of node.inputs) {
      const write = node.op.startsWith("Assign") && VARIABLE_OPS.has(byName[source]?.op);
      edges.push(write ? { from: node.name, to: source, kind: "write" } : { from: source, to: node.name, kind: "data" });
    }
  }
  return edges.map((e) => ({ ...e, key: `${e.from}>${e.to}` }));
}

/** The lesson's TF1 program, line by line; `id` ties a line to the node it creates. */
export function tf1Lines({ a, b, c, steps }) {
  return [
    { id: "import", text: "import tensorflow as tf" },
    { id: "", text: "" },
    { id: "const1", text: `a = tf.constant(${a}, name='const1')` },
    { id: "val1", text: `b = tf.Variable(${b}, name='val1')` },
    { id: "add", text: "add = tf.add(a, b)" },
    { id: "assign", text: "assign = tf.assign(b, add)" },
    { id: "input", text: "c = tf.placeholder(tf.int32, name='input')" },
    { id: "mul", text: "mul = tf.multiply(assign, c)" },
    { id: "init", text: "init = tf.global_variables_initializer()" },
    { id: "", text: "" },
    { id: "session", text: "with tf.Session() as sess:" },
    { id: "run-init", text: "    sess.run(init)" },
    { id: "loop", text: `    for i in range(${steps}):` },
    { id: "print", text: `        print(sess.run(mul, feed_dict={c: ${c}}))` },
  ];
}

/** The same computation in TensorFlow 2 style: a tf.Variable and a tf.function (runs as-is on TF2). */
export function tf2Code({ a, b, c, steps }) {
  return `import tensorflow as tf

a = tf.constant(${a}, name='const1')
b = tf.Variable(${b}, name='val1')

@tf.function
def step(c):
    add = tf.add(a, b)
    assign = b.assign(add)
    return tf.multiply(assign, c)

for i in range(${steps}):
    print(step(tf.constant(${c})).numpy())
`;
}

/** Why the TF2 version looks different, one paragraph per entry, in the page's language. */
export function tf2Note() {
  return [
    gettext(
      "TensorFlow 2 runs operations eagerly, as they are called. TF1's build-a-graph-then-run-it-in-a-Session style moved under tf.compat.v1.",
    ),
    gettext(
      "So the lesson's code fails on TF2 as written, with AttributeError: module 'tensorflow' has no attribute 'placeholder' (tf.Session, tf.assign and tf.global_variables_initializer are gone too).",
    ),
    gettext(
      "In TF2 a function's arguments replace placeholders and calling the function replaces sess.run; @tf.function turns the function into a graph.",
    ),
    gettext(
      "tf.app.flags, used by older Magenta code, is gone as well; the same flags live in absl.flags (from absl import flags).",
    ),
  ];
}

/**
 * What happens, in order, during one sess.run(mul, feed_dict={c: …}): which node evaluates, which
 * code line made it, the values that travel along the edges, and what is printed at the end.
 */
export function stepPhases(result, params) {
  return [
    { node: null, line: "print", edges: {}, values: {} },
    { node: "const1", line: "const1", edges: { "const1>add": params.a }, values: { const1: params.a } },
    { node: "val1", line: "val1", edges: { "val1>add": result.val1_before }, values: { val1: result.val1_before } },
    { node: "add", line: "add", edges: { "add>assign": result.add }, values: { add: result.add } },
    { node: "assign", line: "assign", edges: { "assign>val1": result.assign, "assign>mul": result.assign }, values: { assign: result.assign, val1: result.val1_after } },
    { node: "input", line: "input", edges: { "input>mul": params.c }, values: { input: params.c } },
    { node: "mul", line: "mul", edges: {}, values: { mul: result.mul } },
    { node: null, line: "print", edges: {}, values: {}, print: consoleLine(result) },
  ];
}

/** The console line for a finished step; an int32 wrap-around gets a comment saying so. */
export function consoleLine(result) {
  if (!result.int32_overflow) return String(result.mul);
  const note = gettextf("int32 overflow: %(assign)s × c is too large and wrapped around", { assign: result.assign });
  return `${result.mul}  # ${note}`;
}

/** The diagram's word for each lesson node (its TensorFlow op name is shown beside it). */
export function nodeRoles() {
  return {
    const1: gettext("constant"),
    val1: gettext("variable"),
    add: gettext("add"),
    assign: gettext("assign"),
    input: gettext("placeholder"),
    mul: gettext("multiply"),
  };
}
