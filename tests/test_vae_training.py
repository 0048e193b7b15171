"""A tiny end-to-end training run of each VAE on fixture data the test writes itself."""

from __future__ import annotations

import csv
import json

import numpy as np
import pytest

from inference.training.datasets import melody_split

pytestmark = pytest.mark.slow

GMD_COLUMNS = ["drummer", "session", "id", "style", "bpm", "beat_type", "time_signature"]
GMD_COLUMNS += ["midi_filename", "audio_filename", "duration", "split"]


def write_melody_fixture(folder):
    """index.jsonl with 8-bar scale tunes, enough titles for every split to be non-empty."""
    rng = np.random.default_rng(1)
    rows, per_split, number = [], {"train": 0, "validation": 0, "test": 0}, 0
    while min(per_split.values()) < 2 or per_split["train"] < 6:
        title = f"Fixture reel {number}"
        number += 1
        split = melody_split(title, "fixture", f"t{number}.abc")
        if split != "train" and per_split[split] >= 2:
            continue
        per_split[split] += 1
        pitches = 60 + np.cumsum(rng.integers(-2, 3, 64)) % 12
        notes = [[int(p), i * 0.5, 0.5] for i, p in enumerate(pitches)]
        rows.append({"source": "fixture", "file": f"t{number}.abc", "idx": 0, "title": title})
        rows[-1].update(usable=True, notes=notes)
    folder.mkdir()
    lines = "\n".join(json.dumps(row) for row in rows) + "\n"
    (folder / "index.jsonl").write_text(lines, encoding="utf-8")


def write_groove_fixture(folder):
    """A six-file GMD look-alike: 10 bars of rock beat with human-ish velocities and timing."""
    import pretty_midi

    rng = np.random.default_rng(2)
    folder.mkdir()
    with (folder / "info.csv").open("w", newline="") as handle:
        writer = csv.DictWriter(handle, fieldnames=GMD_COLUMNS)
        writer.writeheader()
        for number, split in enumerate(["train"] * 4 + ["validation", "test"]):
            midi = pretty_midi.PrettyMIDI(initial_tempo=120.0)
            kit = pretty_midi.Instrument(0, is_drum=True)
            for step in range(160):
                pitches = [42] + ([36] if step % 8 == 0 else [38] if step % 8 == 4 else [])
                for pitch in pitches if step % 2 == 0 else []:
                    start = max(0.0, step * 0.125 + rng.normal(0.0, 0.012))
                    velocity = int(rng.integers(40, 120))
                    kit.notes.append(pretty_midi.Note(velocity, pitch, start, start + 0.1))
            midi.instruments.append(kit)
            name = f"drummer1/session1/{number}_rock_120_beat_4-4.mid"
            (folder / name).parent.mkdir(parents=True, exist_ok=True)
            midi.write(str(folder / name))
            writer.writerow(
                {"drummer": "drummer1", "session": "drummer1/session1", "split": split}
                | {"id": f"drummer1/session1/{number}", "style": "rock", "bpm": 120}
                | {"beat_type": "beat", "time_signature": "4-4", "midi_filename": name}
                | {"audio_filename": "", "duration": 16.0}
            )


@pytest.fixture(scope="module")
def fixture_data(tmp_path_factory):
    root = tmp_path_factory.mktemp("vae_data")
    write_melody_fixture(root / "melodies")
    write_groove_fixture(root / "groove")
    return root


def train(model, data, out, work, cache, *extra):
    from inference.vae_train import main

    argv = [model, "--data", str(data), "--out", str(out), "--work-dir", str(work)]
    argv += ["--cache-dir", str(cache), "--batch-size", "8", "--eval-every", "2"]
    return main(argv + ["--max-batches", "2", *extra])


@pytest.mark.parametrize("model", ["musicvae_melody", "musicvae_drums", "groovae", "tap2drum"])
def test_tiny_training_writes_a_loadable_checkpoint_and_an_honest_card(
    model, fixture_data, tmp_path, capsys
):
    data = fixture_data / ("melodies" if model == "musicvae_melody" else "groove")
    out = tmp_path / "out"
    assert train(model, data, out, tmp_path / "work", fixture_data / "cache") == 0

    card = json.loads((out / "card.json").read_text())
    assert card["model"] == model
    assert set(card["metrics"]) == set(card["baseline"]) and card["metrics"]
    assert all(np.isfinite(v) for v in card["metrics"].values())
    assert card["evaluated_on"] == "test" and card["split"]["windows"]["test"] > 0
    if model.startswith("musicvae"):
        assert set(card["metrics"]) == {"reconstruction_accuracy", "kl"}
        assert card["interpolation_endpoints"]["pairs"] >= 1
    else:
        assert {"velocity_mae", "offset_mae"} <= set(card["metrics"])
        assert ("hit_f1" in card["metrics"]) == (model == "tap2drum")
    if model != "musicvae_melody":
        assert "Gillick" in card["license"]["credit"] and card["license"]["data"] == "CC BY 4.0"
    assert "## Results on the held-out test split" in (out / "README.md").read_text()
    assert card["training"]["batches"] == 2

    from inference.vae.models import load_model
    from inference.vae.tools import Bundle

    bundle = Bundle(load_model(out))
    if model.startswith("musicvae"):
        decoded = bundle.decode(np.zeros((2, bundle.config.latent)), 1.0, 0)
        assert decoded.shape == (2, 64)
    else:
        performance = bundle.perform(np.zeros((1, 64, bundle.config.num_classes)), 1.0, 0)
        assert performance.shape == (1, 64, 9, 3)


