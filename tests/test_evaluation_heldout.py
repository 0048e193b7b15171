"""The held-out suites end to end: ``python -m inference.evaluate`` on tiny data folders this
test writes (the real data's formats), with the committed weights; and the suites' record of
the studio's default temperatures agrees with the studio."""

from __future__ import annotations

import csv
import json
import shutil

import numpy as np
import pytest

from inference.evaluation.heldout import common, drums, melody
from inference.shared.checkpoints import checkpoint_dir
from inference.training.datasets import melody_split

GMD_FIELDS = ["id", "time_signature", "midi_filename", "split"]


def write_tunes(folder):
    """index.jsonl rows like the real file's: 16-bar tunes of eighth notes on a G major scale,
    three per held-out split and more for train."""
    rng = np.random.default_rng(0)
    wanted, rows, number = {"train": 6, "validation": 3, "test": 3}, [], 0
    while any(wanted.values()):
        number += 1
        title = f"Test tune {number}"
        split = melody_split(title, "fixture", "tunes.abc")
        if not wanted[split]:
            continue
        wanted[split] -= 1
        degrees = np.cumsum(rng.integers(-2, 3, 128)) % 7
        pitches = [67 + (0, 2, 4, 5, 7, 9, 11)[int(k)] for k in degrees]
        notes = [[pitch, i * 0.5, 0.5] for i, pitch in enumerate(pitches)]
        rows.append({"source": "fixture", "file": "tunes.abc", "idx": number, "title": title})
        rows[-1]["notes"] = notes
    folder.mkdir()
    (folder / "index.jsonl").write_text("".join(json.dumps(r) + "\n" for r in rows), "utf-8")


def write_takes(folder):
    """info.csv and 12-bar MIDI takes: a rock beat with a tom fill in every fourth bar."""
    import pretty_midi

    folder.mkdir()
    rows = []
    for number, split in enumerate(["train"] * 4 + ["validation"] * 2 + ["test"] * 2):
        midi = pretty_midi.PrettyMIDI(initial_tempo=120.0)
        kit = pretty_midi.Instrument(0, is_drum=True)
        for step in range(12 * 16):
            fill = step // 16 % 4 == 3 and step % 16 >= 8
            pitches = [45 + number % 3] if fill else [42] if step % 2 == 0 else []
            pitches += [36] if step % 8 == 0 else [38] if step % 8 == 4 else []
            for pitch in pitches:
                kit.notes.append(pretty_midi.Note(90, pitch, step * 0.125, step * 0.125 + 0.1))
        midi.instruments.append(kit)
        name = f"drummer1/{number}_rock_120_beat_4-4.mid"
        (folder / name).parent.mkdir(exist_ok=True)
        midi.write(str(folder / name))
        rows.append({"id": f"take{number}", "time_signature": "4-4", "midi_filename": name})
        rows[-1]["split"] = split
    with (folder / "info.csv").open("w", newline="") as handle:
        writer = csv.DictWriter(handle, fieldnames=GMD_FIELDS)
        writer.writeheader()
        writer.writerows(rows)


@pytest.mark.slow
@pytest.mark.parametrize(
    "model, folder",
    [
        ("musicvae_drums", "groove"),
        ("drums_rnn", "groove"),
        ("musicvae_melody", "melodies"),
        ("melody_rnn", "melodies"),
    ],
)
def test_a_suite_writes_its_report_into_the_checkpoint(model, folder, tmp_path, monkeypatch):
    from inference.evaluate import main

    monkeypatch.setattr(common, "CACHE_DIR", tmp_path / "cache")
    for module in (common, drums, melody):  # a few clips: the test checks the plumbing
        monkeypatch.setattr(module, "SAMPLE_CLIPS", 25)
    monkeypatch.setattr(drums, "TARGET_CLIPS", 50)
    monkeypatch.setattr(melody, "SWEEP_WINDOWS", 4)
    (write_tunes if folder == "melodies" else write_takes)(tmp_path / folder)
    checkpoint = tmp_path / model
    shutil.copytree(checkpoint_dir(model), checkpoint)
    argv = [model, "--data", str(tmp_path / folder), "--checkpoint", str(checkpoint)]
    assert main(argv) == 0
    report = json.loads((checkpoint / "evaluation.json").read_text("utf-8"))
    assert report["model"] == model and report["split"] == "test"
    titles = [table["title"] for table in report["tables"]]
    assert any("sweep on the validation split" in title for title in titles)
    for table in report["tables"]:
        assert table["rows"], table["title"]
    if model.startswith("musicvae"):
        features = report["tables"][0]["rows"]
        assert set(report["tables"][0]["columns"]) >= {common.CEILING}
        assert all(0.0 <= v <= 1.0 for v in features["mean OA"].values())
    if model.endswith("drums") or model == "drums_rnn":
        assert report["targets"] and all("met" in t for t in report["targets"])
    readme = (checkpoint / "README.md").read_text("utf-8")
    assert readme.count("## Evaluation on held-out music") == 1


def test_the_suites_know_the_studios_default_temperatures():
    from studio.tools import TOOLS

    def default(slug):
        return TOOLS[slug].field("temperature").default

    assert default("generate") == common.GENERATE_TEMPERATURE
    assert default("continue") == common.CONTINUE_TEMPERATURE
    assert default("melody-rnn") == common.MELODY_RNN_TEMPERATURE
