"""The blend regulariser's pieces: pairs, the centroid read from the synthesizer's controls,
and the penalty on blend paths that turn back."""

from __future__ import annotations

import numpy as np
import pytest

from inference.training.nsynth_blend import (
    MARGIN_SHARE,
    blend_penalty,
    control_centroid,
    pair_groups,
    sample_pairs,
)

tf = pytest.importorskip("tensorflow")


def test_pairs_share_pitch_and_velocity_and_differ_in_program():
    examples = [
        {"pitch": p, "velocity": v, "program": g}
        for g in (0, 1, 2)
        for p in (48, 60)
        for v in (75, 100)
    ] + [{"pitch": 90, "velocity": 75, "program": 5}]  # alone at its pitch: never paired
    groups = pair_groups(examples)
    assert len(groups) == 4 and all(len(g) == 3 for g in groups)
    rows = sample_pairs(examples, groups, np.random.default_rng(0), 50)
    for a, b in rows.reshape(-1, 2):
        assert examples[a]["pitch"] == examples[b]["pitch"]
        assert examples[a]["velocity"] == examples[b]["velocity"]
        assert examples[a]["program"] != examples[b]["program"]


def test_the_centroid_of_controls_is_where_their_power_is():
    frames, bands = 5, 65
    f0 = tf.fill([1, frames], 200.0)
    amplitude = tf.ones([1, frames, 1])
    only_third = tf.constant([[[0.0, 0.0, 1.0, 0.0]] * frames])
    silent_noise = tf.zeros([1, frames, bands])
    centroid = control_centroid(tf, amplitude, only_third, silent_noise, f0)
    assert float(centroid[0]) == pytest.approx(600.0, rel=1e-4)
    # Two equal harmonics: the power-weighted mean of 200 and 800 Hz.
    two = tf.constant([[[1.0, 0.0, 0.0, 1.0]] * frames])
    assert float(control_centroid(tf, amplitude, two, silent_noise, f0)[0]) == pytest.approx(500)
    # Harmonics above Nyquist (8 kHz) are silenced, as the synthesizer silences them.
    high = tf.fill([1, frames], 3000.0)
    assert float(control_centroid(tf, amplitude, two, silent_noise, high)[0]) == pytest.approx(
        3000.0, rel=1e-4
    )
    # Noise alone: its bands' power centre (flat magnitudes: the middle of the band).
    flat = tf.ones([1, frames, bands])
    quiet = tf.zeros([1, frames, 1])
    assert float(control_centroid(tf, quiet, two, flat, f0)[0]) == pytest.approx(4000.0, rel=1e-3)


class _Decoder:
    """Controls whose centroid follows a chosen path over the mix (the code's first number)."""

    def __init__(self, path):
        self.path = path  # mix -> f0 multiple of the only harmonic

    def controls(self, z, f0, loudness):
        mix = float(z[0, 0, 0])
        k = self.path[mix]
        harmonics = 8
        shares = np.zeros(harmonics, np.float32)
        shares[k - 1] = 1.0
        frames = z.shape[1]
        distribution = tf.constant(np.tile(shares, (1, frames, 1)))
        return tf.ones([1, frames, 1]), distribution, tf.zeros([1, frames, 65])


@pytest.mark.parametrize(
    "path,penalised",
    [
        ({0.25: 2, 0.5: 3, 0.75: 4}, False),  # 1 -> 2 -> 3 -> 4 -> 5 (x f0): straight
        ({0.25: 3, 0.5: 2, 0.75: 4}, True),  # turns back at the middle
        ({0.25: 1, 0.5: 1, 0.75: 5}, True),  # stands still: under the margin
    ],
)
def test_the_penalty_falls_on_paths_that_turn_back_or_stand_still(path, penalised):
    frames = 6
    z = np.zeros([2, frames, 16], np.float32)
    z[1, :, 0] = 1.0  # b's code: the mix is read back from the first number
    f0 = tf.fill([2, frames], 100.0)
    loudness = tf.fill([2, frames], -20.0)
    ends = tf.constant([100.0, 500.0])  # the reconstructions: 1 x and 5 x f0
    penalty = float(blend_penalty(tf, _Decoder(path), tf.constant(z), f0, loudness, ends, 1))
    assert (penalty > 0) == penalised
    assert MARGIN_SHARE < 0.25  # a straight path clears the margin at every step
