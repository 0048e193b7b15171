"""The VAE evaluation baselines and references (numpy only): they must measure what they say."""

from __future__ import annotations

import numpy as np

from inference.evaluation.baselines import knn_humanizer, mean_table_baseline, window_shift_oracle
from inference.vae.data import HIT, OFFSET, VELOCITY


def performances(count: int, rng, shift=None) -> np.ndarray:
    """Random hit patterns; velocity/offset = a per-cell pattern + a per-window-and-class shift."""
    tensor = np.zeros((count, 64, 9, 3), np.float32)
    tensor[..., HIT] = rng.random((count, 64, 9)) < 0.3
    pattern = np.linspace(0.3, 0.7, 64)[:, None] * np.ones(9)
    shift = rng.normal(0, 0.1, (count, 1, 9)) if shift is None else shift
    tensor[..., VELOCITY] = (pattern[None] + shift) * tensor[..., HIT]
    tensor[..., OFFSET] = (0.2 * pattern[None] - 0.1 + shift) * tensor[..., HIT]
    return tensor


def test_the_mean_table_is_exact_when_every_window_plays_the_same_feel():
    rng = np.random.default_rng(0)
    no_shift = np.zeros((1, 1, 9))
    train, test = performances(200, rng, no_shift), performances(20, rng, no_shift)
    baseline = mean_table_baseline(train, test)
    assert baseline["velocity_mae"] < 1e-3 and baseline["offset_mae"] < 1e-5


def test_the_window_shift_oracle_recovers_a_per_window_feel_the_table_cannot():
    rng = np.random.default_rng(1)
    train, test = performances(300, rng), performances(30, rng)
    baseline = mean_table_baseline(train, test)
    oracle = window_shift_oracle(train, test)
    # The table averages the train shifts away; each test window keeps its own as error.
    assert oracle["offset_mae"] < 0.02 < baseline["offset_mae"]
    assert oracle["velocity_mae"] < 0.2 * baseline["velocity_mae"]


def test_knn_humanizer_copies_the_feel_of_an_identical_train_window():
    rng = np.random.default_rng(2)
    train = performances(100, rng)
    test = train[:5].copy()
    knn = knn_humanizer(train, test, 1)
    assert knn["velocity_mae"] < 1e-3 and knn["offset_mae"] < 1e-5
    assert mean_table_baseline(train, test)["offset_mae"] > 0.05


def load_yardsticks():
    import importlib.util
    from pathlib import Path

    script = Path(__file__).resolve().parent.parent / "scripts" / "groove_yardsticks.py"
    spec = importlib.util.spec_from_file_location("groove_yardsticks", script)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def test_a_table_per_group_learns_each_groups_own_feel():
    rng = np.random.default_rng(3)
    loud, soft = np.zeros((1, 1, 9)) + 0.2, np.zeros((1, 1, 9)) - 0.2
    train = np.concatenate([performances(50, rng, loud), performances(50, rng, soft)])
    test = np.concatenate([performances(5, rng, loud), performances(5, rng, soft)])
    train_keys = np.array(["a"] * 50 + ["b"] * 50)
    test_keys = np.array(["a"] * 5 + ["b"] * 5)
    grouped_mae = load_yardsticks().grouped_mae
    per_group = grouped_mae(train, train_keys, test, test_keys, OFFSET)
    one_group = grouped_mae(train, np.full(100, "x"), test, np.full(10, "x"), OFFSET)
    assert per_group < 1e-5 and one_group > 0.15


def test_groove_yardsticks_script_runs_on_a_small_gmd(tmp_path, capsys):
    from tests.test_vae_training import write_groove_fixture

    write_groove_fixture(tmp_path / "groove")
    argv = ["--data", str(tmp_path / "groove"), "--cache-dir", str(tmp_path / "cache")]
    assert load_yardsticks().main(argv) == 0
    lines = capsys.readouterr().out.splitlines()
    # pyfluidsynth, imported on the way when no test has yet, prints where it found its library
    # when CI is set: the script's own output starts at its first line.
    lines = lines[next(i for i, line in enumerate(lines) if line.startswith("windows: train ")) :]
    assert [line.split(" table per ")[0].strip() for line in lines[1:]] == ["velocity"] * 4 + [
        "offset"
    ] * 4
