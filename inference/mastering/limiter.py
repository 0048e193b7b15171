"""A look-ahead true-peak limiter for whole files (offline, so "look-ahead" is free).

1. The oversampled peak envelope (:func:`loudness.peak_envelope`) says, frame by frame, which
   gain would bring the inter-sample peaks down to the ceiling.
   The gain is computed per block of 16 frames (each block's highest peak) and drawn as
   straight lines between blocks: a sixteenth of the work, and the lines never cross above a
   peak's need (see :func:`smooth_gain`).
2. A running minimum over ±attack holds each needed gain around its peak, and a centred moving
   average of the attack's length then ramps into it; every average at a peak only covers
   minima that include that peak, so the ramp never lets a peak through.
3. Release: the gain reduction in dB recovers at a constant ``release_db_per_s``, computed for
   the whole file at once as a running maximum (reduction(n) = max over k ≤ n of
   reduction(k) − (n − k)·rate), so it never rises above what was needed either.
4. What the gain's own movement adds between samples is measured again, and a last fixed gain
   takes off any remaining excess: the output is checked, not assumed (:func:`limited_peak`,
   exact, but computed only where the gain's movement could matter).
"""

from __future__ import annotations

import math
from dataclasses import dataclass

import numpy as np
from scipy import ndimage

from .loudness import (
    inter_sample_peak,
    interpolation_phases,
    oversampling_for,
    peak_envelope,
)

CEILING_DB = -1.0
MARGIN_DB = 0.1  # aim this far under the ceiling; the check below takes what is left
ATTACK_S = 0.003
RELEASE_DB_PER_S = 30.0


@dataclass(frozen=True)
class Limited:
    samples: np.ndarray
    reduction_db: np.ndarray  # per frame, ≥ 0
    true_peak_db: float  # of the output, measured


BLOCK = 16  # frames per step of the gain computer (0.36 ms at 44.1 kHz)


def needed_gain(envelope: np.ndarray, ceiling: float) -> np.ndarray:
    gain = np.ones_like(envelope)
    over = envelope > ceiling
    gain[over] = ceiling / envelope[over]
    return gain


