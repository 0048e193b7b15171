"""Continue (Melody RNN / Drums RNN through ``continue_sequence``) on held-out 4-bar windows.

The primer is bar 1 of a window; the model writes bars 2-4, which are scored against the true
bars 2-4: note F1 (onset and pitch) for melodies, hit F1 over (step, drum class) cells for drums,
averaged over windows. Next to it, measured the same way: copying the primer bar three times,
a bigram continuing from the primer's last event and, for drums, the positional table. How often
the true bars 2-4 repeat bar 1 says how strong copying can be. numpy here; TensorFlow loads
inside ``continue_sequence``.
"""

from __future__ import annotations

from pathlib import Path

import numpy as np

from ...music import (
    STEPS_PER_BAR,
    Clip,
    clip_from_drum_events,
    clip_from_melody_events,
    melody_class_to_event,
)
from .. import drum_features
from ..features import note_f1
from ..samplers import PositionalTable, sample_bigram
from ..tonality import best_scale, in_scale_share

WINDOW = 4 * STEPS_PER_BAR
SWEEP = (0.01, 0.5, 1.0)  # the temperatures of the validation sweep


def clip_of(classes: np.ndarray, kind: str) -> Clip:
    if kind == "melody":
        return clip_from_melody_events([melody_class_to_event(int(c)) for c in classes])
    return clip_from_drum_events([int(c) for c in classes])


def continue_windows(
    windows: np.ndarray, kind: str, checkpoint: Path, temperature: float, seed: int
) -> np.ndarray:
    """Bar 1 of each window continued by the model to 4 bars, as the studio's Continue does it:
    the primer is a clip, every window gets its own seed. Returns ``[N, 64]`` classes."""
    from ...music import melody_event_to_class
    from ...rnn.generate import continue_sequence

    out = np.zeros_like(windows)
    for row, window in enumerate(windows):
        primer = clip_of(window[:STEPS_PER_BAR], kind)
        result = continue_sequence(
            primer,
            kind,
            WINDOW - STEPS_PER_BAR,
            1,
            temperature,
            seed * 100_003 + row,
            checkpoint=checkpoint,
        )
        events = result.events[0][:WINDOW]
        out[row] = [melody_event_to_class(e) for e in events] if kind == "melody" else events
    return out


def copy_primer(windows: np.ndarray) -> np.ndarray:
    return np.tile(windows[:, :STEPS_PER_BAR], (1, 4))


def bigram_continuation(windows: np.ndarray, bigram, seed: int) -> np.ndarray:
    rng = np.random.default_rng([seed, 11])
    tail = sample_bigram(bigram, windows[:, STEPS_PER_BAR - 1], WINDOW - STEPS_PER_BAR, rng)
    return np.concatenate([windows[:, :STEPS_PER_BAR], tail], axis=1)


def table_continuation(windows: np.ndarray, table: PositionalTable, seed: int) -> np.ndarray:
    """Drums: bar 1 kept, bars 2-4 drawn cell by cell from the positional table (as events)."""
    grids = table.sample(len(windows), np.random.default_rng([seed, 13]), STEPS_PER_BAR)
    events = (grids * (1 << np.arange(grids.shape[-1]))).sum(axis=-1)
    return np.concatenate([windows[:, :STEPS_PER_BAR], events.astype(windows.dtype)], axis=1)


def continuation_f1(made: np.ndarray, truth: np.ndarray, kind: str) -> float:
    """Mean over windows of the F1 of bars 2-4 against the true bars 2-4."""
    scores = []
    for guess, real in zip(made, truth, strict=True):
        if kind == "drums":
            grids = [drum_features.hits(w)[STEPS_PER_BAR:] for w in (guess, real)]
            scores.append(drum_features.hit_f1(*grids))
        else:
            scores.append(note_f1(*(_after_primer(clip_of(w, kind)) for w in (guess, real))))
    return float(np.mean(scores))


def _after_primer(clip: Clip) -> Clip:
    return Clip(tuple(n for n in clip.notes if n.start_step >= STEPS_PER_BAR), clip.kind)


def key_keeping(made: np.ndarray, truth: np.ndarray) -> float:
    """Melodies: the mean share of the notes of bars 2-4 in the major scale that best fits the
    true window (its key; a minor key shares its relative major's notes)."""
    shares = []
    for guess, real in zip(made, truth, strict=True):
        notes = _after_primer(clip_of(guess, "melody"))
        if notes.notes:
            shares.append(in_scale_share(notes, best_scale(clip_of(real, "melody"))))
    return float(np.mean(shares)) if shares else float("nan")


def repetition(windows: np.ndarray) -> dict[str, float]:
    """How much real music repeats its first bar: the share of bars 2-4 equal to bar 1, and of
    windows whose bars 2-4 all are."""
    bars = windows.reshape(len(windows), 4, STEPS_PER_BAR)
    same = (bars[:, 1:] == bars[:, :1]).all(axis=2)
    return {
        "bars equal to bar 1": float(same.mean()),
        "windows repeating bar 1": float(same.all(1).mean()),
    }


def continue_tables(
    report,
    kind: str,
    windows: np.ndarray,
    validation: np.ndarray,
    checkpoint: Path,
    seed: int,
    temperature: float,
    baselines: dict,
) -> dict[str, float]:
    """Add the Continue tables (split; the temperature sweep on validation) to ``report``.

    ``baselines``: label -> a function of windows giving continued windows. Returns the F1s."""
    model = f"Continue (T = {temperature:g})"
    sets = {model: continue_windows(windows, kind, checkpoint, temperature, seed)}
    sets["copy the primer bar"] = copy_primer(windows)
    sets.update({label: make(windows) for label, make in baselines.items()})
    columns = ["F1"] + (["key-keeping"] if kind == "melody" else [])
    measure = "note F1 (onset and pitch)" if kind == "melody" else "hit F1 over (step, drum) cells"
    table = report.table(
        "Continue: bars 2-4 from bar 1",
        columns,
        note=f"{len(windows)} held-out 4-bar windows; bar 1 is the primer, bars 2-4 are scored "
        f"against the true bars 2-4: {measure}, the mean over windows. Key-keeping: the share of "
        "the notes of bars 2-4 in the major scale that best fits the true window.",
    )
    scores = {}
    for label, made in sets.items():
        scores[label] = continuation_f1(made, windows, kind)
        keys = {"key-keeping": key_keeping(made, windows)} if kind == "melody" else {}
        table.add(label, F1=scores[label], **keys)
    if kind == "melody":
        table.add("the true bars 2-4", **{"F1": 1.0, "key-keeping": key_keeping(windows, windows)})
    repeats = report.table(
        "How often real music repeats its first bar",
        ["share"],
        note="The true bars 2-4 compared event for event with bar 1: when they repeat it, "
        "copying the primer bar is exactly right.",
    )
    for label, value in repetition(windows).items():
        repeats.add(label, share=value)
    sweep = report.table(
        "Continue: temperature sweep on the validation split",
        ["F1", "copy the primer bar"],
        note=f"{len(validation)} validation windows, measured as above (settings are chosen "
        "here, never on the test split).",
    )
    copied = continuation_f1(copy_primer(validation), validation, kind)
    for value in SWEEP:
        made = continue_windows(validation, kind, checkpoint, value, seed)
        sweep.add(
            f"T = {value:g}",
            F1=continuation_f1(made, validation, kind),
            **{"copy the primer bar": copied},
        )
    return scores
