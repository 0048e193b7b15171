"""Which key MusicVAE melody decodes a scale in, so that Generate's Key and Scale keep its music.

The melody VAE was trained without transposition, so it plays some keys far better than others:
masked to a key it rarely saw, its notes pile onto the few pitches that key shares with the
ones it knows (on held-out comparisons, F♯ major clips used about 1.5 bits of pitch-class
entropy against 2.3 in G major). So the decoder keeps to the asked scale on the *home* key, the
same scale on the key the model itself plays most (found once per model by decoding a fixed
batch from its prior), and the clip is then moved as a whole to the asked key: every interval
and rhythm is kept, and a note in the scale on the home key is in the scale on the asked key.
The scale is still enforced inside the compiled decoder (its logit mask); nothing is snapped.
numpy only (the bundle runs the model).
"""

from __future__ import annotations

from dataclasses import replace

import numpy as np

from ..music import Clip, clip_from_melody_events, melody_class_to_event
from ..music.scales import find_key, key_for_scale, key_index

PROBE_CLIPS, PROBE_SEED = 64, 12345  # the fixed batch the model's own key is read from


def model_key(bundle) -> tuple[int, str]:
    """(tonic, mode) of the key the model's own clips are in, pooled over a fixed batch of codes
    from its prior at temperature 1 (kept on the bundle: bundles live as long as the process)."""
    if getattr(bundle, "model_key", None) is None:
        rng = np.random.default_rng(PROBE_SEED)
        z = rng.standard_normal((PROBE_CLIPS, bundle.config.latent)) * bundle.config.prior_scale
        notes = []
        for row in bundle.decode(z, 1.0, PROBE_SEED):
            clip = clip_from_melody_events([melody_class_to_event(int(c)) for c in row])
            notes += [(n.pitch, n.end_step - n.start_step) for n in clip.notes]
        bundle.model_key = find_key(notes) or (0, "major")
    return bundle.model_key


def home_and_shift(bundle, key: str | int, scale: str) -> tuple[int, int]:
    """The key to decode ``scale`` in, and the semitones (-6..5, the smallest move) that take
    a clip from there to ``key``."""
    home = key_for_scale(model_key(bundle), scale)
    return home, (key_index(key) - home + 6) % 12 - 6


def transpose(clip: Clip, shift: int) -> Clip:
    """The clip moved by ``shift`` semitones (a change of key: nothing else changes)."""
    if not shift:
        return clip
    return replace(clip, notes=tuple(replace(n, pitch=n.pitch + shift) for n in clip.notes))
