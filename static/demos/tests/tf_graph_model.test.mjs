import assert from "node:assert/strict";
import { test } from "node:test";

import { LAYOUTS, consoleLine, edgesFromNodes, layoutFor, nodeRoles, stepPhases, tf1Lines, tf2Code, tf2Note } from "../tf_graph_model.js";
import { LESSON_PARAMS } from "../tf_graph_state.js";

// The shape of the API's "nodes" for the lesson graph (see tests/test_demo_tf_graph_api.py).
const NODES = [
  { name: "const1", op: "Const", inputs: [] },
  { name: "val1", op: "VarHandleOp", inputs: [] },
  { name: "add", op: "AddV2", inputs: ["const1", "val1"] },
  { name: "assign", op: "AssignVariableOp", inputs: ["val1", "add"] },
  { name: "input", op: "Placeholder", inputs: [] },
  { name: "mul", op: "Mul", inputs: ["assign", "input"] },
];
const STEP1 = { step: 1, val1_before: 0, add: 3, assign: 3, mul: 9, val1_after: 3, int32_overflow: false };

test("every lesson node has a place in both layouts, inside the picture, without overlaps", () => {
  const names = NODES.map((n) => n.name).sort();
  for (const [layoutName, layout] of Object.entries(LAYOUTS)) {
    assert.deepEqual(names.filter((name) => layout[name]), names, layoutName);
    const boxes = names.map((name) => {
      const { x, y, shape } = layout[name];
      const [rx, ry] = shape === "op" ? [72, 40] : [70, 34];
      assert.ok(x - rx >= 0 && x + rx <= layout.width && y - ry >= 0 && y + ry <= layout.height, `${layoutName} ${name}`);
      return { name, x0: x - rx, x1: x + rx, y0: y - ry, y1: y + ry };
    });
    for (const a of boxes) {
      for (const b of boxes) {
        if (a.name < b.name) {
          const apart = a.x1 <= b.x0 || b.x1 <= a.x0 || a.y1 <= b.y0 || b.y1 <= a.y0;
          assert.ok(apart, `${layoutName}: ${a.name} overlaps ${b.name}`);
        }
      }
    }
  }
  assert.equal(layoutFor(390), "tall");
  assert.equal(layoutFor(1000), "wide");
});

test("edges follow the GraphDef inputs; the assign writes back into the variable", () => {
  const edges = edgesFromNodes(NODES);
  assert.deepEqual(
    edges.map((e) => `${e.key}:${e.kind}`),
    ["const1>add:data", "val1>add:data", "assign>val1:write", "add>assign:data", "assign>mul:data", "input>mul:data"],
  );
});

test("one step lights the nodes in evaluation order and ends by printing mul", () => {
  const phases = stepPhases(STEP1, LESSON_PARAMS);
  assert.deepEqual(phases.filter((p) => p.node).map((p) => p.node), ["const1", "val1", "add", "assign", "input", "mul"]);
  const edgeValues = Object.assign({}, ...phases.map((p) => p.edges));
  assert.deepEqual(edgeValues, { "const1>add": 3, "val1>add": 0, "add>assign": 3, "assign>val1": 3, "assign>mul": 3, "input>mul": 3 });
  assert.equal(phases.at(-1).print, "9");
  // Every edge that carries a value exists in the diagram.
  const keys = new Set(edgesFromNodes(NODES).map((e) => e.key));
  for (const key of Object.keys(edgeValues)) assert.ok(keys.has(key), key);
  // Every highlighted line exists in the TF1 code.
  const lineIds = new Set(tf1Lines(LESSON_PARAMS).map((l) => l.id));
  for (const phase of phases) assert.ok(lineIds.has(phase.line), phase.line);
});

test("an int32 wrap-around is said out loud", () => {
  assert.equal(consoleLine(STEP1), "9");
  const wrapped = consoleLine({ ...STEP1, mul: 1904889856, assign: 21000000, int32_overflow: true });
  assert.match(wrapped, /^1904889856 {2}# int32 overflow: 21000000 × c/);
});

test("code panels show the current parameters", () => {
  const params = { a: 3, b: 0, c: 5, steps: 4 };
  const tf1 = tf1Lines(params).map((l) => l.text).join("\n");
  assert.match(tf1, /feed_dict=\{c: 5\}/);
  assert.match(tf1, /for i in range\(4\):/);
  assert.match(tf1, /tf\.placeholder\(tf\.int32, name='input'\)/);
  const tf2 = tf2Code(params);
  assert.match(tf2, /@tf\.function/);
  assert.match(tf2, /b = tf\.Variable\(0, name='val1'\)/);
  assert.match(tf2, /step\(tf\.constant\(5\)\)/);
  assert.doesNotMatch(tf2, /placeholder|Session|compat/);
  const note = tf2Note().join(" ");
  for (const word of ["placeholder", "tf.Session", "tf.app.flags", "tf.compat.v1", "absl.flags"]) {
    assert.ok(note.includes(word), word);
  }
});

test("every node of the diagram has a role name", () => {
  assert.deepEqual(Object.keys(nodeRoles()).sort(), NODES.map((n) => n.name).sort());
});
