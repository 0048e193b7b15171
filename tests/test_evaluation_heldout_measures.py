"""The held-out suites' measures and report, on self-made data with hand-known answers."""

import json

import numpy as np
import pytest

from inference.evaluation.heldout.common import highest_within
from inference.evaluation.heldout.interpolation import path_measures
from inference.evaluation.heldout.performance import (
    choose_velocity_spread,
    groove_baselines,
    timing_measures,
    velocity_r_interval,
)
from inference.evaluation.heldout.report import BEGIN, END, Report, write_report
from inference.evaluation.heldout.taps import TapTable, placement_f1
from inference.music import Clip, Note
from inference.vae.data import HIT, OFFSET, VELOCITY, flat_taps, taps_from_performance


def performance(rng, windows=40, offset_sd=0.15, offset_mean=-0.05):
    """Random 4-bar performances: every class hit on a quarter of the steps."""
    tensor = np.zeros((windows, 64, 9, 3), np.float32)
    hits = rng.random((windows, 64, 9)) < 0.25
    tensor[..., HIT] = hits
    tensor[..., VELOCITY] = np.clip(rng.normal(0.6, 0.15, hits.shape), 0.01, 1) * hits
    offsets = rng.normal(offset_mean, offset_sd, hits.shape)
    tensor[..., OFFSET] = np.clip(offsets, -0.5, 0.5) * hits
    return tensor


def test_a_performance_measured_against_itself_is_perfect():
    real = performance(np.random.default_rng(0))
    row = timing_measures(real, real)
    assert row["offset OA"] == pytest.approx(1.0, abs=1e-6)
    assert row["velocity r"] == pytest.approx(1.0)
    assert row["worst sd ratio"] == pytest.approx(1.0) and row["worst mean gap"] == 0.0
    assert row["offset MAE"] == 0.0 and row["velocity MAE"] == 0.0


def test_too_little_scatter_shows_in_the_spread_ratio_and_overlap():
    rng = np.random.default_rng(1)
    real = performance(rng)
    narrow = real.copy()
    narrow[..., OFFSET] = (real[..., OFFSET] + 0.05) * 0.5 - 0.05  # half the spread, same mean
    row = timing_measures(narrow, real)
    assert row["offset sd / real"] == pytest.approx(0.5, abs=0.01)
    assert row["worst mean gap"] < 0.01
    assert row["offset OA"] < 0.75


def test_jitter_baseline_has_the_train_spread_and_the_lookup_none():
    rng = np.random.default_rng(2)
    train, held = performance(rng, 200), performance(rng, 60)
    baselines = groove_baselines(train, held, np.random.default_rng(3))
    lookup, jitter = baselines.values()
    assert np.array_equal(lookup[..., HIT], held[..., HIT])
    assert timing_measures(lookup, held)["offset sd / real"] < 0.3  # a table barely scatters
    assert timing_measures(jitter, held)["offset sd / real"] == pytest.approx(1.0, abs=0.1)


def test_velocity_r_interval_is_the_pooled_correlation_with_a_window_bootstrap_error():
    rng = np.random.default_rng(4)
    real = performance(rng, windows=120)
    made = real.copy()
    noise = rng.normal(0, 0.15, real.shape[:-1]) * real[..., HIT]
    made[..., VELOCITY] = np.clip(real[..., VELOCITY] + noise, 0.01, 1) * real[..., HIT]
    r, error = velocity_r_interval(made, real, np.random.default_rng(5))
    assert r == pytest.approx(timing_measures(made, real)["velocity r"])
    assert 0.5 < r < 0.9
    # About 9,000 hits in 120 windows: the error is that of the windows, not of the hits.
    draws = []
    for seed in range(30):
        again = performance(np.random.default_rng(100 + seed), windows=120)
        jitter = np.random.default_rng(200 + seed).normal(0, 0.15, again.shape[:-1])
        copy = again.copy()
        copy[..., VELOCITY] = np.clip(again[..., VELOCITY] + jitter * again[..., HIT], 0.01, 1)
        copy[..., VELOCITY] *= again[..., HIT]
        draws.append(timing_measures(copy, again)["velocity r"])
    assert error == pytest.approx(np.std(draws), rel=0.5)


