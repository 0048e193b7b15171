"""A new model is one module + one line (import cycles and layering: tests/test_architecture.py).

This is the "Adding a model" recipe of docs/models.md run for real: a tiny model is
declared here (this module is its module), registered with one ``CONFIG_MAP`` line, and trained
by the real command line on data this test writes (never ../shared/data); its checkpoint and
card must come back and load.
"""

from __future__ import annotations

import json
from dataclasses import replace

import pytest

from inference import configs, train
from inference.music import MELODY_NUM_CLASSES
from inference.rnn.config import RnnConfig
from inference.training.datasets import load_melodies
from tests.test_vae_training import write_melody_fixture


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
