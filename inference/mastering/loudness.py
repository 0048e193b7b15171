"""Loudness and peaks: integrated loudness (ITU-R BS.1770-4), loudness range (EBU Tech 3342)
and true peak by 4× oversampling (BS.1770-4 Annex 2).

The K-weighting filters are pyloudnorm's (``pyloudnorm.iirfilter.IIRfilter``, the BS.1770-4
pre-filter and RLB high-pass) and the gating follows ``pyloudnorm.Meter`` block for block, but
the block energies come from one cumulative sum instead of a Python loop over blocks: a
3-minute track is measured in a fraction of a second, which the mastering loop needs because it
measures several times. tests/test_mastering_loudness.py holds the results equal to
``pyloudnorm.Meter``'s. Arrays are float, shape (frames, channels); silence measures −inf.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from functools import cache

import numpy as np
from pyloudnorm.iirfilter import IIRfilter
from scipy import ndimage, signal

ABSOLUTE_GATE = -70.0  # LUFS
OVERSAMPLING = 4
TAPS_PER_PHASE = 24


@cache
def k_weighting(rate: int) -> np.ndarray:
    """The two K-weighting stages at ``rate``, as pyloudnorm's meter builds them, as one
    second-order-sections filter (sosfilt runs both in one pass)."""
    stages = (
        IIRfilter(4.0, 1 / np.sqrt(2), 1500.0, rate, "high_shelf"),
        IIRfilter(0.0, 0.5, 38.0, rate, "high_pass"),
    )
    return np.vstack([signal.tf2sos(s.b * s.passband_gain, s.a) for s in stages])


def k_weighted_power(samples: np.ndarray, rate: int) -> np.ndarray:
    """Per frame, the K-weighted power summed over channels (channel weights 1: mono, stereo)."""
    weighted = signal.sosfilt(k_weighting(rate), np.asarray(samples, np.float64).T, axis=1)
    return np.einsum("ij,ij->j", weighted, weighted)


def _block_energies(cumulative: np.ndarray, rate: int, block_s: float, overlap: float):
    """Mean-square power of each gating block, with pyloudnorm's block boundaries."""
    frames = cumulative.shape[0] - 1
    step = 1.0 - overlap
    count = int(np.round((frames / rate - block_s) / (block_s * step))) + 1
    if count < 1:
        return np.zeros(0)
    j = np.arange(count)
    lower = (block_s * (j * step) * rate).astype(np.int64)
    upper = np.minimum((block_s * (j * step + 1) * rate).astype(np.int64), frames)
    return (cumulative[upper] - cumulative[lower]) / (block_s * rate)


def _loudness(energy):
    with np.errstate(divide="ignore"):
        return -0.691 + 10.0 * np.log10(energy)


def gated_loudness(energies: np.ndarray) -> float:
    """BS.1770-4 gating of 400 ms block energies: absolute −70 LUFS, then relative −10 LU."""
    levels = _loudness(energies)
    above = energies[levels >= ABSOLUTE_GATE]
    if not above.size:
        return -math.inf
    relative = _loudness(above.mean()) - 10.0
    kept = energies[(levels > relative) & (levels > ABSOLUTE_GATE)]
    return float(_loudness(kept.mean())) if kept.size else -math.inf


def loudness_range_of(short_term: np.ndarray) -> float | None:
    """EBU Tech 3342 on short-term (3 s) block energies: gates −70 LUFS and −20 LU, then the
    spread between the 10th and 95th percentiles. None when no block passes."""
    levels = _loudness(short_term)
    levels = levels[levels >= ABSOLUTE_GATE]
    if not levels.size:
        return None
    relative = 10 * np.log10(np.mean(10 ** (levels / 10))) - 20.0
    levels = levels[levels >= relative]
    if not levels.size:
        return None
    return float(np.percentile(levels, 95) - np.percentile(levels, 10))


@dataclass(frozen=True)
class Loudness:
    integrated: float  # LUFS, −inf for silence
    range: float | None  # LU


def measure_loudness(samples: np.ndarray, rate: int) -> Loudness:
    """Integrated loudness and loudness range from one K-weighting pass."""
    return loudness_from_power(k_weighted_power(samples, rate), rate)


def loudness_from_power(power: np.ndarray, rate: int) -> Loudness:
    """:func:`measure_loudness` from per-frame K-weighted power (:func:`k_weighted_power`)."""
    cumulative = np.concatenate([[0.0], np.cumsum(power)])
    integrated = gated_loudness(_block_energies(cumulative, rate, 0.4, 0.75))
    # Tech 3342's reference code (and pyloudnorm) measure with 1.5 s of silence appended.
    padded = np.concatenate([cumulative, np.full(int(1.5 * rate), cumulative[-1])])
    short_term = _block_energies(padded, rate, 3.0, 0.97)
    return Loudness(integrated, loudness_range_of(short_term) if short_term.size else None)


