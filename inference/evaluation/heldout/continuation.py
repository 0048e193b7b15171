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
    melody_event_to_class,
)
from .. import drum_features
from ..features import note_f1
from ..samplers import PositionalTable, sample_bigram
from ..tonality import best_scale, in_scale_share

WINDOW = 4 * STEPS_PER_BAR
SWEEP = (0.01, 0.1, 0.25, 0.5, 1.0)  # the temperatures of the validation sweep


def clip_of(classes: np.ndarray, kind: str) -> Clip:
    if kind == "melody":
        return clip_from_melody_events([melody_class_to_event(int(c)) for c in classes])
    return clip_from_drum_events([int(c) for c in classes])


def continue_windows(
    windows: np.ndarray, kind: str, checkpoint: Path, temperature: float, seed: int
) -> np.ndarray:
    """Bar 1 of each window continued by the model to 4 bars, as the studio's Continue does it:
    the primer is a clip, every window gets its own seed. Returns ``[N, 64]`` classes."""
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


def departures(made: np.ndarray, truth: np.ndarray) -> dict[str, float]:
    """How a continuation departs from its primer bar, step by step over bars 2-4: the share of
    its bars equal to bar 1; of the steps where it differs from bar 1, the share where it
    matches the truth ("departures right"); of the steps where the truth differs from bar 1, the
    share the continuation matched ("real departures met"). Copying is the best guess unless a
    model's departures are right more often than not."""
    copied = copy_primer(truth)[:, STEPS_PER_BAR:]
    made, truth = made[:, STEPS_PER_BAR:], truth[:, STEPS_PER_BAR:]
    bars = made.reshape(len(made), 3, STEPS_PER_BAR) == copied.reshape(len(made), 3, -1)
    departed, real = made != copied, truth != copied
    right = made == truth
    return {
        "bars equal to bar 1": float(bars.all(axis=2).mean()),
        "departures right": float(right[departed].mean()) if departed.any() else float("nan"),
        "real departures met": float(right[real].mean()) if real.any() else float("nan"),
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
    sets["the true bars 2-4"] = windows
    keys = ["key-keeping"] if kind == "melody" else []
    moves = ["bars equal to bar 1", "departures right", "real departures met"]
    measure = "note F1 (onset and pitch)" if kind == "melody" else "hit F1 over (step, drum) cells"
    table = report.table(
        "Continue: bars 2-4 from bar 1",
        ["F1", *keys, *moves],
        note=f"{len(windows)} held-out 4-bar windows; bar 1 is the primer, bars 2-4 are scored "
        f"against the true bars 2-4: {measure}, the mean over windows."
        + (
            " Key-keeping: the share of the notes of bars 2-4 in the major scale that best fits "
            "the true window."
            if keys
            else ""
        )
        + " Compared step by step with bar 1 repeated: the share of bars 2-4 equal to bar 1, "
        "the share of the steps that differ from it that match the truth (departures right), "
        "and the share of the steps where the truth differs from bar 1 that were matched "
        "(real departures met).",
    )
    scores = {}
    for label, made in sets.items():
        scores[label] = continuation_f1(made, windows, kind)
        extra = {"key-keeping": key_keeping(made, windows)} if keys else {}
        table.add(label, F1=scores[label], **extra, **departures(made, windows))
    sweep = report.table(
        "Continue: temperature sweep on the validation split",
        ["F1", "bars equal to bar 1", "departures right"],
        note=f"{len(validation)} validation windows, measured as above (settings are chosen "
        "here, never on the test split).",
    )
    swept = {}
    for value in SWEEP:
        made = continue_windows(validation, kind, checkpoint, value, seed)
        swept[value] = {
            "F1": continuation_f1(made, validation, kind),
            **departures(made, validation),
        }
        sweep.add(
            f"T = {value:g}",
            **{k: swept[value][k] for k in ("F1", "bars equal to bar 1", "departures right")},
        )
    copied = continuation_f1(copy_primer(validation), validation, kind)
    sweep.add("copy the primer bar", F1=copied, **{"bars equal to bar 1": 1.0})
    best = max(swept, key=lambda t: swept[t]["F1"])
    if swept[best]["F1"] < copied:
        real = departures(windows, windows)["bars equal to bar 1"]
        report.notes.append(
            f"Why copying wins: at no temperature of the validation sweep does Continue beat "
            f"copying bar 1 (best F1 {swept[best]['F1']:.3f} at T = {best:g}, copying "
            f"{copied:.3f}). Only {real:.1%} of the true bars 2-4 of the {report.split} split "
            "equal bar 1, yet no other continuation measured here scores higher: where the "
            f"model departs from bar 1 (validation, T = {best:g}) it matches the truth "
            f"{swept[best]['departures right']:.1%} of the time, so departures lose more F1 "
            "than they win. A sampler that varies what it repeats, as a Continue tool should, "
            "pays for that here."
        )
    return scores
