"""Measures of single notes for the card and the tests: centroid, f0, mean-spectrum notes. numpy.

The "sustained part" of a 4-s note is 0.25 s to 2.75 s: after the attack, before the key is
released at 3 s.
"""

from __future__ import annotations

import numpy as np
from scipy.signal import istft, stft

from .features import SAMPLE_RATE

SUSTAIN = (0.25, 2.75)  # seconds
SPECTRUM_FFT, SPECTRUM_HOP = 1024, 256


def sustained(audio: np.ndarray) -> np.ndarray:
    return np.asarray(audio)[int(SUSTAIN[0] * SAMPLE_RATE) : int(SUSTAIN[1] * SAMPLE_RATE)]


def spectral_centroid(audio: np.ndarray) -> float:
    """Power-weighted mean frequency (Hz) of the sustained part's average power spectrum."""
    _, _, spectrum = stft(sustained(audio), SAMPLE_RATE, nperseg=2048, noverlap=1536)
    power = (np.abs(spectrum) ** 2).mean(axis=1)
    freqs = np.fft.rfftfreq(2048, 1 / SAMPLE_RATE)
    return float((power * freqs).sum() / max(power.sum(), 1e-20))


def estimate_f0(audio: np.ndarray, fmin: float = 30.0, fmax: float = 2000.0) -> float:
    """f0 (Hz) of the sustained part by YIN (de Cheveigné & Kawahara 2002): the median over
    frames of the first dip of the cumulative-mean-normalized difference below 0.15 (else its
    minimum), refined by parabolic interpolation. Not told the expected pitch."""
    signal = sustained(audio).astype(np.float64)
    window, hop = 2048, 1024
    max_lag = int(SAMPLE_RATE / fmin)
    min_lag = int(SAMPLE_RATE / fmax)
    estimates = []
    for start in range(0, len(signal) - window - max_lag, hop):
        frame = signal[start : start + window + max_lag]
        if np.sqrt(np.mean(frame**2)) < 1e-4:
            continue
        x = frame[:window]
        # d(lag) = sum (x_j - y_{j+lag})^2 = |x|^2 + |y[lag:lag+window]|^2 - 2 x . y[lag:...]
        energy = np.concatenate([[0.0], np.cumsum(frame**2)])
        shifted = energy[window : window + max_lag + 1] - energy[: max_lag + 1]
        cross = np.fft.irfft(
            np.fft.rfft(frame, 2 * len(frame)) * np.conj(np.fft.rfft(x, 2 * len(frame)))
        )[: max_lag + 1]
        diff = np.maximum(np.sum(x**2) + shifted - 2 * cross, 0.0)
        cumulative = np.cumsum(diff[1:]) / np.arange(1, max_lag + 1)
        normalized = np.ones_like(diff)
        normalized[1:] = diff[1:] / np.maximum(cumulative, 1e-20)
        below = np.flatnonzero(normalized[min_lag:] < 0.15)
        if below.size:
            lag = min_lag + below[0]
            while lag + 1 <= max_lag and normalized[lag + 1] < normalized[lag]:
                lag += 1
        else:
            lag = min_lag + int(np.argmin(normalized[min_lag:]))
        if 0 < lag < max_lag:
            a, b, c = normalized[lag - 1 : lag + 2]
            denominator = a - 2 * b + c
            lag = lag + (0.5 * (a - c) / denominator if denominator else 0.0)
        estimates.append(SAMPLE_RATE / lag)
    if not estimates:
        return float("nan")
    return refine_f0(signal, float(np.median(estimates)))


def refine_f0(signal: np.ndarray, rough_hz: float, width_cents: float = 60.0) -> float:
    """The strongest peak of the zero-padded spectrum within ``width_cents`` of ``rough_hz``,
    parabolically interpolated: YIN's lag grid is coarse for high notes (15 samples at C6)."""
    size = 1 << 20
    spectrum = np.abs(np.fft.rfft(signal * np.hanning(len(signal)), size))
    freqs = np.fft.rfftfreq(size, 1 / SAMPLE_RATE)
    ratio = 2 ** (width_cents / 1200)
    band = np.flatnonzero((freqs > rough_hz / ratio) & (freqs < rough_hz * ratio))
    if band.size < 3:
        return rough_hz
    peak = band[np.argmax(spectrum[band])]
    a, b, c = np.log(spectrum[peak - 1 : peak + 2] + 1e-20)
    denominator = a - 2 * b + c
    offset = 0.5 * (a - c) / denominator if denominator else 0.0
    return float((peak + offset) * SAMPLE_RATE / size)


