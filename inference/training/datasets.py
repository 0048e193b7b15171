"""Training sequences: loading the corpora, the fixed splits, augmentation and batching.

numpy only (no TensorFlow). The RNNs train on these sequences and :mod:`.windows` cuts them into
the VAEs' windows. Sequences are stored as class indices (what the softmax predicts):

* melodies: ``melody_event_to_class`` (0 = no event, 1 = note-off, 2.. = pitch - 48);
* drums: the 9-bit drum event itself (0..511).

Splits
------
* **melodies** (``melodies/index.jsonl``): a tune's split is fixed by the CRC-32 of its normalized
  title (or, for untitled tunes, its source file): ``crc % 10 == 0`` → test, ``== 1`` →
  validation, else train. Tunes with the same title (the same air in two tune books) therefore
  always land in the same split, and every tune stays whole in one split.
* **drums** (``groove/info.csv``): the Groove MIDI Dataset's own train/validation/test split,
  4/4 files only.
"""

from __future__ import annotations

import csv
import json
import re
import zlib
from dataclasses import dataclass
from pathlib import Path

import numpy as np

from ..music import (
    MELODY_MAX_PITCH,
    MELODY_MIN_PITCH,
    STEPS_PER_QUARTER,
    Clip,
    Note,
    drum_events_from_clip,
    melody_event_to_class,
    melody_events_from_clip,
)
from ..music.midi_io import MidiError, read_midi

SPLITS = ("train", "validation", "test")
MIN_SEQUENCE_STEPS = 8  # shorter sequences teach nothing and are skipped


@dataclass
class Sequence:
    name: str
    classes: np.ndarray  # int32 class indices, one per step


@dataclass
class Dataset:
    kind: str
    splits: dict[str, list[Sequence]]
    description: str

    def sizes(self) -> dict[str, dict[str, int]]:
        return {
            name: {"sequences": len(seqs), "steps": int(sum(len(s.classes) for s in seqs))}
            for name, seqs in self.splits.items()
        }


def melody_split(title: str | None, source: str, file: str) -> str:
    """The fixed split of a tune (see the module docstring)."""
    normalized = re.sub(r"[^a-z0-9]+", " ", (title or "").lower()).strip()
    key = f"title:{normalized}" if normalized else f"file:{source}/{file}"
    bucket = zlib.crc32(key.encode("utf-8")) % 10
    return "test" if bucket == 0 else "validation" if bucket == 1 else "train"


def melody_clip_from_notes(notes: list[list[float]]) -> Clip:
    """A clip from index.jsonl notes ``[pitch, onset_quarters, duration_quarters]``."""
    quantized = []
    for pitch, onset, duration in notes:
        start = int(round(onset * STEPS_PER_QUARTER))
        end = max(start + 1, int(round((onset + duration) * STEPS_PER_QUARTER)))
        quantized.append(Note(int(pitch), start, end))
    return Clip(tuple(quantized), "melody")


def melody_classes_from_clip(clip: Clip) -> np.ndarray:
    events, _ = melody_events_from_clip(clip)
    return np.array([melody_event_to_class(e) for e in events], dtype=np.int32)


def load_melodies(data_dir: str | Path, limit: int | None = None) -> Dataset:
    """Load ``index.jsonl`` from the melodies folder (only the notes are needed)."""
    index = Path(data_dir) / "index.jsonl"
    if not index.is_file():
        raise FileNotFoundError(f"{index} not found: --data must be the melodies folder")
    splits: dict[str, list[Sequence]] = {name: [] for name in SPLITS}
    with index.open(encoding="utf-8") as lines:
        for number, line in enumerate(lines):
            if limit is not None and number >= limit:
                break
            row = json.loads(line)
            if not row.get("usable", True) or not row.get("notes"):
                continue
            classes = melody_classes_from_clip(melody_clip_from_notes(row["notes"]))
            if len(classes) < MIN_SEQUENCE_STEPS:
                continue
            split = melody_split(row.get("title"), row.get("source", ""), row.get("file", ""))
            name = f"{row.get('source')}/{row.get('file')}#{row.get('idx')}"
            splits[split].append(Sequence(name, classes))
    description = "music21 corpus folk tunes and Bach chorale soprano lines (melodies/index.jsonl)"
    return Dataset("melody", splits, description)


