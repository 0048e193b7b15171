"""The mini-NSynth as arrays for training and evaluation, cached as .npy files. numpy only.

Per split: ``audio`` int16 [notes, 64000] (the WAVs' samples), ``log_mel`` float16
[notes, 250, 64], ``loudness`` float32 [notes, 250], ``pitch`` int16 [notes] and the notes'
metadata in the same order. The cache is keyed by the data's ``examples.json`` (its size and
modification time), so rebuilding the data rebuilds the cache.
"""

from __future__ import annotations

import json
import os
from dataclasses import dataclass
from pathlib import Path

import numpy as np

from . import data, features

FIELDS = ("audio", "log_mel", "loudness", "pitch")


@dataclass
class NoteArrays:
    audio: np.ndarray
    log_mel: np.ndarray
    loudness: np.ndarray
    pitch: np.ndarray
    examples: list[dict]

    def __len__(self) -> int:
        return len(self.examples)

    def waveform(self, rows) -> np.ndarray:
        return self.audio[rows].astype(np.float32) / 32767.0

    def subset(self, rows) -> NoteArrays:
        rows = np.asarray(rows)
        return NoteArrays(
            self.audio[rows],
            self.log_mel[rows],
            self.loudness[rows],
            self.pitch[rows],
            [self.examples[i] for i in rows],
        )


def spread_rows(count: int, wanted: int) -> np.ndarray:
    """``wanted`` rows evenly spread over ``count`` (notes are stored instrument by instrument,
    so this samples every instrument)."""
    return np.unique(np.linspace(0, count - 1, min(wanted, count)).round().astype(int))


def _stamp(data_dir: Path) -> str:
    stat = (Path(data_dir) / "examples.json").stat()
    return f"{stat.st_size}-{int(stat.st_mtime)}"


def compute(data_dir: Path, examples: list[dict]) -> NoteArrays:
    frames = features.frames_of(data.NOTE_SAMPLES)
    audio = np.zeros((len(examples), data.NOTE_SAMPLES), np.int16)
    mel = np.zeros((len(examples), frames, features.MEL_BANDS), np.float16)
    loudness = np.zeros((len(examples), frames), np.float32)
    for row, example in enumerate(examples):
        wave = data.load_audio(data_dir, example)
        audio[row] = np.round(wave * 32767).astype(np.int16)
        mel[row] = features.log_mel(wave)
        loudness[row] = features.loudness_db(wave)
    pitch = np.array([e["pitch"] for e in examples], np.int16)
    return NoteArrays(audio, mel, loudness, pitch, examples)


def load_split(
    data_dir: Path, split: str, cache_dir: Path | None = None, limit: int | None = None
) -> NoteArrays:
    """A split's notes (the first ``limit`` when given), from the cache when it is current."""
    data_dir = Path(data_dir)
    examples = data.load_examples(data_dir, split)[:limit]
    if cache_dir is None:
        return compute(data_dir, examples)
    folder = Path(cache_dir) / f"{split}-{limit or 'all'}"
    stamp = _stamp(data_dir)
    if (folder / "stamp").is_file() and (folder / "stamp").read_text() == stamp:
        loaded = {name: np.load(folder / f"{name}.npy", mmap_mode="r") for name in FIELDS}
        notes = json.loads((folder / "examples.json").read_text())
        return NoteArrays(**loaded, examples=notes)
    arrays = compute(data_dir, examples)
    partial = folder.with_name(folder.name + ".partial")
    partial.mkdir(parents=True, exist_ok=True)
    for name in FIELDS:
        np.save(partial / f"{name}.npy", getattr(arrays, name))
    (partial / "examples.json").write_text(json.dumps(arrays.examples))
    (partial / "stamp").write_text(stamp)
    if folder.exists():
        for old in folder.iterdir():
            old.unlink()
        folder.rmdir()
    os.replace(partial, folder)
    return arrays


def crops(arrays: NoteArrays, rows, starts, crop_frames: int, margin: int):
    """Training crops: for each note ``rows[i]``, frames [starts[i], starts[i] + crop_frames)
    with ``margin`` frames of context each side (silence beyond the note's ends, as the decoder
    sees at inference) and the audio of the crop proper. Returns log_mel, f0_hz, loudness,
    audio as float32 arrays."""
    frames = arrays.loudness.shape[1]
    width = crop_frames + 2 * margin
    log_mel = np.full((len(rows), width, features.MEL_BANDS), features.SILENCE_DB, np.float32)
    loudness = np.full((len(rows), width), features.SILENCE_DB, np.float32)
    audio = np.zeros((len(rows), crop_frames * features.HOP), np.float32)
    for i, (row, start) in enumerate(zip(rows, starts, strict=True)):
        low, high = max(0, start - margin), min(frames, start + crop_frames + margin)
        at = low - (start - margin)
        log_mel[i, at : at + high - low] = arrays.log_mel[row, low:high]
        loudness[i, at : at + high - low] = arrays.loudness[row, low:high]
        first = start * features.HOP
        audio[i] = arrays.audio[row, first : first + crop_frames * features.HOP] / 32767.0
    f0 = np.repeat(features.midi_to_hz(arrays.pitch[rows])[:, None], width, axis=1)
    return log_mel, f0.astype(np.float32), loudness, audio
