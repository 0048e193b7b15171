"""The differentiable synthesizer, the spectral loss and the note features, against known
signals: the maths the timbre autoencoder stands on."""

from __future__ import annotations

import numpy as np
import pytest

from inference.nsynth import features, metrics

tf = pytest.importorskip("tensorflow")
synth = pytest.importorskip("inference.nsynth.synth")

RATE = features.SAMPLE_RATE
FRAMES = 125  # 2 s


def constant(value, channels=1, frames=FRAMES):
    return tf.constant(np.broadcast_to(np.float32(value), (1, frames, channels)).copy())


def sine_amplitude(audio: np.ndarray, hz: float) -> float:
    """Amplitude of the sinusoid at ``hz`` (a whole number of cycles in the window)."""
    t = np.arange(len(audio)) / RATE
    return float(2 * np.abs(np.mean(audio * np.exp(-2j * np.pi * hz * t))))


def test_harmonic_synth_plays_the_given_harmonics_at_the_given_amplitudes():
    distribution = np.zeros((1, FRAMES, 6), np.float32)
    distribution[..., :3] = [4.0, 2.0, 1.0]  # normalized to 4/7, 2/7, 1/7 of the amplitude
    audio = synth.harmonic_synth(constant(440.0), constant(0.7), tf.constant(distribution))
    audio = audio.numpy()[0]
    assert audio.shape == (FRAMES * features.HOP,)
    for k, share in ((1, 4 / 7), (2, 2 / 7), (3, 1 / 7)):
        assert sine_amplitude(audio, 440.0 * k) == pytest.approx(0.7 * share, rel=0.01)
    for k in (4, 5, 6):
        assert sine_amplitude(audio, 440.0 * k) < 1e-3
    assert abs(metrics.cents(metrics.estimate_f0(np.tile(audio, 2)), 440.0)) < 1


def test_harmonics_above_nyquist_are_silenced_and_the_rest_renormalized():
    distribution = np.ones((1, FRAMES, 4), np.float32)  # 3 kHz, 6 kHz, 9 kHz, 12 kHz
    audio = synth.harmonic_synth(constant(3000.0), constant(0.5), tf.constant(distribution))
    audio = audio.numpy()[0]
    assert sine_amplitude(audio, 3000.0) == pytest.approx(0.25, rel=0.01)
    assert sine_amplitude(audio, 6000.0) == pytest.approx(0.25, rel=0.01)
    spectrum = np.abs(np.fft.rfft(audio))
    assert spectrum.argmax() in {int(3000 * len(audio) / RATE), int(6000 * len(audio) / RATE)}


def test_amplitudes_move_linearly_from_frame_to_frame():
    frames = np.array([[[0.0], [1.0], [3.0]]], np.float32)
    up = synth.upsample(tf.constant(frames), hop=4).numpy()[0, :, 0]
    np.testing.assert_allclose(up, [0, 0.25, 0.5, 0.75, 1, 1.5, 2, 2.5, 3, 3, 3, 3])


def test_filtered_noise_follows_its_magnitudes():
    bands = 65  # 0 .. 8 kHz in 125-Hz steps
    low_pass = np.zeros((1, FRAMES, bands), np.float32)
    low_pass[..., :17] = 1.0  # up to 2 kHz
    audio = synth.filtered_noise(tf.constant(low_pass), tf.constant([1, 2])).numpy()[0]
    power = np.abs(np.fft.rfft(audio)) ** 2
    freqs = np.fft.rfftfreq(len(audio), 1 / RATE)
    assert power[freqs < 1800].mean() > 300 * power[freqs > 3000].mean()
    flat = synth.filtered_noise(tf.ones([1, FRAMES, bands]), tf.constant([1, 2])).numpy()[0]
    # Unit magnitudes pass white noise in [-1, 1] unchanged in power: variance 1/3.
    assert np.var(flat[1000:-1000]) == pytest.approx(1 / 3, rel=0.1)


def test_noise_is_fixed_by_its_seed():
    magnitudes = tf.ones([1, 10, 65])
    a = synth.filtered_noise(magnitudes, tf.constant([3, 4])).numpy()
    b = synth.filtered_noise(magnitudes, tf.constant([3, 4])).numpy()
    c = synth.filtered_noise(magnitudes, tf.constant([3, 5])).numpy()
    np.testing.assert_array_equal(a, b)
    assert not np.allclose(a, c)


def test_exp_sigmoid_spans_several_decades_and_stays_positive():
    values = synth.exp_sigmoid(tf.constant([-20.0, 0.0, 20.0])).numpy()
    assert values[0] > 0 and values[0] < 1e-6
    assert values[1] == pytest.approx(2 * 0.5 ** np.log(10.0), rel=1e-5)
    assert values[2] == pytest.approx(2.0, rel=1e-5)


