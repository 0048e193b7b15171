"""Loudness, true peak and spectra of inference.mastering, against pyloudnorm and first
principles."""

from __future__ import annotations

import math

import numpy as np
import pyloudnorm
import pytest
from scipy import signal

from inference.mastering.loudness import measure_loudness, peak_envelope, true_peak
from inference.mastering.spectrum import spectral_distance, third_octave_spectrum
from tests.mastering_fixtures import detune, music


@pytest.mark.parametrize("rate,channels", [(44_100, 2), (48_000, 1), (22_050, 2)])
def test_loudness_equals_pyloudnorms_meter(rate, channels):
    rng = np.random.default_rng(rate)
    x = rng.standard_normal((rate * 20, channels)) * 0.1
    x[: rate * 5] *= 0.05  # a quiet intro, so both gates and the range have work to do
    x[rate * 12 : rate * 14] *= 0.001
    meter = pyloudnorm.Meter(rate)
    ours = measure_loudness(x, rate)
    assert ours.integrated == pytest.approx(meter.integrated_loudness(x), abs=1e-9)
    assert ours.range == pytest.approx(meter.loudness_range(x), abs=1e-3)
    assert ours.range > 3  # the quiet intro widens the range


def test_silence_measures_minus_infinity():
    quiet = measure_loudness(np.zeros((44_100 * 4, 2)), 44_100)
    assert quiet.integrated == -math.inf and quiet.range is None
    assert true_peak(np.zeros((1000, 2)), 44_100) == -math.inf


def test_a_997_hz_sine_at_full_scale_reads_minus_3_lufs_per_channel():
    # BS.1770's calibration: a 0 dBFS 997 Hz sine in one channel reads −3.01 LKFS.
    t = np.arange(48_000 * 5) / 48_000
    x = np.sin(2 * np.pi * 997 * t)[:, None]
    assert measure_loudness(x, 48_000).integrated == pytest.approx(-3.01, abs=0.05)


def test_true_peak_sees_between_the_samples():
    rate = 44_100
    t = np.arange(rate) / rate
    # A quarter-rate sine sampled 45° off its crests: every sample is ±0.707, the wave reaches 1.
    x = np.sin(2 * np.pi * rate / 4 * t + math.pi / 4)[:, None]
    assert 20 * math.log10(np.abs(x).max()) == pytest.approx(-3.01, abs=0.01)
    inside = peak_envelope(x)[100:-100]  # away from the ringing of the abrupt start and end
    assert 20 * math.log10(inside.max()) == pytest.approx(0.0, abs=0.05)


def test_true_peak_agrees_with_16x_resampling():
    rate = 44_100
    x = music(10, seed=3) * 3
    fine = signal.resample_poly(x, 16, 1, axis=0, window=("kaiser", 12.0))
    reference = 20 * math.log10(np.abs(fine).max())
    assert true_peak(x, rate) == pytest.approx(reference, abs=0.1)
    assert peak_envelope(x).shape == (x.shape[0],)


def test_third_octave_distance_sees_tone_not_level():
    x = music(10, seed=4)
    centres, levels = third_octave_spectrum(x, 44_100)
    assert centres[0] == pytest.approx(25.1, abs=0.1) and centres[-1] < 20_000
    _, louder = third_octave_spectrum(x * 3, 44_100)
    assert spectral_distance(centres, louder, levels) < 0.01
    _, tilted = third_octave_spectrum(detune(x, 1.5, 0), 44_100)
    assert spectral_distance(centres, tilted, levels) > 3


def test_true_peak_skips_only_frames_that_cannot_reach_the_peak():
    """``true_peak`` computes inter-sample values only where a bound says they could beat the
    sample peak: it must still equal the maximum of the full oversampled envelope."""
    rng = np.random.default_rng(11)
    edges = np.zeros((4_800, 2), np.float32)
    edges[0, 1], edges[-1, 0], edges[2_000:2_002, 0] = 0.95, 0.9, (1.0, 1.0)
    signals = [
        music(6, seed=3),
        rng.standard_normal((48_000, 2)).astype(np.float32) * 0.2,  # dense: the full path
        np.sin(np.arange(48_000) * np.pi / 2 + 0.7)[:, None].astype(np.float32),  # overs
        edges,
    ]
    for samples in signals:
        full = 20 * np.log10(peak_envelope(samples, 4).max())
        assert true_peak(samples, 48_000) == pytest.approx(full, abs=1e-4)
    assert true_peak(signals[2], 48_000) > 0.1  # 0 dBFS samples, inter-sample peak above
