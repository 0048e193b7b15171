"""What the VAEs read and write: 4-bar windows and drum "performance" tensors. numpy only.

Both representations are at 16 steps per 4/4 bar and cut into 4-bar (64-step) windows:

* **event windows** for MusicVAE: one class index per step, the same classes the RNNs use
  (melody: ``melody_event_to_class``; drums: the 9-bit drum event 0..511).
* **performance tensors** for GrooVAE and Tap2Drum (after Magenta's ``GrooveConverter``): per step
  and drum class a hit (0/1), a velocity (0..1, MIDI velocity / 127) and a micro-timing offset
  (-0.5..0.5 of a 16th step, from the unquantized MIDI onset relative to the nearest 16th). When a
  class is struck twice on the same step (a flam), the louder hit is kept. The "tap" of a step is
  its loudest onset of any pitch, with that onset's velocity and offset.

Cutting a corpus into training windows is :mod:`inference.training.windows`.
"""

from __future__ import annotations

import numpy as np

from ..music import NUM_DRUM_CLASSES, STEPS_PER_BAR, Clip, drum_class_of_pitch

WINDOW_BARS = 4
WINDOW_STEPS = WINDOW_BARS * STEPS_PER_BAR  # 64
HIT, VELOCITY, OFFSET = 0, 1, 2  # channels of a performance tensor [steps, 9, 3]
DRUM_EVENT_BITS = (1 << np.arange(NUM_DRUM_CLASSES)).astype(np.int32)


# --- performance tensors -------------------------------------------------------------------


def performance_from_clip(clip: Clip, steps: int | None = None) -> np.ndarray:
    """Hits, velocities and offsets of a drum clip; unmapped pitches are ignored."""
    steps = clip.total_steps if steps is None else steps
    tensor = np.zeros((steps, NUM_DRUM_CLASSES, 3), np.float32)
    for note in clip.notes:
        drum = drum_class_of_pitch(note.pitch)
        if drum is None or not 0 <= note.start_step < steps:
            continue
        cell = tensor[note.start_step, drum]
        velocity = note.velocity / 127.0
        if cell[HIT] and cell[VELOCITY] >= velocity:
            continue  # keep the louder of two hits on one step
        cell[:] = (1.0, velocity, np.clip(note.offset, -0.5, 0.5))
    return tensor


def taps_from_clip(clip: Clip, steps: int | None = None) -> np.ndarray:
    """``[steps, 3]`` tap voice of any clip: per step the loudest onset (hit, velocity, offset)."""
    steps = clip.total_steps if steps is None else steps
    taps = np.zeros((steps, 3), np.float32)
    for note in clip.notes:
        if not 0 <= note.start_step < steps:
            continue
        velocity = note.velocity / 127.0
        if taps[note.start_step, HIT] and taps[note.start_step, VELOCITY] >= velocity:
            continue
        taps[note.start_step] = (1.0, velocity, np.clip(note.offset, -0.5, 0.5))
    return taps


def taps_from_performance(tensor: np.ndarray) -> np.ndarray:
    """Collapse ``[..., steps, 9, 3]`` to the tap voice ``[..., steps, 3]`` (loudest hit per step)."""
    loudest = np.argmax(tensor[..., VELOCITY] * tensor[..., HIT], axis=-1)
    picked = np.take_along_axis(tensor, loudest[..., None, None], axis=-2)[..., 0, :]
    picked[..., HIT] = tensor[..., HIT].max(axis=-1)
    return picked * picked[..., HIT : HIT + 1]


FLAT_VELOCITY = 100 / 127  # the studio's step editor writes every note at velocity 100


def flat_taps(taps: np.ndarray, velocity: float = FLAT_VELOCITY) -> np.ndarray:
    """The taps' onsets on the grid at one velocity: what a melody entered in the studio gives."""
    flattened = np.zeros_like(taps)
    flattened[..., HIT] = taps[..., HIT]
    flattened[..., VELOCITY] = velocity * taps[..., HIT]
    return flattened


def quantize_performance(tensor: np.ndarray) -> np.ndarray:
    """GrooVAE's input: the hits alone, velocities and offsets zeroed."""
    quantized = np.zeros_like(tensor)
    quantized[..., HIT] = tensor[..., HIT]
    return quantized


def drum_events_from_hits(hits: np.ndarray) -> np.ndarray:
    """``[..., 9]`` 0/1 hits → 9-bit drum events (bit i = class i)."""
    return (hits.astype(np.int32) * DRUM_EVENT_BITS).sum(axis=-1).astype(np.int32)


def hits_from_drum_events(events: np.ndarray) -> np.ndarray:
    return ((np.asarray(events)[..., None] & DRUM_EVENT_BITS) > 0).astype(np.float32)