def integrated_loudness(samples: np.ndarray, rate: int) -> float:
    return loudness_of_power(k_weighted_power(samples, rate), rate)


def loudness_of_power(power: np.ndarray, rate: int) -> float:
    """Integrated loudness from per-frame K-weighted power (:func:`k_weighted_power`)."""
    cumulative = np.concatenate([[0.0], np.cumsum(power)])
    return gated_loudness(_block_energies(cumulative, rate, 0.4, 0.75))


@cache
def interpolation_phases(factor: int = OVERSAMPLING) -> np.ndarray:
    """Polyphase components (factor × TAPS_PER_PHASE) of a Kaiser-windowed sinc interpolator
    that keeps the band below 0.95 × the original Nyquist frequency. Phase k gives the value
    k/factor of a sample period after a sample; phase 0 reproduces the samples."""
    taps = factor * TAPS_PER_PHASE
    prototype = signal.firwin(taps + 1, 0.95 / factor, window=("kaiser", 9.0)) * factor
    return np.stack([prototype[k:taps:factor] for k in range(factor)]).astype(np.float32)


def peak_envelope(samples: np.ndarray, factor: int = OVERSAMPLING) -> np.ndarray:
    """For each frame, the largest absolute value over channels of the signal at the frame and
    at the ``factor`` − 1 instants before the next one: the inter-sample peaks a DAC shows."""
    frames = samples.shape[0]
    channels = [np.asarray(channel, np.float32) for channel in np.asarray(samples).T]
    # Column by column: numpy reduces a (frames, 2) array along its short axis slowly.
    envelope = np.abs(channels[0])
    for channel in channels[1:]:
        np.maximum(envelope, np.abs(channel), out=envelope)
    if factor == 1:
        return envelope
    phases = interpolation_phases(factor)
    delay = TAPS_PER_PHASE // 2
    for channel in channels:
        for phase in phases[1:]:
            values = signal.oaconvolve(channel, phase)[delay : delay + frames]
            np.maximum(envelope, np.abs(values, out=values), out=envelope)
    return envelope


def oversampling_for(rate: int) -> int:
    """4× below 96 kHz, 2× below 192 kHz, none above (BS.1770-4 Annex 2's guidance)."""
    return OVERSAMPLING if rate < 96_000 else 2 if rate < 192_000 else 1


def true_peak(samples: np.ndarray, rate: int) -> float:
    """True peak in dBTP (−inf for digital silence)."""
    peak = true_peak_amplitude(samples, rate)
    return 20 * math.log10(peak) if peak > 0 else -math.inf


def true_peak_amplitude(samples: np.ndarray, rate: int) -> float:
    """The maximum of :func:`peak_envelope` (linear), computed only where it can be reached. An inter-sample value is a weighted sum of the 24
    samples around it, so it is at most their largest magnitude times the phase's absolute
    weight sum; frames whose neighbourhood cannot beat the sample peak that way are skipped
    (in music, all but a few per cent)."""
    factor = oversampling_for(rate)
    channels = [np.asarray(channel, np.float32) for channel in np.asarray(samples).T]
    magnitude = np.abs(channels[0])
    for channel in channels[1:]:
        np.maximum(magnitude, np.abs(channel), out=magnitude)
    peak = float(magnitude.max(initial=0.0))
    if factor > 1 and peak > 0:
        phases = interpolation_phases(factor)[1:]
        bound = float(np.abs(phases).sum(axis=1).max())
        reach = ndimage.maximum_filter1d(magnitude, 2 * TAPS_PER_PHASE + 1)
        candidates = np.flatnonzero(reach * bound > peak)
        if candidates.size > magnitude.shape[0] // 4:  # dense peaks: the full envelope is cheaper
            peak = float(peak_envelope(samples, factor).max())
        else:
            peak = max(peak, inter_sample_peak(channels, phases, candidates))
    return peak


def inter_sample_peak(channels, phases: np.ndarray, frames: np.ndarray) -> float:
    """The largest inter-sample magnitude at ``frames``, with the alignment of
    :func:`peak_envelope` (value n of a phase weighs samples n − 11 … n + 12)."""
    delay, taps = TAPS_PER_PHASE // 2, phases.shape[1]
    offsets = delay + taps - 1 - np.arange(taps)  # into the channel padded by `taps` each side
    largest = 0.0
    for channel in channels:
        padded = np.pad(channel, taps)
        for start in range(0, frames.size, 1 << 15):
            windows = padded[frames[start : start + (1 << 15), None] + offsets]
            values = windows @ phases.T
            largest = max(largest, float(np.abs(values).max(initial=0.0)))
    return largest


def json_db(value: float | None, digits: int = 2) -> float | None:
    """A dB value for a JSON report: rounded, None for ±inf, NaN or None."""
    if value is None or not math.isfinite(value):
        return None
    return round(float(value), digits)
