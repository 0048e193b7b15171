"""Drum features, key-keeping, the trivial samplers and the Continue measures of the held-out
evaluation, on patterns and clips whose answers are known by hand (numpy only, no data)."""

from __future__ import annotations

import numpy as np
import pytest

from inference.evaluation import drum_features as d
from inference.evaluation import tonality
from inference.evaluation.baselines import BigramModel
from inference.evaluation.heldout import continuation
from inference.evaluation.heldout.common import feature_oa, halves
from inference.evaluation.samplers import PositionalTable, sample_bigram, uniform_events
from inference.music import Clip, Note
from inference.training.datasets import Sequence

KICK, SNARE, HAT = 1, 2, 4  # bits of the 9-bit drum events


def rock_bar() -> list[int]:
    """Kick on 1 and 3, snare on 2 and 4, closed hi-hat on every 8th."""
    bar = [HAT if step % 2 == 0 else 0 for step in range(16)]
    for step in (0, 8):
        bar[step] |= KICK
    for step in (4, 12):
        bar[step] |= SNARE
    return bar


def test_hits_and_hits_per_bar():
    grid = d.hits(rock_bar() * 2)
    assert grid.shape == (32, 9)
    assert grid[0, 0] and grid[0, 2] and not grid[0, 1]
    np.testing.assert_allclose(d.hits_per_bar(grid)[:3], [2, 2, 8])
    assert d.hits_per_bar(grid)[3:].sum() == 0
    # a partial last bar is padded with rests: 18 steps are 2 bars
    assert d.hits_per_bar(d.hits(rock_bar() + [KICK, 0]))[0] == pytest.approx(1.5)


def test_offbeat_share():
    assert d.offbeat_share(d.hits(rock_bar())) == pytest.approx(4 / 12)  # the "and"s of the hat
    assert d.offbeat_share(d.hits([KICK, 0, 0, 0] * 4)) == 0.0
    assert d.offbeat_share(d.hits([0] * 16)) == 0.0


def test_syncopation_by_hand():
    assert d.syncopation(d.hits([KICK, 0, 0, 0] * 4)) == 0  # four on the floor
    assert d.syncopation(d.hits(rock_bar())) == 0  # every silence is weaker than its onset
    # onsets on 0 and 2: the 8th on 2 (weight -3) is followed by silence up to the half bar
    # (weight -1): worth 2
    assert d.syncopation(d.hits([KICK, 0, KICK] + [0] * 13)) == 2
    # a lone onset on the last 16th (-4): the bar is a loop, so the silence after it holds the
    # downbeat (0): worth 4
    assert d.syncopation(d.hits([0] * 15 + [KICK])) == 4
    # two bars average
    assert d.syncopation(d.hits([KICK, 0, KICK] + [0] * 13 + [KICK] + [0] * 15)) == 1


def test_grooving_similarity_and_hit_f1():
    assert d.grooving_similarity(d.hits(rock_bar() * 4)) == 1.0
    assert d.grooving_similarity(d.hits(rock_bar())) == 1.0  # one bar
    other = [KICK if step % 4 == 0 else 0 for step in range(16)]  # onsets 0, 4, 8, 12
    # the rock bar's onsets are the 8 even steps: 4 positions differ of 16
    assert d.grooving_similarity(d.hits(rock_bar() + other)) == pytest.approx(1 - 4 / 16)
    grid = d.hits(rock_bar())
    assert d.hit_f1(grid, grid) == 1.0
    assert d.hit_f1(grid, np.zeros_like(grid)) == 0.0
    assert d.hit_f1(np.zeros_like(grid), np.zeros_like(grid)) == 1.0
    kicks_only = d.hits([e & KICK for e in rock_bar()])
    assert d.hit_f1(kicks_only, grid) == pytest.approx(2 * 1.0 * (2 / 12) / (1 + 2 / 12))


def test_feature_table_has_every_class_and_the_pattern_features():
    table = d.drum_feature_table([d.hits(rock_bar() * 4), d.hits([KICK, 0, 0, 0] * 16)])
    assert len(table) == 9 + 4
    np.testing.assert_allclose(table["kick per bar"], [2, 4])
    np.testing.assert_allclose(table["hits per bar"], [12, 4])
    np.testing.assert_allclose(table["grooving similarity"], [1, 1])