def test_velocity_spread_is_the_largest_share_whose_lower_bound_clears_the_target():
    rows = {1.0: 0.55, 0.5: 0.61, 0.4: 0.62, 0.35: 0.64}
    assert choose_velocity_spread({k: {"r - 2 SE": v} for k, v in rows.items()}) == 0.5
    assert choose_velocity_spread({1.0: {"r - 2 SE": 0.59}}) is None


def test_highest_setting_within_the_tolerance_of_the_best():
    scores = {0.01: 0.604, 0.25: 0.594, 0.5: 0.568}
    assert highest_within(scores, 0.01) == 0.25  # exactly a hundredth below counts
    assert highest_within({**scores, 0.25: 0.5939}, 0.01) == 0.01
    assert highest_within(scores, 0.05) == 0.5


def test_tap_table_plays_the_drums_that_follow_taps_in_the_train_split():
    train = np.zeros((10, 64, 9, 3), np.float32)
    train[:, ::4, 0, HIT] = 1  # a kick on every beat
    train[:, 4::8, 1, HIT] = 1  # and a snare on beats 2 and 4
    train[..., VELOCITY] = 0.7 * train[..., HIT]
    table = TapTable(taps_from_performance(train), train)
    predicted = table.predict(flat_taps(taps_from_performance(train[:2])))
    assert np.array_equal(predicted, train[:2, ..., HIT] > 0)
    kick, snare = placement_f1(predicted, train[:2], taps_from_performance(train[:2]))
    assert (kick, snare) == (1.0, 1.0)


def test_flat_taps_keep_onsets_and_drop_dynamics_and_timing():
    taps = np.array([[1, 0.3, -0.2], [0, 0, 0], [1, 0.9, 0.1]], np.float32)
    flat = flat_taps(taps)
    assert flat[:, HIT].tolist() == [1, 0, 1]
    assert flat[:, OFFSET].tolist() == [0, 0, 0]
    assert flat[0, VELOCITY] == flat[2, VELOCITY] == pytest.approx(100 / 127)


def test_interpolation_path_measures():
    a = Clip((Note(60, 0, 4), Note(62, 4, 8)), "melody", 120.0, 16)
    b = Clip((Note(67, 0, 4), Note(65, 8, 12)), "melody", 120.0, 16)
    mixed = Clip((Note(60, 0, 4), Note(65, 8, 12)), "melody", 120.0, 16)
    assert path_measures([a, mixed, b], a, b) == {
        "F1 first vs A": 1.0,
        "F1 last vs B": 1.0,
        "monotone": 1.0,
    }
    assert path_measures([a, b, a], a, b)["monotone"] == 0.0  # went to B and came back


def test_report_section_is_replaced_not_appended(tmp_path):
    (tmp_path / "README.md").write_text("# Model card\n\nText.\n", encoding="utf-8")
    for value in (0.5, 0.9):
        report = Report("groovae", "test", "held-out windows")
        report.table("Measures", ["score"]).add("model", score=value)
        report.target("score", value, 0.85)
        write_report(tmp_path, report)
    readme = (tmp_path / "README.md").read_text(encoding="utf-8")
    assert readme.startswith("# Model card\n\nText.\n")
    assert readme.count(BEGIN) == readme.count(END) == 1
    assert "| model | 0.900 |" in readme and "0.500" not in readme
    saved = json.loads((tmp_path / "evaluation.json").read_text(encoding="utf-8"))
    assert saved["targets"][0] == {
        "rule": "score",
        "value": 0.9,
        "threshold": 0.85,
        "higher_is_better": True,
        "met": True,
    }
    assert saved["all_targets_met"] is True
