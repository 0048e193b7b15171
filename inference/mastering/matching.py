"""Matching a reference's tonal balance and stereo width.

The equaliser is the smoothed ratio of the two long-term spectra (reference ÷ input), limited
to ±12 dB and held flat outside 30 Hz–16 kHz, built as a linear-phase FIR (frequency sampling
with a window: ``scipy.signal.firwin2``) and applied with its delay removed, so nothing moves
in time. Mid (L+R) and side (L−R) get their own curves; the width step then sets the side's
level relative to the mid's to the reference's.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
from scipy import signal

from .spectrum import long_term_psd, mid_side, smooth_octave_fraction

TAPS = 4097  # odd: a type I linear-phase filter, 93 ms at 44.1 kHz (≈10 Hz resolution)
SMOOTHING = 1 / 3  # octave
MAX_DB = 12.0
LOW_HZ, HIGH_HZ = 30.0, 16_000.0
MAX_WIDTH_CHANGE = 2.0  # side gain at most ×2 (or ÷2): more is a different mix, not mastering
SIDE_FLOOR_DB = -40.0  # a side this far below the mid is treated as none (a mono mix)


@dataclass(frozen=True)
class EqCurve:
    freqs: np.ndarray
    gain_db: np.ndarray

    def at(self, centres: np.ndarray) -> np.ndarray:
        return np.interp(centres, self.freqs, self.gain_db)


def eq_curve(freqs: np.ndarray, source: np.ndarray, reference: np.ndarray, rate: int) -> EqCurve:
    """The smoothed reference ÷ source power ratio in dB, its in-band mean removed, limited and
    held flat beyond the band where either has music to compare."""
    # A power ratio in dB is the amplitude gain in dB the filter needs.
    reference_smooth = smooth_octave_fraction(freqs, reference, SMOOTHING)
    source_smooth = smooth_octave_fraction(freqs, source, SMOOTHING)
    ratio = 10 * np.log10(np.maximum(reference_smooth, 1e-30) / np.maximum(source_smooth, 1e-30))
    high = min(HIGH_HZ, 0.45 * rate)
    band = (freqs >= LOW_HZ) & (freqs <= high)
    ratio = ratio - np.mean(ratio[band])  # shape only: the loudness step sets the level
    inside = np.clip(ratio, -MAX_DB, MAX_DB)
    first, last = np.flatnonzero(band)[[0, -1]]
    inside[:first] = inside[first]
    inside[last + 1 :] = inside[last]
    return EqCurve(freqs, inside)


def linear_phase_fir(curve: EqCurve, rate: int, taps: int = TAPS) -> np.ndarray:
    gains = 10 ** (curve.gain_db / 20)
    return signal.firwin2(taps, curve.freqs, gains, fs=rate, window="hann")


def apply_fir(mono: np.ndarray, fir: np.ndarray) -> np.ndarray:
    """Filter with the linear-phase FIR, its (taps − 1)/2 delay removed."""
    delay = (fir.shape[0] - 1) // 2
    filtered = signal.oaconvolve(np.asarray(mono, np.float32), fir.astype(np.float32))
    return filtered[delay : delay + mono.shape[0]]


def side_to_mid_db(samples: np.ndarray) -> float | None:
    """The side's power relative to the mid's, in dB: a measure of width (None for mono)."""
    mid, side = mid_side(samples)
    return None if side is None else power_ratio_db(side, mid)


def power_ratio_db(side: np.ndarray, mid: np.ndarray) -> float | None:
    mid_power = float(np.dot(mid, mid)) / max(1, mid.shape[0])
    if mid_power <= 0:
        return None
    side_power = float(np.dot(side, side)) / max(1, side.shape[0])
    return 10 * np.log10(max(side_power, 1e-30) / mid_power)


@dataclass(frozen=True)
class Matched:
    samples: np.ndarray
    mid_curve: EqCurve
    side_curve: EqCurve | None
    side_gain_db: float  # the width step's change of the side's level


def match_reference(samples: np.ndarray, reference: np.ndarray, rate: int) -> Matched:
    """The input equalised (mid and side separately) and its width set to the reference's."""
    mid, side = mid_side(samples)
    ref_mid, ref_side = mid_side(reference)
    freqs, source_psd = long_term_psd(mid, rate)
    _, reference_psd = long_term_psd(ref_mid, rate)
    mid_curve = eq_curve(freqs, source_psd, reference_psd, rate)
    mid = apply_fir(mid, linear_phase_fir(mid_curve, rate))
    if side is None:
        return Matched(mid[:, None], mid_curve, None, 0.0)
    side_curve, side_gain_db = None, 0.0
    width_in, width_ref = side_to_mid_db(samples), side_to_mid_db(reference)
    if (
        width_in is not None
        and width_in > SIDE_FLOOR_DB
        and width_ref is not None
        and width_ref > SIDE_FLOOR_DB
    ):
        _, side_psd = long_term_psd(side, rate)
        _, ref_side_psd = long_term_psd(ref_side, rate)
        side_curve = eq_curve(freqs, side_psd, ref_side_psd, rate)
        side = apply_fir(side, linear_phase_fir(side_curve, rate))
    width_now = power_ratio_db(side, mid)  # the equalised pair's width, no L/R needed
    if width_now is not None and width_ref is not None and width_now > SIDE_FLOOR_DB:
        limit = 20 * np.log10(MAX_WIDTH_CHANGE)
        side_gain_db = float(np.clip(width_ref - width_now, -limit, limit))
        side = side * np.float32(10 ** (side_gain_db / 20))
    return Matched(np.stack([mid + side, mid - side], axis=1), mid_curve, side_curve, side_gain_db)