def test_key_keeping_by_scale_fit():
    c_major = Clip(tuple(Note(60 + p, i, i + 1) for i, p in enumerate((0, 2, 4, 5, 7, 9, 11))))
    assert tonality.scale_fit(c_major) == 1.0
    assert tonality.best_scale(c_major) == 0
    g_major = Clip(tuple(Note(67 + p, i, i + 1) for i, p in enumerate((0, 2, 4, 5, 7, 9, 11))))
    assert tonality.best_scale(g_major) == 7
    assert tonality.scale_fit(g_major) == 1.0
    assert tonality.in_scale_share(g_major, 0) == pytest.approx(6 / 7)  # all but F#
    chromatic = Clip(tuple(Note(60 + i, i, i + 1) for i in range(12)))
    assert tonality.scale_fit(chromatic) == pytest.approx(7 / 12)


def test_bigram_sampler_follows_its_transitions():
    model = BigramModel(3, alpha=0.0).fit([Sequence("x", np.array([0, 1, 2, 0, 1, 2, 0]))])
    out = sample_bigram(model, np.array([0, 1, 2]), 4, np.random.default_rng(0))
    np.testing.assert_array_equal(out, [[1, 2, 0, 1], [2, 0, 1, 2], [0, 1, 2, 0]])
    uniform = uniform_events(500, 8, 38, np.random.default_rng(0))
    assert uniform.min() == 0 and uniform.max() == 37


def test_positional_table_samples_its_frequencies():
    train = np.zeros((4, 2, 9), bool)
    train[:, 0, 0] = True  # always a kick on step 0
    train[:2, 1, 1] = True  # a snare on step 1 half the time
    table = PositionalTable(train)
    draws = table.sample(4000, np.random.default_rng(0))
    assert draws[:, 0, 0].all() and not draws[:, 0, 1:].any()
    assert draws[:, 1, 1].mean() == pytest.approx(0.5, abs=0.03)
    assert table.sample(3, np.random.default_rng(0), start=1).shape == (3, 1, 9)


def test_feature_oa_of_values_and_of_histograms():
    rng = np.random.default_rng(0)
    same = rng.normal(size=300)
    assert feature_oa(same, same) == pytest.approx(1.0, abs=1e-6)
    assert feature_oa(same, same + 100) < 0.01
    histograms = rng.dirichlet(np.ones(12), 60)
    # a set as far from the reference as the reference is from itself overlaps well ...
    assert feature_oa(rng.dirichlet(np.ones(12), 60), histograms) > 0.8
    # ... a set of one-pitch-class clips does not
    assert feature_oa(np.eye(12)[rng.integers(0, 12, 60)], histograms) < 0.2


def test_halves_are_disjoint_and_capped():
    windows = np.arange(1000)[:, None]
    first, second = halves(windows, 0)
    assert len(first) == len(second) == 200
    assert not set(first.ravel()) & set(second.ravel())
    assert [len(h) for h in halves(windows[:7], 0)] == [3, 3]


def test_copy_primer_and_departures():
    window = np.array([rock_bar() * 3 + [KICK] * 16])
    copied = continuation.copy_primer(window)
    assert (copied[0, 16:32] == window[0, :16]).all() and copied.shape == (1, 64)
    moves = continuation.departures(copied, window)
    assert moves["bars equal to bar 1"] == 1.0
    assert np.isnan(moves["departures right"])  # a copy never departs
    assert moves["real departures met"] == 0.0  # the true bar 4 departs on all 16 steps
    truth = continuation.departures(window, window)
    assert truth["bars equal to bar 1"] == pytest.approx(2 / 3)
    assert truth["departures right"] == truth["real departures met"] == 1.0
    assert continuation.continuation_f1(window, window, "drums") == 1.0
    # 36 hits copied, 40 true; bars 2-3 agree on 24, bar 4 on its 2 kicks: F1 = 2 * 26 / 76
    assert continuation.continuation_f1(copied, window, "drums") == pytest.approx(52 / 76)
