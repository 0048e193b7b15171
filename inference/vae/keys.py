"""Which key each MusicVAE melody clip decodes a scale in, so that Generate's Key and Scale keep
its music.

The melody VAE was trained without transposition, and every code it is given has a key of its
own: decoded without a scale, the clips of one batch land on many keys. Masked straight to the
asked key, a clip written in another one piles its notes onto the few pitches the two keys
share (on held-out comparisons, F♯ major clips used about 1.5 bits of pitch-class entropy
against 2.3 in G major). So each clip keeps to the asked scale on its *home* key: the tonic on
which that scale already covers most of the clip's own unconstrained decoding (same code, seed
and temperature). The clip is then moved as a whole to the asked key: every interval and
rhythm is kept, and a note in the scale on the home key is in the scale on the asked key. The
scale is still enforced inside the compiled decoder (its logit mask, one per row); nothing is
snapped. numpy only (the bundle runs the model).
"""

from __future__ import annotations

from dataclasses import replace

import numpy as np

from ..music import Clip, clip_from_melody_events, melody_class_to_event
from ..music.scales import find_key, key_for_scale, pitch_classes


def home_key(classes: np.ndarray, scale: str, fallback: int) -> int:
    """The tonic (0–11) on which ``scale`` covers the most sounding time of the melody in the
    class window ``classes``. On a tie the key Krumhansl–Schmuckler finds for the clip wins (a
    C major tune asked for major stays in C rather than going to F or G, which cover as much of
    a tune without B or F); ``fallback`` when the window has no note."""
    clip = clip_from_melody_events([melody_class_to_event(int(c)) for c in classes])
    notes = [(n.pitch, n.end_step - n.start_step) for n in clip.notes]
    found = find_key(notes)
    if found is None:
        return fallback
    sounding = np.zeros(12)
    for pitch, steps in notes:
        sounding[pitch % 12] += steps
    covered = np.array([sounding[sorted(pitch_classes(t, scale))].sum() for t in range(12)])
    preferred = key_for_scale(found, scale)
    return preferred if covered[preferred] >= covered.max() else int(np.argmax(covered))


def home_keys(unconstrained: np.ndarray, scale: str, fallback: int = 0) -> list[int]:
    """:func:`home_key` of every row of ``[B, 64]`` class windows."""
    return [home_key(row, scale, fallback) for row in unconstrained]


def transpose(clip: Clip, shift: int) -> Clip:
    """The clip moved by ``shift`` semitones (a change of key: nothing else changes)."""
    if not shift:
        return clip
    return replace(clip, notes=tuple(replace(n, pitch=n.pitch + shift) for n in clip.notes))
