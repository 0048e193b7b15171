"""Data for the VAE models: 4-bar windows and the drum "performance" tensors. numpy only.

Two representations, both at 16 steps per 4/4 bar and cut into 4-bar (64-step) windows:

* **event windows** for MusicVAE: one class index per step, the same classes the RNNs use
  (melody: ``melody_event_to_class``; drums: the 9-bit drum event 0..511), from
  :mod:`inference.datasets`.
* **performance tensors** for GrooVAE and Tap2Drum (after Magenta's ``GrooveConverter``): per step
  and drum class a hit (0/1), a velocity (0..1, MIDI velocity / 127) and a micro-timing offset
  (-0.5..0.5 of a 16th step, from the unquantized MIDI onset relative to the nearest 16th). When a
  class is struck twice on the same step (a flam), the louder hit is kept. The "tap" of a step is
  its loudest onset of any pitch, with that onset's velocity and offset.
"""

from __future__ import annotations

import csv
import hashlib
from dataclasses import dataclass
from pathlib import Path

import numpy as np

from .datasets import SPLITS, Sequence, load_melodies
from .midi_io import MidiError, read_midi
from .music import NUM_DRUM_CLASSES, STEPS_PER_BAR, Clip, drum_class_of_pitch

WINDOW_BARS = 4
WINDOW_STEPS = WINDOW_BARS * STEPS_PER_BAR  # 64
HIT, VELOCITY, OFFSET = 0, 1, 2  # channels of a performance tensor [steps, 9, 3]
DRUM_EVENT_BITS = (1 << np.arange(NUM_DRUM_CLASSES)).astype(np.int32)


@dataclass
class Performance:
    """One GMD file as a ``[steps, 9, 3]`` float32 tensor (hit, velocity, offset)."""

    name: str
    tensor: np.ndarray
    qpm: float


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


# --- loading -------------------------------------------------------------------------------


def load_gmd_performances(
    data_dir: str | Path, limit: int | None = None, cache_dir: str | Path | None = None
) -> dict:
    """The 4/4 files of the Groove MIDI Dataset with its own split, as performance tensors.

    Parsing 1,100 files takes a while, so with ``cache_dir`` the result is kept there, keyed by
    the folder, the size and time of its ``info.csv`` and ``limit``.
    """
    data_dir = Path(data_dir).resolve()
    info = data_dir / "info.csv"
    if not info.is_file():
        raise FileNotFoundError(f"{info} not found: --data must be the groove folder")
    stat = info.stat()
    key = f"{data_dir}|{stat.st_size}|{stat.st_mtime_ns}|{limit}".encode()
    cache = Path(cache_dir or ".") / f"gmd_{hashlib.sha1(key).hexdigest()[:16]}.npz"
    if cache_dir and cache.is_file():
        return _performances_from_npz(cache)
    with info.open(encoding="utf-8", newline="") as handle:
        rows = [r for r in csv.DictReader(handle) if r["time_signature"] == "4-4"][:limit]
    splits: dict[str, list[Performance]] = {name: [] for name in SPLITS}
    for row in rows:
        try:
            clip = read_midi(data_dir / row["midi_filename"], "drums")
        except MidiError:
            continue
        tensor = performance_from_clip(clip)
        if len(tensor) >= STEPS_PER_BAR:
            splits[row["split"]].append(Performance(row["id"], tensor, clip.qpm))
    if cache_dir:
        cache.parent.mkdir(parents=True, exist_ok=True)
        _performances_to_npz(cache, splits)
    return splits


def _performances_to_npz(path: Path, splits: dict) -> None:
    arrays = {}
    for split, items in splits.items():
        arrays[f"{split}_names"] = np.array([p.name for p in items])
        arrays[f"{split}_qpm"] = np.array([p.qpm for p in items], np.float32)
        arrays[f"{split}_lengths"] = np.array([len(p.tensor) for p in items], np.int64)
        arrays[f"{split}_data"] = (
            np.concatenate([p.tensor for p in items]) if items else np.zeros((0, 9, 3), np.float32)
        )
    np.savez_compressed(path, **arrays)


def _performances_from_npz(path: Path) -> dict:
    saved = np.load(path)
    splits = {}
    for split in SPLITS:
        names, qpms = saved[f"{split}_names"], saved[f"{split}_qpm"]
        bounds = np.cumsum(saved[f"{split}_lengths"])[:-1]
        tensors = np.split(saved[f"{split}_data"], bounds) if len(names) else []
        splits[split] = [
            Performance(str(n), t, float(q)) for n, t, q in zip(names, tensors, qpms, strict=True)
        ]
    return splits


# --- windows -------------------------------------------------------------------------------


def window_starts(length: int, hop: int, full_only: bool) -> range:
    """Bar-aligned window starts; ``full_only=False`` also keeps a padded tail of ≥ 1 bar."""
    last = length - WINDOW_STEPS if full_only else length - STEPS_PER_BAR
    return range(0, max(last, -1) + 1, hop)


def event_windows(sequences: list[Sequence], hop: int) -> np.ndarray:
    """Every full, bar-aligned 4-bar window ``[N, 64]`` of class sequences."""
    rows = [
        seq.classes[start : start + WINDOW_STEPS]
        for seq in sequences
        for start in window_starts(len(seq.classes), hop, full_only=True)
    ]
    return np.array(rows, np.int32).reshape(-1, WINDOW_STEPS)


def melody_windows(data_dir: str | Path, limit: int | None = None) -> dict[str, np.ndarray]:
    """4-bar melody windows: train overlapping by 3 bars, validation/test back to back."""
    dataset = load_melodies(data_dir, limit=limit)
    out = {}
    for split, seqs in dataset.splits.items():
        windows = event_windows(seqs, STEPS_PER_BAR if split == "train" else WINDOW_STEPS)
        out[split] = windows[(windows >= 2).sum(axis=1) >= 4]  # ≥ 4 note-ons: not a rest
    return out


def performance_windows(items: list[Performance], hop: int) -> np.ndarray:
    """``[N, 64, 9, 3]`` windows; tails of 1–3 bars are zero-padded (as at inference)."""
    rows = []
    for item in items:
        for start in window_starts(len(item.tensor), hop, full_only=False):
            window = item.tensor[start : start + WINDOW_STEPS]
            if window[..., HIT].sum() < 4:
                continue  # silence (count-ins, endings) teaches nothing
            pad = WINDOW_STEPS - len(window)
            rows.append(np.pad(window, ((0, pad), (0, 0), (0, 0))))
    return np.array(rows, np.float32).reshape(-1, WINDOW_STEPS, NUM_DRUM_CLASSES, 3)


def drum_windows(performances: dict) -> dict[str, np.ndarray]:
    """Full 4-bar drum-event windows for MusicVAE drums (the quantized GMD)."""
    out = {}
    for split, items in performances.items():
        seqs = [Sequence(p.name, drum_events_from_hits(p.tensor[..., HIT])) for p in items]
        hop = STEPS_PER_BAR if split == "train" else WINDOW_STEPS
        windows = event_windows(seqs, hop)
        out[split] = windows[(windows > 0).sum(axis=1) >= 8]  # ≥ 8 struck steps: playing
    return out


def groove_windows(performances: dict) -> dict[str, np.ndarray]:
    return {
        split: performance_windows(items, STEPS_PER_BAR if split == "train" else WINDOW_STEPS)
        for split, items in performances.items()
    }
