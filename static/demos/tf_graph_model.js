// The TensorFlow graph stepper's pure part (no DOM): the lesson's code in TF1 and TF2 form, the
// diagram's layout and edges (from the API's nodes, which come from the real GraphDef), and the
// sequence of highlights for one sess.run() step.

export const API_URL = "/api/demos/tf-graph";
export const LESSON_PARAMS = Object.freeze({ a: 3, b: 0, c: 3, steps: 3 });
export const LIMITS = Object.freeze({ value: 1_000_000, steps: { min: 1, max: 20 } });

/** Where each lesson node sits in the 700×320 diagram (inputs on the left, the output on the right). */
export const LAYOUT = Object.freeze({
  const1: { x: 85, y: 60, shape: "constant" },
  val1: { x: 85, y: 215, shape: "variable" },
  add: { x: 265, y: 120, shape: "op" },
  assign: { x: 445, y: 120, shape: "op" },
  input: { x: 445, y: 270, shape: "placeholder" },
  mul: { x: 615, y: 195, shape: "op" },
});
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

/** Check parameters the way the API does; returns a list of { param, ja, en }. */
export function validateParams(params) {
  const errors = [];
  for (const key of ["a", "b", "c"]) {
    const v = params[key];
    if (!Number.isInteger(v) || Math.abs(v) > LIMITS.value) {
      errors.push({ param: key, ja: `${key} は −1000000 から 1000000 の整数です`, en: `${key} must be a whole number from -1000000 to 1000000` });
    }
  }
  if (!Number.isInteger(params.steps) || params.steps < LIMITS.steps.min || params.steps > LIMITS.steps.max) {
    errors.push({ param: "steps", ja: "steps は 1 から 20 の整数です", en: "steps must be a whole number from 1 to 20" });
  }
  return errors;
}

export function apiQuery(params) {
  return new URLSearchParams({ a: params.a, b: params.b, c: params.c, steps: params.steps }).toString();
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

export const TF2_NOTE = Object.freeze({
  ja: [
    "TensorFlow 2 は命令をその場で実行します（eager 実行）。グラフを組んでから Session で動かす TF1 の書き方は、tf.compat.v1 の下に移されました。",
    "そのため TF2 でレッスンのコードをそのまま動かすと AttributeError: module 'tensorflow' has no attribute 'placeholder' のように失敗します（tf.Session、tf.assign、tf.global_variables_initializer も同じ）。",
    "TF2 では、placeholder の代わりに関数の引数を、sess.run の代わりに関数の呼び出しを使います。@tf.function を付けると関数がグラフに変換されます。",
    "Magenta の古いコードにある tf.app.flags も TF2 にはありません。同じ機能は absl.flags（from absl import flags）にあります。",
  ],
  en: [
    "TensorFlow 2 runs operations eagerly, as they are called. TF1's build-a-graph-then-run-it-in-a-Session style moved under tf.compat.v1.",
    "So the lesson's code fails on TF2 as written, with AttributeError: module 'tensorflow' has no attribute 'placeholder' (tf.Session, tf.assign and tf.global_variables_initializer are gone too).",
    "In TF2 a function's arguments replace placeholders and calling the function replaces sess.run; @tf.function turns the function into a graph.",
    "tf.app.flags, used by older Magenta code, is gone as well; the same flags live in absl.flags (from absl import flags).",
  ],
});

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

/** The console line for a finished step. */
export function consoleLine(result) {
  return result.int32_overflow ? `${result.mul}  # int32 overflow: ${result.assign} × c wrapped around` : String(result.mul);
}
