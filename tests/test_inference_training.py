"""A tiny end-to-end training run on fixture data built here (never ../shared/data), then resume."""

import csv
import json

import numpy as np
import pretty_midi
import pytest

from inference import train
from inference.evaluation.baselines import BigramModel
from inference.training.datasets import (
    Sequence,
    epoch_windows,
    load_groove,
    load_melodies,
    melody_split,
)

pytestmark = pytest.mark.slow


def write_melodies(folder, count=40):
    """A fake index.jsonl: scale fragments in a few keys, like the real file's rows."""
    rng = np.random.default_rng(0)
    with (folder / "index.jsonl").open("w") as handle:
        for i in range(count):
            root = int(rng.integers(55, 70))
            notes = [[root + [0, 2, 4, 5, 7, 9, 11, 12][k % 8], k * 0.5, 0.5] for k in range(32)]
            row = {
                "source": "fixture",
                "file": f"t{i}.abc",
                "idx": i,
                "title": f"Tune {i}",
                "notes": notes,
            }
            handle.write(json.dumps(row) + "\n")


def write_groove(folder, count=12):
    rows = []
    for i in range(count):
        midi = pretty_midi.PrettyMIDI(initial_tempo=120)
        kit = pretty_midi.Instrument(0, is_drum=True)
        for step in range(64):
            t = step * 0.125
            pitches = [42] + ([36] if step % 8 == 0 else []) + ([38] if step % 8 == 4 else [])
            kit.notes += [pretty_midi.Note(90, p, t + 0.004 * (i % 3), t + 0.05) for p in pitches]
        midi.instruments.append(kit)
        name = f"d/{i}_rock_120_beat_4-4.mid"
        (folder / "d").mkdir(exist_ok=True)
        midi.write(str(folder / name))
        split = "test" if i < 2 else "validation" if i < 4 else "train"
        rows.append(
            {"id": f"d/{i}", "time_signature": "4-4", "midi_filename": name, "split": split}
        )
    rows.append(
        {"id": "odd", "time_signature": "3-4", "midi_filename": "missing.mid", "split": "train"}
    )
    with (folder / "info.csv").open("w", newline="") as handle:
        writer = csv.DictWriter(handle, fieldnames=list(rows[0]))
        writer.writeheader()
        writer.writerows(rows)


def test_melody_split_is_fixed_and_keeps_same_titles_together():
    assert melody_split("The Blackbird.", "oneills1850", "a.abc") == melody_split(
        "the blackbird", "ryansMammoth", "b.abc"
    )
    splits = [melody_split(f"Tune {i}", "s", "f") for i in range(2000)]
    assert 0.07 < splits.count("test") / 2000 < 0.13
    assert 0.07 < splits.count("validation") / 2000 < 0.13


def test_windows_cover_sequences_and_transposition_stays_in_range():
    seq = Sequence("x", np.array([2, 0, 0, 37, 1, 5] * 50, np.int32))
    tokens, positions, mask = epoch_windows([seq], 64, np.random.default_rng(0), transpose=5)
    assert tokens.shape == positions.shape == mask.shape == (5, 65)
    assert tokens.max() <= 37 and tokens.min() >= 0
    assert int(mask.sum()) == 300 + 4  # windows overlap by one step (input/target shift)


def test_bigram_baseline_learns_transitions():
    seqs = [Sequence("a", np.array([0, 1, 2] * 30, np.int32))]
    result = BigramModel(3, alpha=0.01).fit(seqs).evaluate(seqs)
    assert result["accuracy"] == 1.0 and result["nll"] < 0.05


def test_tiny_melody_training_writes_a_card_and_resumes(tmp_path, capsys):
    data, out, work = tmp_path / "melodies", tmp_path / "out", tmp_path / "work"
    data.mkdir()
    write_melodies(data)
    dataset = load_melodies(data)
    assert all(dataset.splits[name] for name in ("train", "validation", "test"))
    common = ["melody_rnn", "--data", str(data), "--out", str(out), "--work-dir", str(work)]
    common += ["--steps-per-epoch", "2", "--batch-size", "8", "--window", "32", "--threads", "1"]
    assert train.main([*common, "--epochs", "1"]) == 0
    assert train.main([*common, "--epochs", "2"]) == 0
    assert "resumed after epoch 1" in capsys.readouterr().out
    log = list(csv.DictReader((out / "training_log.csv").open()))
    assert [row["epoch"] for row in log] == ["1", "2"]
    card = json.loads((out / "card.json").read_text())
    assert set(card["metrics"]) == set(card["baseline"]) == {"nll", "accuracy"}
    assert card["split"]["train"]["sequences"] == len(dataset.splits["train"])
    assert card["training"]["epochs"] == 2
    assert "public domain" in card["license"]["data"]
    assert (out / "model.weights.h5").is_file() and (out / "config.json").is_file()
    assert "bigram baseline" in (out / "README.md").read_text()


def test_tiny_drums_training_uses_the_groove_split(tmp_path):
    data, out = tmp_path / "groove", tmp_path / "out"
    data.mkdir()
    write_groove(data)
    dataset = load_groove(data)
    assert {k: v["sequences"] for k, v in dataset.sizes().items()} == {
        "train": 8,
        "validation": 2,
        "test": 2,
    }
    assert dataset.splits["train"][0].classes[0] == 0b101  # kick + closed hi-hat
    args = ["drums_rnn", "--data", str(data), "--out", str(out), "--work-dir", str(tmp_path / "w")]
    args += ["--epochs", "1", "--steps-per-epoch", "1", "--batch-size", "4", "--window", "32"]
    assert train.main(args) == 0
    card = json.loads((out / "card.json").read_text())
    assert "CC BY 4.0" in card["license"]["data"] and "Gillick" in card["license"]["credit"]
    assert card["split"]["test"]["sequences"] == 2
