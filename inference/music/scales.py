"""Keys and scales for the melody tools, and the mask that keeps a sampler inside one scale.

Plain Python + numpy. A scale is a set of pitch classes above its key (the tonic); the samplers
add :func:`logit_mask` of the melody classes to their logits before every draw, so an
out-of-scale note-on gets probability zero inside the compiled loop itself: no rejection, no
snapping afterwards. Note-off and no-event are always allowed, so a melody can rest whatever the
scale. The key of a primer is found with the Krumhansl–Schmuckler key finder.
"""

from __future__ import annotations

from collections.abc import Iterable

import numpy as np

from .representation import (
    MELODY_MAX_PITCH,
    MELODY_MIN_PITCH,
    MELODY_NUM_CLASSES,
    NUM_SPECIAL_MELODY_EVENTS,
)

KEY_NAMES: tuple[str, ...] = ("C", "C#", "D", "D#", "E", "F", "F#", "G", "G#", "A", "A#", "B")
OFF = "off"
PRIMER_KEY = "primer"  # Continue's "the primer's key": found by :func:`find_key`

# Semitones above the key. Blues is the minor blues scale (minor pentatonic plus the flat fifth).
SCALES: dict[str, tuple[int, ...]] = {
    "major": (0, 2, 4, 5, 7, 9, 11),
    "natural_minor": (0, 2, 3, 5, 7, 8, 10),
    "harmonic_minor": (0, 2, 3, 5, 7, 8, 11),
    "dorian": (0, 2, 3, 5, 7, 9, 10),
    "major_pentatonic": (0, 2, 4, 7, 9),
    "minor_pentatonic": (0, 3, 5, 7, 10),
    "blues": (0, 3, 5, 6, 7, 10),
}
SCALE_NAMES: tuple[str, ...] = (OFF, *SCALES)
# Which tonic a scale hangs on when the key comes from a primer: a minor-type scale on the
# primer's minor tonic, a major-type one on its major tonic (A minor + major → C major, the
# relative major, which shares its notes; not A major, which would clash with the primer).
MINOR_TYPE = frozenset({"natural_minor", "harmonic_minor", "dorian", "minor_pentatonic", "blues"})

# A logit this low has probability exactly 0 after softmax in float32 (exp underflows) and stays
# finite, so entropies (p · log p) do not turn into NaN as they would with -inf.
MASKED_LOGIT = -1e9


class ScaleError(ValueError):
    """An unknown key or scale name (the message says which ones exist)."""


def key_index(key: str | int) -> int:
    """0 (C) … 11 (B) from a name in ``KEY_NAMES`` or an int."""
    if isinstance(key, int) and not isinstance(key, bool) and 0 <= key < 12:
        return key
    if key in KEY_NAMES:
        return KEY_NAMES.index(key)
    raise ScaleError(f"key must be one of {', '.join(KEY_NAMES)}, got {key!r}")


def pitch_classes(key: str | int, scale: str) -> frozenset[int]:
    """The pitch classes (0 = C) of ``scale`` on ``key``; all twelve when the scale is off."""
    if scale == OFF:
        return frozenset(range(12))
    if scale not in SCALES:
        raise ScaleError(f"scale must be one of {', '.join(SCALE_NAMES)}, got {scale!r}")
    root = key_index(key)
    return frozenset((root + step) % 12 for step in SCALES[scale])


def allowed_classes(
    key: str | int,
    scale: str,
    low: int = MELODY_MIN_PITCH,
    high: int = MELODY_MAX_PITCH,
) -> np.ndarray:
    """``[MELODY_NUM_CLASSES]`` bools over the melody event vocabulary (no-event, note-off, then
    pitches ``low``..``high - 1``): True where the sampler may choose the class."""
    classes = pitch_classes(key, scale)
    allowed = np.ones(NUM_SPECIAL_MELODY_EVENTS + high - low, bool)
    for pitch in range(low, high):
        allowed[NUM_SPECIAL_MELODY_EVENTS + pitch - low] = pitch % 12 in classes
    return allowed


def logit_mask(key: str | int, scale: str) -> np.ndarray:
    """What the samplers add to the melody logits: 0 where allowed, ``MASKED_LOGIT`` where not
    (``[MELODY_NUM_CLASSES]`` float32; all zeros when the scale is off)."""
    return np.where(allowed_classes(key, scale), 0.0, MASKED_LOGIT).astype(np.float32)


def no_mask(num_classes: int = MELODY_NUM_CLASSES) -> np.ndarray:
    """The mask of an unconstrained run (drums, Interpolate): zeros, so logits are unchanged."""
    return np.zeros(num_classes, np.float32)


def in_scale(pitches: Iterable[int], key: str | int, scale: str) -> bool:
    """Whether every pitch is inside the scale."""
    classes = pitch_classes(key, scale)
    return all(int(p) % 12 in classes for p in pitches)


# --- the primer's key -------------------------------------------------------------------------

# Krumhansl & Kessler's (1982) probe-tone ratings of the 12 pitch classes above a major and a
# minor tonic: the key profiles of the Krumhansl–Schmuckler algorithm.
MAJOR_PROFILE = (6.35, 2.23, 3.48, 2.33, 4.38, 4.09, 2.52, 5.19, 2.39, 3.66, 2.29, 2.88)
MINOR_PROFILE = (6.33, 2.68, 3.52, 5.38, 2.60, 3.53, 2.54, 4.75, 3.98, 2.69, 3.34, 3.17)


def _standardised(rows: np.ndarray) -> np.ndarray:
    centred = rows - rows.mean(axis=-1, keepdims=True)
    return centred / np.linalg.norm(centred, axis=-1, keepdims=True)


# The 24 key profiles in the order keys are tried (C major … B major, C minor … B minor),
# standardised once so that each correlation is one dot product.
_KEY_PROFILES = _standardised(
    np.array([np.roll(p, t) for p in (MAJOR_PROFILE, MINOR_PROFILE) for t in range(12)])
)


def find_key(notes: Iterable[tuple[int, float]]) -> tuple[int, str] | None:
    """Krumhansl–Schmuckler: ``(tonic, "major" | "minor")`` of ``(pitch, duration)`` pairs, the
    key whose profile correlates best with the duration-weighted pitch-class histogram (the
    first of C major … B major, C minor … B minor on a tie). None when there is no note, or
    when all twelve pitch classes sound equally long (no key can be told)."""
    histogram = np.zeros(12)
    for pitch, duration in notes:
        histogram[int(pitch) % 12] += max(float(duration), 0.0)
    if histogram.sum() <= 0 or np.ptp(histogram) == 0:
        return None
    # Pearson's r with every profile at once (Generate asks this of every clip it keys),
    # rounded so that keys tied but for the last bits of float error go to the first of them.
    best = int(np.argmax(np.round(_KEY_PROFILES @ _standardised(histogram), 12)))
    return best % 12, ("major", "minor")[best // 12]


def key_for_scale(found: tuple[int, str], scale: str) -> int:
    """The key a scale is played on, given a primer's detected key (see ``MINOR_TYPE``)."""
    tonic, mode = found
    if scale in MINOR_TYPE:
        return tonic if mode == "minor" else (tonic + 9) % 12  # C major → A minor
    return tonic if mode == "major" else (tonic + 3) % 12  # A minor → C major


def describe(key: int, scale: str) -> str:
    """``"A natural_minor"``: how a notice names a key and scale (the studio words it)."""
    return f"{KEY_NAMES[key]} {scale}"
