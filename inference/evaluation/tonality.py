"""Key-keeping of melodies: how well their notes fit one diatonic scale (numpy only).

A clip's pitch-class histogram is compared with the 12 major (diatonic) scales; the scale that
holds the largest share of the notes is the clip's key (a minor key shares its relative
major's notes, so it needs no scale of its own). "Scale consistency" in the sense of Mogren's
C-RNN-GAN (2016): real tunes keep above 0.95, uniformly random pitches about 7/12.
"""

from __future__ import annotations

import numpy as np

from ..music import Clip
from .features import pitch_class_histogram

MAJOR_SCALE = (0, 2, 4, 5, 7, 9, 11)
# SCALES[root] is 1.0 on the 7 pitch classes of the major scale on ``root``.
SCALES = np.array(
    [[float((pc - root) % 12 in MAJOR_SCALE) for pc in range(12)] for root in range(12)]
)


def scale_shares(histogram: np.ndarray) -> np.ndarray:
    """``[12]``: the share of the notes inside each major scale (by root)."""
    return SCALES @ np.asarray(histogram, float)


def best_scale(clip: Clip) -> int:
    """The root of the major scale holding the most notes (the lowest root on a tie)."""
    return int(np.argmax(scale_shares(pitch_class_histogram(clip))))


def scale_fit(clip: Clip) -> float:
    """The share of the notes in the clip's best-fitting scale (1.0 for an empty clip)."""
    return float(scale_shares(pitch_class_histogram(clip)).max()) if clip.notes else 1.0


def in_scale_share(clip: Clip, root: int) -> float:
    """The share of the clip's notes inside the major scale on ``root`` (1.0 for no notes)."""
    return float(scale_shares(pitch_class_histogram(clip))[root]) if clip.notes else 1.0