def load_groove(data_dir: str | Path, limit: int | None = None) -> Dataset:
    """Load the 4/4 files of the Groove MIDI Dataset with its own split, as drum events."""
    data_dir = Path(data_dir)
    info = data_dir / "info.csv"
    if not info.is_file():
        raise FileNotFoundError(f"{info} not found: --data must be the groove folder")
    splits: dict[str, list[Sequence]] = {name: [] for name in SPLITS}
    with info.open(encoding="utf-8", newline="") as handle:
        rows = [r for r in csv.DictReader(handle) if r["time_signature"] == "4-4"]
    for row in rows[:limit]:
        try:
            clip = read_midi(data_dir / row["midi_filename"], "drums")
        except MidiError:
            continue
        events, _ = drum_events_from_clip(clip)
        if len(events) >= MIN_SEQUENCE_STEPS:
            splits[row["split"]].append(Sequence(row["id"], np.array(events, dtype=np.int32)))
    description = "Groove MIDI Dataset v1.0.0, 4/4 files, onsets snapped to 16th notes"
    return Dataset("drums", splits, description)


def transpose_melody_classes(classes: np.ndarray, shift: int) -> np.ndarray:
    """Transpose melody classes by ``shift`` semitones (special events unchanged)."""
    out = classes.copy()
    notes = out >= 2
    out[notes] += shift
    return out


def melody_shift_range(classes: np.ndarray, max_shift: int) -> tuple[int, int]:
    """The transpositions within ±max_shift that keep every note inside the model's range."""
    notes = classes[classes >= 2]
    if not len(notes):
        return 0, 0
    top = MELODY_MAX_PITCH - MELODY_MIN_PITCH + 1  # highest class index
    low = max(-max_shift, 2 - int(notes.min()))
    high = min(max_shift, top - int(notes.max()))
    return (low, high) if low <= high else (0, 0)


def epoch_windows(
    sequences: list[Sequence],
    window: int,
    rng: np.random.Generator,
    transpose: int = 0,
) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Cut sequences into windows of ``window + 1`` steps for one epoch, shuffled.

    Returns ``(tokens, positions, mask)``, each ``[N, window + 1]``; positions are step indices
    from the start of the tune (for the metric binary counter); padding has mask 0. With
    ``transpose > 0`` every window of a melody gets one random shift within ±transpose that
    keeps it in range (augmentation).
    """
    tokens, positions, masks = [], [], []
    for seq in sequences:
        classes = seq.classes
        for start in range(0, max(1, len(classes) - 1), window):
            chunk = classes[start : start + window + 1]
            if len(chunk) < 2:
                continue
            if transpose:
                low, high = melody_shift_range(chunk, transpose)
                chunk = transpose_melody_classes(chunk, int(rng.integers(low, high + 1)))
            pad = window + 1 - len(chunk)
            tokens.append(np.pad(chunk, (0, pad)))
            positions.append(np.arange(start, start + window + 1, dtype=np.int32))
            masks.append(np.pad(np.ones(len(chunk), np.float32), (0, pad)))
    order = rng.permutation(len(tokens))
    return (
        np.stack(tokens)[order].astype(np.int32),
        np.stack(positions)[order],
        np.stack(masks)[order],
    )


def length_batches(sequences: list[Sequence], max_tokens: int = 8192):
    """Whole sequences grouped by length into padded batches of at most ``max_tokens`` steps.

    Yields ``(tokens, positions, mask)`` for evaluation on complete tunes/performances.
    """
    ordered = sorted(sequences, key=lambda s: len(s.classes))
    batch: list[Sequence] = []
    for seq in ordered:
        longest = max([len(seq.classes)] + [len(s.classes) for s in batch])
        if batch and longest * (len(batch) + 1) > max_tokens:
            yield _pad_batch(batch)
            batch = []
        batch.append(seq)
    if batch:
        yield _pad_batch(batch)


def _pad_batch(batch: list[Sequence]):
    length = max(len(s.classes) for s in batch)
    tokens = np.zeros((len(batch), length), np.int32)
    mask = np.zeros((len(batch), length), np.float32)
    for row, seq in enumerate(batch):
        tokens[row, : len(seq.classes)] = seq.classes
        mask[row, : len(seq.classes)] = 1.0
    positions = np.broadcast_to(np.arange(length, dtype=np.int32), tokens.shape).copy()
    return tokens, positions, mask
