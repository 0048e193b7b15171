"""The music features of inference.evaluation.features on clips whose answers are known by hand."""

from __future__ import annotations

import numpy as np
import pytest

from inference.evaluation import features as f
from inference.music import Clip, Note

# C4 D4 E4 C5, quarter notes (4 steps), then a half note G4 (8 steps): 1 bar and a half.
SCALE = Clip(
    (Note(60, 0, 4), Note(62, 4, 8), Note(64, 8, 12), Note(72, 12, 16), Note(67, 16, 24)),
    "melody",
    total_steps=24,
)


def test_mgeval_features_of_a_known_clip():
    assert f.pitch_count(SCALE) == 5
    assert f.pitch_range(SCALE) == 12
    assert f.note_count(SCALE) == 5
    assert f.average_interval(SCALE) == pytest.approx((2 + 2 + 8 + 5) / 4)
    assert f.average_inter_onset_interval(SCALE) == 4.0
    histogram = f.pitch_class_histogram(SCALE)
    assert histogram[0] == pytest.approx(0.4) and histogram[7] == pytest.approx(0.2)
    assert histogram.sum() == pytest.approx(1.0)
    lengths = f.note_length_histogram(SCALE)
    assert lengths[f.LENGTH_BINS.index(4)] == pytest.approx(0.8)
    assert lengths[f.LENGTH_BINS.index(8)] == pytest.approx(0.2)


def test_pitch_class_entropy():
    assert f.pitch_class_entropy(Clip((Note(60, 0, 1), Note(72, 1, 2)))) == 0.0
    chromatic = Clip(tuple(Note(60 + i, i, i + 1) for i in range(12)))
    assert f.pitch_class_entropy(chromatic) == pytest.approx(np.log2(12))


def test_grooving_similarity():
    same = Clip(tuple(Note(36, bar * 16 + s, bar * 16 + s + 1) for bar in range(4) for s in (0, 8)))
    assert f.grooving_similarity(replace_steps(same, 64)) == 1.0
    # bar 2 adds one onset: 3 pairs of 6 differ in 1 of 16 positions
    varied = Clip(same.notes + (Note(38, 20, 21),), "drums", total_steps=64)
    assert f.grooving_similarity(varied) == pytest.approx(1 - 3 / 6 / 16)


def replace_steps(clip: Clip, total: int) -> Clip:
    return Clip(clip.notes, "drums", total_steps=total)


def test_note_f1_matches_onset_and_pitch():
    assert f.note_f1(SCALE, SCALE) == 1.0
    moved = Clip(tuple(Note(n.pitch, n.start_step + 1, n.end_step + 1) for n in SCALE.notes))
    assert f.note_f1(moved, SCALE) == 0.0
    half = Clip(SCALE.notes[:2])
    assert f.note_f1(half, SCALE) == pytest.approx(2 * 1.0 * 0.4 / 1.4)


def test_overlapped_area():
    rng = np.random.default_rng(0)
    a, b = rng.normal(0, 1, 2000), rng.normal(0, 1, 2000)
    assert f.overlapped_area(a, b) > 0.9
    assert f.overlapped_area(a, b + 10) < 0.01
    # two normals one standard deviation apart overlap by 2 * Phi(-0.5) ~ 0.617
    assert f.overlapped_area(a, b + 1) == pytest.approx(0.617, abs=0.05)
    assert f.overlapped_area([3, 3, 3], [3, 3]) == pytest.approx(1.0, abs=0.01)
    assert f.overlapped_area([3, 3, 3], [5, 5]) < 0.01
    with pytest.raises(ValueError):
        f.overlapped_area([], [1])
