"""The VAE evaluation baselines and references (numpy only): they must measure what they say."""

from __future__ import annotations

import numpy as np

from inference.vae_data import HIT, OFFSET, VELOCITY
from inference.vae_eval import knn_humanizer, mean_table_baseline, window_shift_oracle


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


def test_groove_yardsticks_script_runs_on_a_small_gmd(tmp_path, capsys):
    import importlib.util
    from pathlib import Path

    from tests.test_vae_training import write_groove_fixture

    write_groove_fixture(tmp_path / "groove")
    script = Path(__file__).resolve().parent.parent / "scripts" / "groove_yardsticks.py"
    spec = importlib.util.spec_from_file_location("groove_yardsticks", script)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    argv = ["--data", str(tmp_path / "groove"), "--cache-dir", str(tmp_path / "cache")]
    assert module.main(argv) == 0
    lines = capsys.readouterr().out.splitlines()
    # One drummer and one session in the fixture: those tables are the baseline's own.
    session = [line for line in lines if "per session" in line]
    assert len(session) == 2 and all("gain +0.0%" in line for line in session)
    assert sum("per none (the baseline)" in line for line in lines) == 2