def cents(f_hz: float, reference_hz: float) -> float:
    return float(1200 * np.log2(f_hz / reference_hz))


def magnitudes(audio: np.ndarray) -> np.ndarray:
    _, _, spectrum = stft(
        audio, SAMPLE_RATE, nperseg=SPECTRUM_FFT, noverlap=SPECTRUM_FFT - SPECTRUM_HOP
    )
    return np.abs(spectrum)


def with_phase_of(magnitude: np.ndarray, audio: np.ndarray) -> np.ndarray:
    """A note whose STFT magnitude is ``magnitude`` and whose phase is that of ``audio``."""
    _, _, spectrum = stft(
        audio, SAMPLE_RATE, nperseg=SPECTRUM_FFT, noverlap=SPECTRUM_FFT - SPECTRUM_HOP
    )
    phase = np.exp(1j * np.angle(spectrum))
    _, out = istft(
        magnitude * phase, SAMPLE_RATE, nperseg=SPECTRUM_FFT, noverlap=SPECTRUM_FFT - SPECTRUM_HOP
    )
    return out[: len(audio)].astype(np.float32)


def griffin_lim(magnitude: np.ndarray, length: int, iterations: int = 32) -> np.ndarray:
    """A note with (about) this STFT magnitude and a phase found by Griffin & Lim (1984),
    starting from zero phase: nothing of any real note's phase is used."""
    settings = dict(fs=SAMPLE_RATE, nperseg=SPECTRUM_FFT, noverlap=SPECTRUM_FFT - SPECTRUM_HOP)
    spectrum = magnitude.astype(np.complex128)
    audio = np.zeros(length)
    for _ in range(iterations):
        _, audio = istft(spectrum, **settings)
        audio = np.pad(audio[:length], (0, max(0, length - len(audio))))
        _, _, estimate = stft(audio, **settings)
        spectrum = magnitude * np.exp(1j * np.angle(estimate))
    _, audio = istft(spectrum, **settings)
    return np.pad(audio[:length], (0, max(0, length - len(audio)))).astype(np.float32)


def band_levels_db(audio: np.ndarray) -> np.ndarray:
    """The sustained part's mean power in each mel band, in dB, [MEL_BANDS]."""
    from .features import HOP, log_mel

    mel = log_mel(audio)[int(SUSTAIN[0] * SAMPLE_RATE / HOP) : int(SUSTAIN[1] * SAMPLE_RATE / HOP)]
    return 10 * np.log10(np.mean(10 ** (mel / 10), axis=0) + 1e-12)


def spectral_difference_db(a: np.ndarray, b: np.ndarray, floor_db: float = 60.0) -> float:
    """Mean absolute difference of two notes' band levels (dB), over the bands within
    ``floor_db`` of the louder note's loudest band (bands both leave silent do not count)."""
    la, lb = band_levels_db(a), band_levels_db(b)
    top = max(la.max(), lb.max())
    audible = np.maximum(la, lb) > top - floor_db
    return float(np.mean(np.abs(la - lb)[audible]))


def monotonic(values) -> bool:
    """Whether a sequence never turns back: every step goes the way of last - first (or is 0)."""
    steps = np.diff(np.asarray(values, dtype=np.float64))
    direction = np.sign(values[-1] - values[0])
    return bool(direction != 0 and np.all(steps * direction >= 0))


def monotonic_towards(values, start: float, end: float) -> bool:
    """Monotonic, and going the way from ``start`` to ``end`` (e.g. the real notes' centroids)."""
    return monotonic(values) and bool(np.sign(values[-1] - values[0]) == np.sign(end - start))
