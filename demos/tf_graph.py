"""The lesson's TensorFlow 1 computation graph, run on a real TensorFlow.

The lesson builds ``const1 + val1 -> add -> assign(val1) -> mul(assign, input)`` and runs ``mul``
three times with ``c = 3``, printing 9, 18, 27. TensorFlow 2 executes eagerly by default, so
the graph is built inside its own ``tf.Graph`` and run by a ``tf.compat.v1.Session`` bound to
it; eager mode is never switched off for the process.

One call runs the whole loop and records every node's value at every step (the trace); the
stepper in the browser steps through that trace, so a step never waits for the server.

TensorFlow is imported inside ``run_lesson_graph`` only: importing it takes seconds and
hundreds of megabytes, and no page view may pay for that.
"""

from __future__ import annotations

import functools
from typing import Any

# The lesson's six nodes, in the order the lesson introduces them.
LESSON_NODES = ("const1", "val1", "add", "assign", "input", "mul")


def _strip_input(name: str) -> tuple[str, bool]:
    """'^AssignVariableOp' -> ('AssignVariableOp', True); 'Add:0' -> ('Add', False)."""
    control = name.startswith("^")
    return name.lstrip("^").split(":")[0], control


def _helper_group(node: Any, owner: dict[str, str], variable: str) -> str | None:
    """The lesson node a helper belongs to, or None while its inputs are still unplaced."""
    data_inputs, control_inputs = [], []
    for raw in node.input:
        name, control = _strip_input(raw)
        (control_inputs if control else data_inputs).append(name)
    if node.op == "ReadVariableOp" and any(owner.get(n) == "assign" for n in control_inputs):
        return "assign"
    reads_variable = node.name.startswith(variable + "/") or variable in data_inputs
    runs_initializer = (
        node.op == "NoOp" and control_inputs and all(owner.get(n) == "val1" for n in control_inputs)
    )
    return "val1" if reads_variable or runs_initializer else None


def group_graph_nodes(graph_def: Any, roles: dict[str, str]) -> list[dict[str, Any]]:
    """Fold a GraphDef into the lesson's nodes.

    ``roles`` maps each lesson name to the GraphDef node that implements it (e.g. ``"add"`` ->
    ``"Add"``). Every other node is a helper and joins a lesson node:

    - a ``ReadVariableOp`` that waits (control input) on an assignment is how a resource
      variable hands out the value it was just assigned, so it belongs to that assignment;
    - any other node that reads the variable or lives under its name scope
      (``val1/Initializer/initial_value``, ``val1/Assign``, ``Add/ReadVariableOp``...) and the
      ``init`` no-op that runs the initializer belong to the variable.
    """
    by_name = {node.name: node for node in graph_def.node}
    owner = {real: lesson for lesson, real in roles.items()}
    changed = True
    while changed:  # helpers can depend on helpers (init -> val1/Assign), so iterate to a fixpoint
        changed = False
        for node in graph_def.node:
            if node.name in owner:
                continue
            group = _helper_group(node, owner, roles["val1"])
            if group:
                owner[node.name] = group
                changed = True

    nodes = []
    for lesson in LESSON_NODES:
        real = by_name[roles[lesson]]
        inputs = []
        for raw in real.input:
            name, control = _strip_input(raw)
            source = owner.get(name)
            if control or source is None or source == lesson or source in inputs:
                continue
            inputs.append(source)
        helpers = sorted(
            name for name, group in owner.items() if group == lesson and name != real.name
        )
        nodes.append(
            {
                "name": lesson,
                "op": real.op,
                "inputs": inputs,
                "graph_node": real.name,
                "helpers": helpers,
            }
        )
    unplaced = sorted(set(by_name) - set(owner))
    if unplaced:
        raise RuntimeError(f"GraphDef nodes not attributed to a lesson node: {', '.join(unplaced)}")
    return nodes


@functools.lru_cache(maxsize=256)
def run_lesson_graph(a: int = 3, b: int = 0, c: int = 3, steps: int = 3) -> dict[str, Any]:
    """Build the lesson's graph with ``a``, ``b``; run ``mul`` ``steps`` times feeding ``c``.

    Cached per parameter set: the graph is deterministic and a run costs a session start-up.
    Callers must not mutate the returned dict.
    """
    import tensorflow as tf

    v1 = tf.compat.v1
    with tf.Graph().as_default() as graph:
        const1 = v1.constant(a, name="const1")
        val1 = v1.Variable(b, name="val1")
        add = tf.add(const1, val1)
        assign = v1.assign(val1, add)
        feed = v1.placeholder(tf.int32, name="input")
        mul = tf.multiply(assign, feed)
        init = v1.global_variables_initializer()

        roles = {
            "const1": const1.op.name,
            "val1": val1.handle.op.name,
            "add": add.op.name,
            "assign": assign.op.name,
            "input": feed.op.name,
            "mul": mul.op.name,
        }
        nodes = group_graph_nodes(graph.as_graph_def(), roles)

        steps_out = []
        with v1.Session(graph=graph) as session:
            session.run(init)
            for step in range(1, steps + 1):
                before = int(session.run(val1))
                values = session.run(
                    {"add": add, "assign": assign, "mul": mul}, feed_dict={feed: c}
                )
                after = int(session.run(val1))
                mul_value = int(values["mul"])
                steps_out.append(
                    {
                        "step": step,
                        "val1_before": before,
                        "add": int(values["add"]),
                        "assign": int(values["assign"]),
                        "mul": mul_value,
                        "val1_after": after,
                        # int32 arithmetic wraps around silently; say so rather than hide it.
                        "int32_overflow": mul_value != int(values["assign"]) * c,
                    }
                )
    return {"engine": f"tensorflow {tf.__version__}", "nodes": nodes, "steps": steps_out}