def tone(hz, phase=0.0, amplitude=0.3, seconds=1.0):
    t = np.arange(int(seconds * RATE)) / RATE
    return (amplitude * np.sin(2 * np.pi * hz * t + phase)).astype(np.float32)


SIZES = (2048, 1024, 512, 256, 128, 64)


def loss(a, b):
    return float(synth.spectral_loss(tf.constant(a[None]), tf.constant(b[None]), SIZES)[0])


def test_spectral_loss_is_zero_for_the_same_note_and_symmetric():
    a, b = tone(440), tone(660)
    assert loss(a, a) == 0.0
    assert loss(a, b) == pytest.approx(loss(b, a), rel=1e-6)
    assert loss(a, b) > 1.0


def test_spectral_loss_hears_pitch_and_level_more_than_phase():
    # Magnitudes ignore a sine's phase except where the window's leakage from the mirrored
    # frequency meets the log floor, so a phase shift costs something, a semitone far more.
    a = tone(440)
    assert loss(a, tone(440, phase=1.3)) < 0.5 * loss(a, tone(466.16))
    for size in (2048, 1024, 512):
        shifted = float(synth.spectral_loss(a[None], tone(440, phase=1.3)[None], (size,))[0])
        semitone = float(synth.spectral_loss(a[None], tone(466.16)[None], (size,))[0])
        assert shifted < 0.4 * semitone
    assert loss(a, tone(440, amplitude=0.15)) < loss(a, tone(440, amplitude=0.03))


def test_spectral_loss_sums_its_scales():
    a, b = tone(440), tone(550)
    by_size = [float(synth.spectral_loss(a[None], b[None], (s,))[0]) for s in SIZES]
    assert loss(a, b) == pytest.approx(sum(by_size), rel=1e-5)


def test_loudness_is_a_weighted_power_in_db():
    assert features.loudness_db(tone(1000, amplitude=1.0, seconds=4))[100] == pytest.approx(
        -1.25, abs=0.05
    )
    quiet = features.loudness_db(tone(1000, amplitude=0.1, seconds=4))[100]
    assert quiet == pytest.approx(-21.25, abs=0.05)
    # A-weighting: 100 Hz counts 19.1 dB less than 1 kHz at the same level.
    low = features.loudness_db(tone(100, amplitude=1.0, seconds=4))[100]
    assert low == pytest.approx(-1.25 - 19.1, abs=0.3)
    assert features.loudness_db(np.zeros(64000))[0] == features.SILENCE_DB


def test_features_have_250_frames_per_note():
    audio = tone(440, seconds=4)
    found = features.note_features(audio, 69)
    assert found["log_mel"].shape == (250, features.MEL_BANDS)
    assert found["loudness_db"].shape == (250,)
    np.testing.assert_allclose(found["f0_hz"], 440.0)
    # The mel band holding 440 Hz is the loudest.
    band = found["log_mel"][100].argmax()
    centres = np.linspace(0, 2595 * np.log10(1 + 8000 / 700), features.MEL_BANDS + 2)[1:-1]
    centre_hz = 700 * (10 ** (centres[band] / 2595) - 1)
    assert 300 < centre_hz < 600


def test_centroid_and_monotonic_measures():
    assert metrics.spectral_centroid(np.tile(tone(1000), 4)) == pytest.approx(1000, rel=0.02)
    assert metrics.monotonic([100, 120, 120, 180, 200])
    assert metrics.monotonic([5, 4, 3, 2, 1])
    assert not metrics.monotonic([100, 130, 120, 180, 200])
    assert not metrics.monotonic([1, 1, 1, 1, 1])
    # Towards B's side: the real notes' centroids say which way that is.
    assert metrics.monotonic_towards([300, 320, 340], 400, 600)
    assert not metrics.monotonic_towards([340, 320, 300], 400, 600)
    assert not metrics.monotonic_towards([300, 350, 320], 400, 600)


def test_band_level_difference_is_zero_for_the_same_note_and_hears_a_new_timbre():
    t = np.arange(64000) / RATE
    bright = sum(np.sin(2 * np.pi * 220 * k * t) / k for k in range(1, 20)) * 0.05
    dull = np.sin(2 * np.pi * 220 * t) * 0.05
    assert metrics.spectral_difference_db(bright, bright) == 0.0
    # 6 dB louder in every band: 6 dB apart on average.
    assert metrics.spectral_difference_db(dull, 2 * dull) == pytest.approx(6.02, abs=0.05)
    assert metrics.spectral_difference_db(bright, dull) > 10
