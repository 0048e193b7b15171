"""Features of drum patterns for comparing generated drums with real ones (numpy only).

A pattern is a hit grid ``[steps, 9]`` (0/1, one row per 16th, the nine drum classes of
:data:`inference.music.DRUM_CLASSES`), as :func:`hits` makes from 9-bit drum events. Per pattern:
hits per bar of each class, the off-beat share, Longuet-Higgins & Lee syncopation and MusDr's
grooving similarity (the same measure :func:`.features.grooving_similarity` applies to clips);
between two patterns, hit F1 over (step, class) cells.
"""

from __future__ import annotations

import numpy as np

from ..music import DRUM_CLASSES, NUM_DRUM_CLASSES, STEPS_PER_BAR, STEPS_PER_QUARTER

# Metrical weights of the 16 sixteenths of a 4/4 bar (Longuet-Higgins & Lee 1984): the downbeat
# 0, the half bar -1, the other beats -2, the off-beat 8ths -3, the remaining 16ths -4.
METRICAL_WEIGHTS = np.array([0, -4, -3, -4, -2, -4, -3, -4, -1, -4, -3, -4, -2, -4, -3, -4])


def hits(events) -> np.ndarray:
    """9-bit drum events ``[steps]`` -> a bool hit grid ``[steps, 9]``."""
    events = np.asarray(events, np.int64)
    return (events[:, None] >> np.arange(NUM_DRUM_CLASSES)[None, :]) & 1 > 0


def bars(grid: np.ndarray) -> np.ndarray:
    """``[steps, 9]`` -> ``[bars, 16, 9]``; a last partial bar is padded with rests."""
    grid = np.asarray(grid, bool)
    count = max(1, -(-len(grid) // STEPS_PER_BAR))
    padded = np.zeros((count * STEPS_PER_BAR, grid.shape[1]), bool)
    padded[: len(grid)] = grid
    return padded.reshape(count, STEPS_PER_BAR, grid.shape[1])


def hits_per_bar(grid: np.ndarray) -> np.ndarray:
    """Mean number of hits per bar of each of the 9 classes ``[9]``."""
    return bars(grid).sum(axis=1).mean(axis=0).astype(float)


def offbeat_share(grid: np.ndarray) -> float:
    """Share of all hits that fall between the quarter-note beats (0 for an empty pattern)."""
    grid = np.asarray(grid, bool)
    total = grid.sum()
    on_beat = grid[np.arange(len(grid)) % STEPS_PER_QUARTER == 0].sum()
    return float((total - on_beat) / total) if total else 0.0


def syncopation(grid: np.ndarray) -> float:
    """Mean syncopation per bar of the onset pattern (a step is an onset when any drum is hit).

    After Longuet-Higgins & Lee, "The rhythmic interpretation of monophonic music", Music
    Perception 1(4), 1984, in the form Fitch & Rosenfeld use for drum patterns ("Perception and
    production of syncopated rhythms", Music Perception 25(1), 2007): an onset at a weaker
    metrical position (:data:`METRICAL_WEIGHTS`) followed by silence at a stronger one before the
    next onset is a syncopation worth the difference of the two weights (the strongest silent
    position counts). Each bar is read as a loop, so the last onset looks ahead to the bar's own
    first onset; that keeps a bar's value independent of its neighbours.
    """
    values = []
    for bar in bars(grid):
        onsets = np.flatnonzero(bar.any(axis=1))
        total = 0
        for index, step in enumerate(onsets):
            following = onsets[(index + 1) % len(onsets)]
            gap = (following - step - 1) % STEPS_PER_BAR if len(onsets) > 1 else 15
            silent = (step + 1 + np.arange(gap)) % STEPS_PER_BAR
            if len(silent):
                total += max(0, int(METRICAL_WEIGHTS[silent].max() - METRICAL_WEIGHTS[step]))
        values.append(total)
    return float(np.mean(values))


def grooving_similarity(grid: np.ndarray) -> float:
    """MusDr's GS over the onset pattern: mean over pairs of bars of 1 - (positions where one bar
    has an onset and the other not) / 16; 1.0 for one bar or identical bars."""
    onset_bars = bars(grid).any(axis=2)
    if len(onset_bars) < 2:
        return 1.0
    pairs = [(a, b) for a in range(len(onset_bars)) for b in range(a + 1, len(onset_bars))]
    differ = [np.sum(onset_bars[a] ^ onset_bars[b]) / STEPS_PER_BAR for a, b in pairs]
    return float(1 - np.mean(differ))


def hit_f1(made: np.ndarray, truth: np.ndarray) -> float:
    """F1 of hits over (step, class) cells; 1.0 when both patterns are silent."""
    made, truth = np.asarray(made, bool), np.asarray(truth, bool)
    if not made.any() and not truth.any():
        return 1.0
    agree = float((made & truth).sum())
    precision, recall = agree / max(made.sum(), 1), agree / max(truth.sum(), 1)
    return 2 * precision * recall / (precision + recall) if agree else 0.0


def drum_feature_table(grids) -> dict[str, np.ndarray]:
    """Per-pattern scalar features of many patterns, by name (what the suites compare as OA)."""
    rates = np.array([hits_per_bar(g) for g in grids]).reshape(-1, NUM_DRUM_CLASSES)
    table = {f"{name} per bar": rates[:, i] for i, (name, _) in enumerate(DRUM_CLASSES)}
    table["hits per bar"] = rates.sum(axis=1)
    table["off-beat share"] = np.array([offbeat_share(g) for g in grids])
    table["syncopation"] = np.array([syncopation(g) for g in grids])
    table["grooving similarity"] = np.array([grooving_similarity(g) for g in grids])
    return table
