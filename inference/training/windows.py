"""VAE training data: a corpus cut into 4-bar windows, per split. numpy only.

* MusicVAE melody: the melodies of :func:`inference.training.datasets.load_melodies` as event
  windows; MusicVAE drums: the quantized Groove MIDI Dataset as 9-bit drum-event windows;
* GrooVAE / Tap2Drum: the Groove MIDI Dataset as performance windows, with the conditioning
  input (quantized hits, or the tap voice) made from each window.

Train windows start on every bar (overlapping by 3 bars); validation and test windows do not
overlap. Each ``*_data`` function is a model's data converter (``ModelSpec.load_data``): it
returns, per split, the arrays one training example is made of, aligned on the first axis.
"""

from __future__ import annotations

import csv
import hashlib
from dataclasses import dataclass
from pathlib import Path

import numpy as np

from ..music import NUM_DRUM_CLASSES, STEPS_PER_BAR
from ..music.midi_io import MidiError, read_midi
from ..vae.data import (
    HIT,
    WINDOW_STEPS,
    drum_events_from_hits,
    flat_taps,
    performance_from_clip,
    quantize_performance,
    taps_from_performance,
)
from .datasets import SPLITS, Sequence, load_melodies


@dataclass
class Performance:
    """One GMD file as a ``[steps, 9, 3]`` float32 tensor (hit, velocity, offset)."""

    name: str
    tensor: np.ndarray
    qpm: float


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


# --- the models' data converters (ModelSpec.load_data) ---------------------------------------


def musicvae_melody_data(data_dir, limit=None, cache_dir=None) -> dict[str, tuple[np.ndarray]]:
    return {split: (w,) for split, w in melody_windows(data_dir, limit).items()}


def musicvae_drum_data(data_dir, limit=None, cache_dir=None) -> dict[str, tuple[np.ndarray]]:
    performances = load_gmd_performances(data_dir, limit, cache_dir)
    return {split: (w,) for split, w in drum_windows(performances).items()}


def humanize_data(data_dir, limit=None, cache_dir=None) -> dict[str, tuple[np.ndarray, ...]]:
    """GrooVAE: (the quantized hits ``[N, 64, 9]``, the performance ``[N, 64, 9, 3]``)."""
    windows = groove_windows(load_gmd_performances(data_dir, limit, cache_dir))
    return {s: (quantize_performance(w)[..., HIT], w) for s, w in windows.items()}


def tap_data(data_dir, limit=None, cache_dir=None) -> dict[str, tuple[np.ndarray, ...]]:
    """Tap2Drum: (the tap voice ``[N, 64, 3]``, the performance ``[N, 64, 9, 3]``)."""
    windows = groove_windows(load_gmd_performances(data_dir, limit, cache_dir))
    return {s: (taps_from_performance(w), w) for s, w in windows.items()}


def tap_data_with_flat_taps(data_dir, limit=None, cache_dir=None) -> dict:
    """Tap2Drum trained for what students give it too: the train and validation windows twice,
    once with the drummer's taps and once with the same onsets flat (on the grid, one velocity),
    the input a melody from the step editor makes. The test split keeps the real taps only (the
    held-out suite makes its own flat taps)."""
    data = tap_data(data_dir, limit, cache_dir)
    out = {}
    for split, (taps, performance) in data.items():
        if split == "test":
            out[split] = (taps, performance)
            continue
        out[split] = (
            np.concatenate([taps, flat_taps(taps)]),
            np.concatenate([performance, performance]),
        )
    return out
