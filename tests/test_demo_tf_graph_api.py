"""The TensorFlow graph stepper: the lesson's graph on real TensorFlow, strict parameters."""

import os
import subprocess
import sys
from pathlib import Path

import pytest

URL = "/api/demos/tf-graph"
ROOT = Path(__file__).resolve().parents[1]

pytestmark = pytest.mark.slow  # TensorFlow start-up takes seconds


@pytest.fixture(scope="module")
def lesson_run():
    from demos.tf_graph import run_lesson_graph

    return run_lesson_graph(3, 0, 3, 3)


def test_defaults_print_9_18_27(client, lesson_run):
    body = client.get(URL).json()
    assert body == lesson_run
    assert [s["mul"] for s in body["steps"]] == [9, 18, 27]
    assert [s["add"] for s in body["steps"]] == [3, 6, 9]
    assert [s["assign"] for s in body["steps"]] == [3, 6, 9]
    assert [(s["val1_before"], s["val1_after"]) for s in body["steps"]] == [(0, 3), (3, 6), (6, 9)]
    assert [s["step"] for s in body["steps"]] == [1, 2, 3]
    assert not any(s["int32_overflow"] for s in body["steps"])


def test_engine_is_the_installed_tensorflow(lesson_run):
    import tensorflow as tf

    assert lesson_run["engine"] == f"tensorflow {tf.__version__}"


def test_nodes_are_the_lessons_six_from_the_graphdef(lesson_run):
    nodes = {n["name"]: n for n in lesson_run["nodes"]}
    assert list(nodes) == ["const1", "val1", "add", "assign", "input", "mul"]
    assert nodes["const1"]["op"] == "Const" and nodes["const1"]["inputs"] == []
    assert nodes["input"]["op"] == "Placeholder" and nodes["input"]["inputs"] == []
    assert nodes["val1"]["op"] in ("VarHandleOp", "VariableV2")
    assert set(nodes["add"]["inputs"]) == {"const1", "val1"}
    assert set(nodes["assign"]["inputs"]) == {"val1", "add"}
    assert set(nodes["mul"]["inputs"]) == {"assign", "input"}
    # Resource-variable helpers are folded into their variable, not shown as extra nodes.
    helpers = nodes["val1"]["helpers"]
    assert any("initial_value" in h for h in helpers)
    assert any(h.endswith("ReadVariableOp") for h in helpers)


def test_other_parameters(client):
    body = client.get(URL, {"a": "-2", "b": "5", "c": "10", "steps": "4"}).json()
    # val1: 5 -> 3 -> 1 -> -1 -> -3 ; mul = assign * 10
    assert [s["assign"] for s in body["steps"]] == [3, 1, -1, -3]
    assert [s["mul"] for s in body["steps"]] == [30, 10, -10, -30]


def test_int32_wraparound_is_reported_not_hidden(client):
    body = client.get(URL, {"a": "1000000", "b": "1000000", "c": "1000000", "steps": "20"}).json()
    last = body["steps"][-1]
    assert last["assign"] == 21_000_000
    assert last["int32_overflow"] is True
    wrapped = (21_000_000 * 1_000_000 + 2**31) % 2**32 - 2**31
    assert last["mul"] == wrapped


def test_results_are_cached_per_parameter_set():
    from demos.tf_graph import run_lesson_graph

    first = run_lesson_graph(1, 2, 3, 2)
    assert run_lesson_graph(1, 2, 3, 2) is first
    assert run_lesson_graph(1, 2, 4, 2) is not first


BAD = [
    ({"a": "3.5"}, "a"),
    ({"a": "1e3"}, "a"),
    ({"a": "three"}, "a"),
    ({"b": "1000001"}, "b"),
    ({"b": "-1000001"}, "b"),
    ({"c": "nan"}, "c"),
    ({"c": ""}, "c"),
    ({"c": "9" * 60}, "c"),
    ({"steps": "0"}, "steps"),
    ({"steps": "21"}, "steps"),
    ({"steps": "2.0"}, "steps"),
    ({"d": "1"}, "d"),
]


@pytest.mark.parametrize(("params", "name"), BAD)
def test_bad_parameters_get_400_naming_the_parameter(client, params, name):
    response = client.get(URL, params)
    assert response.status_code == 400
    assert name in response.json()["error"]


def test_graph_mode_stays_inside_its_graph():
    """Running the lesson graph leaves eager execution on for everyone else."""
    code = (
        "from demos.tf_graph import run_lesson_graph;"
        "import tensorflow as tf;"
        "r = run_lesson_graph(3, 0, 3, 3);"
        "print(tf.executing_eagerly(), [s['mul'] for s in r['steps']])"
    )
    env = {**os.environ, "TF_CPP_MIN_LOG_LEVEL": "3", "OPENBLAS_NUM_THREADS": "1"}
    out = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, env=env, check=True
    )
    assert out.stdout.strip().splitlines()[-1] == "True [9, 18, 27]"


def test_the_tf2_version_shown_on_the_page_prints_the_same():
    """The TF2 code the stepper shows beside the lesson's TF1 code really runs on TF2."""
    script = (
        "import { tf2Code } from './static/demos/tf_graph_model.js';"
        "process.stdout.write(tf2Code({ a: 3, b: 0, c: 3, steps: 3 }));"
    )
    code = subprocess.run(
        ["node", "--input-type=module", "-e", script],
        capture_output=True,
        text=True,
        check=True,
        cwd=ROOT,
    ).stdout
    assert "tf.function" in code and "tf.Variable" in code
    env = {**os.environ, "TF_CPP_MIN_LOG_LEVEL": "3", "OPENBLAS_NUM_THREADS": "1"}
    out = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, env=env, check=True
    )
    assert out.stdout.split() == ["9", "18", "27"]


def test_each_parameter_set_runs_on_tensorflow_once(client, monkeypatch):
    """One TensorFlow run per a, b, c serves every loop length (each is a prefix of 20 steps)."""
    from django.core.cache import cache

    from demos import tf_graph, tf_runner

    real = tf_graph.run_lesson_graph
    runs = []
    monkeypatch.setattr(
        tf_graph, "run_lesson_graph", lambda *args: runs.append(args) or real(*args)
    )
    cache.delete(tf_runner.cache_key(7, -1, 2))
    short = client.get(URL, {"a": "7", "b": "-1", "c": "2", "steps": "2"}).json()
    long = client.get(URL, {"a": "7", "b": "-1", "c": "2", "steps": "20"}).json()
    assert runs == [(7, -1, 2, 20)]
    assert long == real(7, -1, 2, 20)
    assert short == {**long, "steps": long["steps"][:2]}
    # The same loop run on its own in TensorFlow prints the same numbers.
    assert short == real(7, -1, 2, 2)