def per_block(values: np.ndarray, reduce, dtype=np.float32) -> np.ndarray:
    """``reduce`` (``np.max``, ``np.mean``) over each block of ``BLOCK`` frames, the last block
    padded with zeros: the gain computer's and the loudness estimate's common time grid."""
    blocks = -(-values.shape[0] // BLOCK)
    padded = np.zeros(blocks * BLOCK, dtype)
    padded[: values.shape[0]] = values
    return reduce(padded.reshape(blocks, BLOCK), axis=1)


def block_peaks(envelope: np.ndarray) -> np.ndarray:
    """The envelope's maximum over each block of ``BLOCK`` frames."""
    return per_block(np.asarray(envelope, np.float32), np.max)


def smooth_gain(needed: np.ndarray, rate: float, attack_s: float, release_db_per_s: float):
    """The gain reduction in dB (≥ what ``needed`` asks everywhere) after the hold, attack ramp
    and release, for a gain sampled at ``rate``. The hold reaches one step further than the
    ramp's half-width plus one, so that a straight line between two neighbouring steps (how
    :func:`expand` fills in the frames) never rises above what either end's peak needs."""
    attack = max(1, int(attack_s * rate)) | 1  # odd, so the average is centred
    held = ndimage.minimum_filter1d(needed, 2 * attack + 3, mode="nearest")
    ramped = ndimage.uniform_filter1d(held.astype(np.float64), attack, mode="nearest")
    reduction = -20 * np.log10(np.maximum(ramped, 1e-9))
    ramp = np.arange(reduction.shape[0]) * (release_db_per_s / rate)
    return np.maximum.accumulate(reduction + ramp) - ramp


def reduction_blocks(
    peaks: np.ndarray,
    rate: int,
    ceiling_db: float = CEILING_DB,
    attack_s: float = ATTACK_S,
    release_db_per_s: float = RELEASE_DB_PER_S,
) -> np.ndarray | None:
    """The limiter's gain reduction (dB) per block, from :func:`block_peaks`; None when no peak
    reaches the ceiling. Cheap: a sixteenth of the frames, and no signal is touched."""
    target = 10 ** ((ceiling_db - MARGIN_DB) / 20)
    if peaks.max(initial=0.0) <= target:
        return None
    return smooth_gain(needed_gain(peaks, target), rate / BLOCK, attack_s, release_db_per_s)


def expand(blocks: np.ndarray, frames: int) -> np.ndarray:
    """Per frame, the straight line from each block's value (at its first frame) to the next's."""
    knots = np.arange(blocks.shape[0]) * BLOCK
    return np.interp(np.arange(frames), knots, blocks)


def reduction_db(envelope: np.ndarray, rate: int, **limits) -> np.ndarray | None:
    """The gain reduction (dB) per frame for a peak envelope; None when nothing needs it."""
    blocks = reduction_blocks(block_peaks(envelope), rate, **limits)
    return None if blocks is None else expand(blocks, np.shape(envelope)[0])


def limit(
    samples: np.ndarray,
    rate: int,
    ceiling_db: float = CEILING_DB,
    attack_s: float = ATTACK_S,
    release_db_per_s: float = RELEASE_DB_PER_S,
    envelope: np.ndarray | None = None,
) -> Limited:
    """``envelope``: the input's peak envelope when the caller has it (it scales with a gain,
    so a gain loop measures it once)."""
    factor = oversampling_for(rate)
    if envelope is None:
        envelope = peak_envelope(samples, factor)
    reduction = reduction_db(
        envelope, rate, ceiling_db=ceiling_db, attack_s=attack_s, release_db_per_s=release_db_per_s
    )
    if reduction is None:  # nothing to limit: the envelope is the answer
        peak = float(np.max(envelope, initial=0.0))
        return Limited(
            np.asarray(samples, np.float32), np.zeros(samples.shape[0]),
            20 * math.log10(peak) if peak > 0 else -math.inf,
        )  # fmt: skip
    gain = (10 ** (-reduction / 20)).astype(np.float32)
    out = np.asarray(samples, np.float32) * gain[:, None]
    peak = limited_peak(samples, out, envelope, gain, rate)
    ceiling = 10 ** (ceiling_db / 20)
    if peak > ceiling:
        trim = ceiling / peak * 0.999
        out *= np.float32(trim)
        reduction = reduction - 20 * math.log10(trim)
        peak *= trim
    peak_db = 20 * math.log10(peak) if peak > 0 else -math.inf
    return Limited(out, reduction, peak_db)


def limited_peak(samples, out: np.ndarray, envelope, gain: np.ndarray, rate: int) -> float:
    """The true peak of ``out`` = ``samples`` × ``gain`` (per frame), exactly, from the input's
    peak ``envelope``. An inter-sample value of the output weighs 24 input samples by their own
    gains; with the gain g at the frame it is g × the input's value give or take
    (the phase's absolute weight sum) × (the largest input magnitude nearby) × (how far the gain
    strays from g nearby). So g × envelope is exact where the gain holds still, and only blocks
    whose upper bound reaches the best lower bound are computed sample by sample: a dense loud
    master needs a few blocks, not a second oversampled pass. "Nearby" is the block and its two
    neighbours, which cover the 24 samples around any of its frames."""
    estimate = np.asarray(envelope, np.float32) * gain
    channels = [np.ascontiguousarray(channel) for channel in out.T]
    sample_peak = max(float(np.abs(channel).max(initial=0.0)) for channel in channels)
    factor = oversampling_for(rate)
    if factor == 1 or sample_peak == 0:
        return float(estimate.max(initial=0.0))
    phases = interpolation_phases(factor)[1:]
    bound = float(np.abs(phases).sum(axis=1).max())
    magnitude = np.abs(np.asarray(samples[:, 0], np.float32))
    for column in range(1, samples.shape[1]):
        np.maximum(magnitude, np.abs(samples[:, column]), out=magnitude)

    def nearby(values, reduce, filter1d):
        return filter1d(per_block(values, reduce), 3, mode="nearest")

    # Zero padding in the last block only widens its bounds.
    spread = nearby(gain, np.max, ndimage.maximum_filter1d) - nearby(
        gain, np.min, ndimage.minimum_filter1d
    )
    slack = bound * nearby(magnitude, np.max, ndimage.maximum_filter1d) * spread
    highest = per_block(estimate, np.max) * np.float32(1 + 1e-4)  # + float32 rounding
    lower = max(sample_peak, float((highest * np.float32(1 - 2e-4) - slack).max()))
    blocks = np.flatnonzero(highest + slack >= lower)
    frames = (blocks[:, None] * BLOCK + np.arange(BLOCK)).ravel()
    frames = frames[frames < gain.shape[0]]
    if frames.size > gain.shape[0] // 4:  # the gain moves everywhere: measure it all
        return float(peak_envelope(out, factor).max())
    return max(sample_peak, inter_sample_peak(channels, phases, frames))
