"""Long-term spectra: Welch power spectra, fractional-octave smoothing, 1/3-octave band levels
and the spectral distance the tests and the report use."""

from __future__ import annotations

import numpy as np
from scipy import signal

SEGMENT = 8192  # 5.4 Hz bins at 44.1 kHz, fine enough for the 25 Hz band
MAX_SEGMENTS = 512
# IEC 61260 base-10 third-octave centres, 25 Hz … 20 kHz.
THIRD_OCTAVE_CENTRES = 1000.0 * 10.0 ** (np.arange(-16, 14) / 10.0)
BAND_EDGE = 10.0 ** (1 / 20)  # a band spans centre / 10^(1/20) … centre × 10^(1/20)
# Bands the distance compares: below 40 Hz and above 16 kHz little music and much noise lives.
DISTANCE_LOW, DISTANCE_HIGH = 40.0, 16_000.0
FLOOR = 1e-20  # power floor, so that empty bands measure about −200 dB instead of −inf


def mid_side(samples: np.ndarray) -> tuple[np.ndarray, np.ndarray | None]:
    """(L+R)/2 and (L−R)/2; a mono signal is its own mid and has no side."""
    if samples.shape[1] == 1:
        return samples[:, 0], None
    left, right = samples[:, 0], samples[:, 1]
    return (left + right) * 0.5, (left - right) * 0.5


def long_term_psd(mono: np.ndarray, rate: int) -> tuple[np.ndarray, np.ndarray]:
    """Frequencies and the mean power spectral density (Hann-windowed segments, Welch's
    scaling). A long track is sampled by at most ``MAX_SEGMENTS`` segments spread evenly over
    it: a long-term average needs a few hundred, not every overlapping one."""
    mono = np.asarray(mono, np.float32)
    segment = min(SEGMENT, mono.shape[0])
    window = signal.windows.hann(segment, sym=False).astype(np.float32)
    count = min(MAX_SEGMENTS, max(1, 2 * (mono.shape[0] - segment) // segment + 1))
    starts = np.linspace(0, mono.shape[0] - segment, count).astype(np.int64)
    power = np.zeros(segment // 2 + 1)
    for first in range(0, count, 64):
        frames = mono[starts[first : first + 64, None] + np.arange(segment)] * window
        power += (np.abs(np.fft.rfft(frames, axis=1)) ** 2).sum(axis=0)
    psd = power / (count * rate * float(np.sum(window.astype(np.float64) ** 2)))
    psd[1:-1] *= 2  # one-sided
    return np.fft.rfftfreq(segment, 1 / rate), psd


def bands_for(rate: int) -> np.ndarray:
    """The third-octave centres whose upper edge lies below the Nyquist frequency."""
    return THIRD_OCTAVE_CENTRES[rate / 2 > THIRD_OCTAVE_CENTRES * BAND_EDGE]


def band_levels(freqs: np.ndarray, psd: np.ndarray, centres: np.ndarray) -> np.ndarray:
    """Power in each third-octave band, in dB (relative to full-scale power density × Hz)."""
    step = freqs[1] - freqs[0]
    cumulative = np.concatenate([[0.0], np.cumsum(psd) * step])
    low = np.searchsorted(freqs, centres / BAND_EDGE)
    high = np.searchsorted(freqs, centres * BAND_EDGE)
    high = np.maximum(high, low + 1)  # a band narrower than a bin still takes its bin
    power = cumulative[np.minimum(high, len(psd))] - cumulative[np.minimum(low, len(psd) - 1)]
    return 10 * np.log10(np.maximum(power, FLOOR))


def third_octave_spectrum(samples: np.ndarray, rate: int) -> tuple[np.ndarray, np.ndarray]:
    """Band centres and the long-term level (dB) of the mid signal in each third-octave band."""
    mid, _ = mid_side(samples)
    freqs, psd = long_term_psd(mid, rate)
    centres = bands_for(rate)
    return centres, band_levels(freqs, psd, centres)


def spectral_distance(centres: np.ndarray, levels: np.ndarray, reference: np.ndarray) -> float:
    """RMS difference (dB) of two band spectra over 40 Hz–16 kHz (and the bands both have)
    after removing their mean difference: tone, not level (loudness is matched separately)."""
    common = min(len(centres), len(levels), len(reference))  # lists start at 25 Hz at any rate
    centres = np.asarray(centres[:common])
    keep = (centres >= DISTANCE_LOW) & (centres <= DISTANCE_HIGH)
    difference = np.asarray(levels[:common])[keep] - np.asarray(reference[:common])[keep]
    return float(np.sqrt(np.mean((difference - difference.mean()) ** 2)))


def smooth_octave_fraction(freqs: np.ndarray, psd: np.ndarray, fraction: float) -> np.ndarray:
    """Each bin's power averaged over the bins within ± fraction/2 octave of it (a constant-Q
    window): the detail of single notes goes, the tonal balance stays."""
    half = 2.0 ** (fraction / 2)
    cumulative = np.concatenate([[0.0], np.cumsum(psd)])
    low = np.searchsorted(freqs, freqs / half, side="left")
    high = np.searchsorted(freqs, freqs * half, side="right")
    high = np.maximum(high, low + 1)
    return (cumulative[high] - cumulative[low]) / (high - low)
