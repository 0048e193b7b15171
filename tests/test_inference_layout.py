"""The shape of ``inference/``: imports point one way, and a new model is one module + one line.

The second half is the "Adding a model" recipe of docs/models.md run for real: a tiny model is
declared here (this module is its module), registered with one ``CONFIG_MAP`` line, and trained
by the real command line on data this test writes (never ../shared/data); its checkpoint and
card must come back and load.
"""

from __future__ import annotations

import ast
import json
from dataclasses import replace
from pathlib import Path

import pytest

from inference import configs, train
from inference.music import MELODY_NUM_CLASSES
from inference.rnn.config import RnnConfig
from inference.training.datasets import load_melodies
from tests.test_vae_training import write_melody_fixture

PACKAGE = Path(__file__).resolve().parent.parent / "inference"
FORBIDDEN = ("django", "courses", "webapp")  # inference sits below the web side


def module_name(path: Path) -> str:
    parts = path.relative_to(PACKAGE.parent).with_suffix("").parts
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


def modules() -> dict[str, Path]:
    return {module_name(path): path for path in sorted(PACKAGE.rglob("*.py"))}


def imports_of(name: str, path: Path, known: dict[str, Path]) -> set[str]:
    """Every module (of any package) ``path`` imports, at any depth of its code."""
    package = name if path.name == "__init__.py" else name.rpartition(".")[0]
    found = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            found |= {alias.name for alias in node.names}
        elif isinstance(node, ast.ImportFrom):
            base = node.module or ""
            if node.level:
                anchor = package.split(".")[: len(package.split(".")) - node.level + 1]
                base = ".".join(anchor + ([node.module] if node.module else []))
            for alias in node.names:
                # "from package import module" imports the module; else the name is in base.
                found.add(f"{base}.{alias.name}" if f"{base}.{alias.name}" in known else base)
    return found


def import_graph() -> dict[str, set[str]]:
    known = modules()
    graph = {}
    for name, path in known.items():
        targets = set()
        for target in imports_of(name, path, known) & set(known):
            # Importing a.b.c runs the __init__ of a and a.b first: those are edges too, except
            # the importer's own packages (which are already running).
            parts = target.split(".")
            for depth in range(1, len(parts) + 1):
                prefix = ".".join(parts[:depth])
                if not name.startswith(prefix + ".") and prefix != name:
                    targets.add(prefix)
        graph[name] = targets
    return graph


def find_cycle(graph: dict[str, set[str]]) -> list[str] | None:
    state: dict[str, int] = {}  # 1: on the current path, 2: done
    path: list[str] = []

    def visit(node: str) -> list[str] | None:
        state[node] = 1
        path.append(node)
        for target in sorted(graph.get(node, ())):
            if state.get(target) == 1:
                return path[path.index(target) :] + [target]
            if target not in state and (cycle := visit(target)):
                return cycle
        path.pop()
        state[node] = 2
        return None

    for node in sorted(graph):
        if node not in state and (cycle := visit(node)):
            return cycle
    return None


def test_the_cycle_finder_finds_cycles():
    assert find_cycle({"a": {"b"}, "b": {"c"}, "c": {"a"}}) == ["a", "b", "c", "a"]
    assert find_cycle({"a": {"b"}, "b": {"c"}, "c": set()}) is None


def test_inference_has_no_import_cycle():
    graph = import_graph()
    assert "inference.music.representation" in graph["inference.music.midi_io"]
    assert find_cycle(graph) is None, " -> ".join(find_cycle(graph))


def test_inference_never_imports_the_web_side():
    known = modules()
    for name, path in known.items():
        bad = {m for m in imports_of(name, path, known) if m.split(".")[0] in FORBIDDEN}
        assert not bad, f"{name} imports {sorted(bad)}"


def test_no_inference_module_is_over_400_lines():
    long = {
        name: n
        for name, path in modules().items()
        if (n := len(path.read_text().splitlines())) > 400
    }
    assert not long, long


def test_configs_do_not_import_tensorflow():
    import subprocess
    import sys

    code = (
        "import sys, inference.configs, inference.train, inference.shared.checkpoints;"
        "print(sorted(m for m in ('tensorflow', 'keras', 'django') if m in sys.modules))"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "[]"


# --- adding a model: this module + one registry line -------------------------------------

TINY = configs.ModelSpec(
    name="tiny_melody_rnn",
    family="rnn",
    network=RnnConfig(
        name="tiny_attention_rnn",
        kind="melody",
        num_classes=MELODY_NUM_CLASSES,
        layer_sizes=(8,),
        attn_length=4,
        attn_score_size=4,
        counter_bits=4,
        embed_dim=8,
        dropout=0.0,
    ),
    corpus=configs.MELODIES,
    load_data=load_melodies,
    purpose="Generates tiny test melodies one 16th-note step at a time",
    style="scales written by a test",
    transpose=2,
)


@pytest.fixture
def registered(monkeypatch):
    monkeypatch.setitem(configs.CONFIG_MAP, TINY.name, TINY)  # the one registry line
    return TINY


def test_a_registered_model_is_listed_by_both_training_commands(registered, capsys):
    for module in ("train", "vae_train"):
        main = __import__(f"inference.{module}", fromlist=["main"]).main
        with pytest.raises(SystemExit):
            main(["--help"])
        listed = capsys.readouterr().out
        assert all(name in listed for name in [*configs.CONFIG_MAP, "tiny_melody_rnn"])


def test_a_model_defined_in_one_module_trains_writes_its_card_and_loads(registered, tmp_path):
    from inference.rnn.generate import continue_sequence
    from inference.rnn.model import load_model

    data, out = tmp_path / "melodies", tmp_path / "tiny_melody_rnn"
    write_melody_fixture(data)
    argv = [TINY.name, "--data", str(data), "--out", str(out), "--work-dir", str(tmp_path / "w")]
    argv += ["--epochs", "2", "--steps-per-epoch", "2", "--batch-size", "4", "--window", "16"]
    assert train.main([*argv, "--threads", "1"]) == 0

    card = json.loads((out / "card.json").read_text())
    assert card["model"] == "tiny_attention_rnn" and card["training"]["epochs"] == 2
    assert card["architecture"]["layer_sizes"] == [8]
    assert card["data"]["transposition_augmentation"] == 2  # the spec's default
    assert card["license"]["data"] == "public domain"
    readme = (out / "README.md").read_text()
    assert readme.startswith("# Model card") and "Generates tiny test melodies" in readme
    assert "scales written by a test" in readme
    model = load_model(out)
    assert model.config == TINY.network
    result = continue_sequence([60], "melody", 8, 2, 1.0, 0, checkpoint=out)
    assert len(result.clips) == 2 and all(len(events) == 9 for events in result.events)


def test_a_spec_names_a_known_family():
    with pytest.raises(ValueError, match="family"):
        replace(TINY, family="transformer")
