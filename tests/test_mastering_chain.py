"""The mastering chain on self-made tracks: the issue's measured targets.

Each case takes a track, detunes it in level and tone (a tilted EQ, ±10 dB), masters it and
checks the 24-bit WAV that comes out: integrated loudness within ±0.5 LU of the reference (or
target), true peak ≤ −1.0 dBTP, no clipped samples, and a third-octave distance to the
reference at least 50 % smaller than the input's.
"""

from __future__ import annotations

import numpy as np
import pytest

from inference.mastering import MasteringError, master, master_audio
from inference.mastering.limiter import CEILING_DB, MARGIN_DB, limit, limited_peak, reduction_db
from inference.mastering.loudness import integrated_loudness, peak_envelope, true_peak
from inference.mastering.matching import match_reference, side_to_mid_db
from inference.mastering.spectrum import spectral_distance, third_octave_spectrum
from tests.mastering_fixtures import RATE, decode, detune, encode, music

REFERENCE = music(20, seed=1, width=0.4)


def distance(samples, reference, rate=RATE) -> float:
    centres, levels = third_octave_spectrum(samples, rate)
    _, target = third_octave_spectrum(reference, rate)
    return spectral_distance(centres, levels, target)


def check_output(wav: bytes, goal_lufs: float) -> np.ndarray:
    samples, rate = decode(wav)
    assert integrated_loudness(samples, rate) == pytest.approx(goal_lufs, abs=0.5)
    assert true_peak(samples, rate) <= -1.0
    assert np.abs(samples).max() < 1.0  # nothing at full scale, so nothing clipped
    return samples


@pytest.mark.parametrize("tilt,gain", [(2.0, -10.0), (-2.0, 10.0), (1.0, 10.0)])
def test_matching_a_reference(tilt, gain):
    track = detune(music(20, seed=2, width=0.15), tilt, gain)
    wav, ogg, report = master(encode(track, RATE, "WAV", "PCM_24"), encode(REFERENCE, RATE))
    goal = integrated_loudness(REFERENCE, RATE)
    out = check_output(wav, goal)
    before, after = distance(track, REFERENCE), distance(out, REFERENCE)
    assert after <= 0.5 * before, (before, after)
    assert report["output"]["true_peak_dbtp"] <= -1.0
    assert report["reference"]["integrated_lufs"] == pytest.approx(goal, abs=0.01)
    assert len(report["spectra"]["reference_db"]) == len(report["spectra"]["bands_hz"])
    assert len(report["eq"]["mid_db"]) == len(report["spectra"]["bands_hz"])
    assert report["gain_reduction"]["hop_s"] == 0.1
    assert len(report["gain_reduction"]["db"]) == pytest.approx(200, abs=1)
    assert decode(ogg)[0].shape[1] == 2


@pytest.mark.parametrize(
    "target,lufs", [("streaming", -14.0), ("loud", -9.0), ("broadcast", -23.0)]
)
def test_named_targets(target, lufs):
    track = detune(music(20, seed=3), 0.5, -10.0)
    wav, _, report = master(encode(track, RATE, "FLAC"), target=target)
    check_output(wav, lufs)
    assert report["target_lufs"] == lufs and report["reference"] is None
    assert report["eq"] is None and report["notices"] == []
    if target == "loud":  # −9 LUFS under a −1 dBTP ceiling takes real limiting
        assert report["gain_reduction"]["max_db"] > 1.0


def test_width_follows_the_reference():
    narrow = music(20, seed=4, width=0.25)  # about 4 dB less side than the reference
    matched = match_reference(narrow, REFERENCE, RATE)
    assert side_to_mid_db(matched.samples) == pytest.approx(side_to_mid_db(REFERENCE), abs=0.5)
    # Widening stops at ×2 of the side (+6 dB): more would be remixing, not mastering.
    almost_mono = match_reference(music(20, seed=4, width=0.05), REFERENCE, RATE)
    assert almost_mono.side_gain_db == pytest.approx(6.02, abs=0.01)


def test_mono_track_and_a_reference_at_another_rate():
    mono = detune(music(10, seed=5), -1.0, 6.0)[:, :1]
    reference = music(10, seed=6, rate=48_000)
    result = master_audio(mono, RATE, reference, 48_000)
    assert result.rate == RATE and result.samples.shape[1] == 1
    goal = integrated_loudness(reference, 48_000)
    assert integrated_loudness(result.samples, RATE) == pytest.approx(goal, abs=0.5)
    assert true_peak(result.samples, RATE) <= -1.0