def test_training_resumes_from_its_working_folder(fixture_data, tmp_path, capsys):
    args = ("groovae", fixture_data / "groove", tmp_path / "out", tmp_path / "work")
    assert train(*args, fixture_data / "cache") == 0
    capsys.readouterr()
    assert train(*args, fixture_data / "cache", "--max-batches", "4") == 0
    assert "resumed after 2 batches" in capsys.readouterr().out
    state = json.loads((tmp_path / "work" / "state.json").read_text())
    assert state["batches"] == 4
    log = (tmp_path / "work" / "training_log.csv").read_text().splitlines()
    assert [row.split(",")[0] for row in log] == ["batches", "2", "4"]


def test_config_overrides_reach_the_checkpoint(fixture_data, tmp_path, capsys):
    args = ("groovae", fixture_data / "groove", tmp_path / "out", tmp_path / "work")
    extra = ("--set", "dropout=0.25", "--set", "decoder_units=16")
    assert train(*args, fixture_data / "cache", *extra) == 0
    config = json.loads((tmp_path / "out" / "config.json").read_text())
    assert config["dropout"] == 0.25 and config["decoder_units"] == 16
    card = json.loads((tmp_path / "out" / "card.json").read_text())
    assert card["architecture"]["decoder_units"] == 16
    assert "dropout 0.25 on the decoder" in (tmp_path / "out" / "README.md").read_text()


@pytest.mark.parametrize("model", ["musicvae_drums", "tap2drum"])
def test_bar_mix_is_recorded_on_the_card(model, fixture_data, tmp_path, capsys):
    out, work = tmp_path / "out", tmp_path / "work"
    run = (model, fixture_data / "groove", out, work, fixture_data / "cache")
    assert train(*run, "--bar-mix", "0.5") == 0
    assert json.loads((out / "card.json").read_text())["training"]["bar_mix"] == 0.5
    assert "In a share of 0.5 of every batch's windows" in (out / "README.md").read_text()
    assert train(*run, "--bar-mix", "1.5") == 2
    assert "--bar-mix takes a share" in capsys.readouterr().err


@pytest.mark.parametrize(
    "override, message",
    [
        ("decoder_unit=16", "FIELD one of"),
        ("name=other", "FIELD one of"),
        ("dropout=", "FIELD one of"),
        ("decoder_units=big", "is not a valid int"),
    ],
)
def test_bad_config_overrides_stop_with_a_clear_message(override, message):
    from inference.configs import CONFIG_MAP
    from inference.training.vae import config_with_overrides

    with pytest.raises(SystemExit, match=message):
        config_with_overrides(CONFIG_MAP["groovae"].network, [override])


def test_rerunning_a_run_stopped_by_its_time_budget_trains_nothing(fixture_data, tmp_path, capsys):
    args = ("groovae", fixture_data / "groove", tmp_path / "out", tmp_path / "work")
    budget = ("--minutes", "0.01", "--max-batches", "1000")
    assert train(*args, fixture_data / "cache", *budget) == 0
    first = json.loads((tmp_path / "work" / "state.json").read_text())
    card = json.loads((tmp_path / "out" / "card.json").read_text())
    assert card["training"]["stopped_by"] == "time_budget"
    assert 0 < first["batches"] < 1000  # stopped by the clock, not by the batch limit
    capsys.readouterr()
    assert train(*args, fixture_data / "cache", *budget) == 0
    assert f"resumed after {first['batches']} batches" in capsys.readouterr().out
    assert json.loads((tmp_path / "work" / "state.json").read_text())["batches"] == first["batches"]


def test_bar_mix_rebuilds_a_share_of_windows_from_bars_of_the_pool_in_place():
    from inference.training.vae import mix_bars

    pool = np.arange(200 * 64).reshape(200, 64)  # every step of every window is unique
    condition = np.stack([pool, -pool], axis=-1)  # a second array, paired step by step
    batch = [pool[:64], condition[:64]]
    mixed, paired = mix_bars([pool, condition], batch, 0.5, [1, 2, 3])
    changed = (mixed != batch[0]).any(axis=1)
    assert 16 < changed.sum() < 48 and np.array_equal(mixed[~changed], batch[0][~changed])
    assert np.array_equal(paired[..., 0], mixed) and np.array_equal(paired[..., 1], -mixed)
    for window in mixed[changed]:
        for bar in range(4):
            steps = window[bar * 16 : (bar + 1) * 16]
            donor, step = divmod(int(steps[0]), 64)
            assert step == bar * 16 and np.array_equal(
                steps, pool[donor, bar * 16 : (bar + 1) * 16]
            )
    again = mix_bars([pool, condition], batch, 0.5, [1, 2, 3])
    assert np.array_equal(again[0], mixed)  # reproducible
    assert np.array_equal(mix_bars([pool, condition], batch, 0.0, [1, 2, 3])[0], batch[0])
    assert np.array_equal(batch[0], pool[:64])  # the batch itself is left alone