def test_the_limiter_holds_the_ceiling_on_impulses():
    x = np.zeros((RATE * 2, 2), np.float32)
    x[::5000] = 3.0  # isolated full-scale clicks, 10 dB over: worst inter-sample peaks
    x[20_000:20_050, 1] = np.sin(np.arange(50) * 3.0) * 4
    limited = limit(x, RATE)
    assert limited.true_peak_db <= -1.0
    assert true_peak(limited.samples, RATE) <= -1.0
    assert limited.reduction_db.min() >= 0 and limited.reduction_db.max() > 10


@pytest.mark.parametrize("drive_db", [0.0, 12.0, 24.0])
@pytest.mark.parametrize("gain_kind", ["limiter", "steps"])
def test_the_limited_peak_equals_a_full_oversampled_measurement(drive_db, gain_kind):
    """The limiter reads its output's true peak from the input's envelope and recomputes only
    near a moving gain: it must agree with measuring the whole output at 4×, also for a gain
    that moves much faster than any limiter's (a random level, 0.25 to 1, every 7 frames)."""
    x = music(6, seed=3, width=0.3) * np.float32(10 ** (drive_db / 20))
    envelope = peak_envelope(x, 4)
    if gain_kind == "limiter":
        reduction = reduction_db(envelope, RATE)
        gain = np.ones(x.shape[0], np.float32) if reduction is None else 10 ** (-reduction / 20)
    else:
        levels = np.random.default_rng(5).uniform(0.25, 1.0, x.shape[0] // 7 + 1)
        gain = np.repeat(levels, 7)[: x.shape[0]]
    gain = gain.astype(np.float32)
    out = x * gain[:, None]
    measured = float(peak_envelope(out, 4).max())
    assert limited_peak(x, out, envelope, gain, RATE) == pytest.approx(measured, rel=1e-5)


def test_silence_is_refused_with_its_own_code():
    silence = encode(np.zeros((RATE * 3, 2), np.float32), RATE)
    with pytest.raises(MasteringError) as caught:
        master(silence, target="streaming")
    assert (caught.value.code, caught.value.field) == ("silent", "input")
    with pytest.raises(MasteringError) as caught:
        master(encode(music(3, seed=8), RATE), silence)
    assert (caught.value.code, caught.value.field) == ("silent_reference", "reference")
    with pytest.raises(MasteringError) as caught:
        master(encode(music(3, seed=8), RATE), target="louder")
    assert caught.value.code == "bad_target"
    with pytest.raises(MasteringError) as caught:
        master(b"not audio", target="streaming")
    assert (caught.value.code, caught.value.field) == ("not_audio", "input")


def test_the_limiters_gain_curve_alone_covers_every_peak():
    """The gain is computed per block and drawn as lines between blocks: at every frame it
    must still take off at least what that frame's own peak needs (before any final trim)."""
    rng = np.random.default_rng(4)
    envelope = np.abs(rng.standard_normal(RATE * 3)).astype(np.float32) * 0.3
    envelope[rng.integers(0, envelope.shape[0], 200)] = rng.uniform(1.0, 4.0, 200)
    envelope[1000:1003] = 6.0  # a burst right at the start, and one at the very end
    envelope[-2:] = 5.0
    reduction = reduction_db(envelope, RATE)
    needed = np.maximum(0.0, 20 * np.log10(envelope / 10 ** ((CEILING_DB - MARGIN_DB) / 20)))
    assert reduction.shape == envelope.shape
    assert np.all(reduction >= needed - 1e-4)  # float32 envelope rounding
    assert reduction.max() == pytest.approx(needed.max(), abs=0.5)
    assert reduction_db(np.full(RATE, 0.5, np.float32), RATE) is None


def test_an_unreachable_target_stops_at_a_sane_gain():
    """Clicks every 0.1 s over a faint bed: the limiter's release keeps the gain down, so the
    loud target cannot be reached. The search must stop (no runaway gain, the notice says so)
    with the true peak still held, and not end quieter than it started."""
    rng = np.random.default_rng(0)
    clicks = (rng.standard_normal((RATE * 6, 2)) * 0.0005).astype(np.float32)
    clicks[:: RATE // 10] = 0.9
    before = integrated_loudness(clicks, RATE)
    result = master_audio(clicks, RATE, target="loud")
    report = result.report
    assert "target_not_reached" in report["notices"]
    assert report["gain_db"] <= (-9.0 - before) + 20.0
    assert true_peak(result.samples, RATE) <= -1.0
    assert report["output"]["integrated_lufs"] >= before - 0.5
