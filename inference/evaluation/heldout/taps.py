"""Held-out suite of Drumify (Tap2Drum): a drum part from the rhythm of a clip.

Judged by its hits, F1 over every (step, drum class) cell against the drums the drummer really
played, from two kinds of taps: the real ones (the loudest onset of each step of the held-out
performance, with its velocity and micro-timing) and flat ones (the same onsets on the grid at
one velocity, as a student's melody from the step editor gives them). The baseline is a lookup
table: from the train split, how often each class is struck at each 16th position of the bar when
that step is tapped; it plays the classes above a threshold (chosen on validation) on each tap,
and the likeliest class where none is above it, the same constraint the model's output obeys.
"""

from __future__ import annotations

from pathlib import Path

import numpy as np

from ...music import NUM_DRUM_CLASSES, STEPS_PER_BAR
from ...vae.data import HIT, flat_taps
from ..baselines import hit_f1
from .common import highest_within
from .performance import GMD, _bundle, _load, _perform
from .report import Report

THRESHOLDS = np.round(np.arange(0.1, 0.91, 0.05), 2)
SWEEP = (0.01, 0.25, 0.5, 0.75, 1.0)
HIT_THRESHOLDS = (0.25, 0.3, 0.35, 0.4, 0.45, 0.5)
KICK, SNARE = 0, 1
ON_BEATS, BACK_BEATS = (0, 8), (4, 12)  # 16th positions of beats 1 and 3, and of 2 and 4


class TapTable:
    """P(class struck | step tapped) per 16th position of the bar, from the train split."""

    def __init__(self, train_taps: np.ndarray, train: np.ndarray):
        tapped = train_taps[..., HIT] > 0  # [N, 64]
        position = np.arange(train.shape[1]) % STEPS_PER_BAR
        counts = np.zeros((STEPS_PER_BAR, NUM_DRUM_CLASSES))
        taps = np.zeros(STEPS_PER_BAR)
        for p in range(STEPS_PER_BAR):
            cells = tapped[:, position == p]
            taps[p] = cells.sum()
            counts[p] = (train[..., HIT][:, position == p] * cells[..., None]).sum(axis=(0, 1))
        self.probability = counts / np.maximum(taps, 1)[:, None]
        self.threshold = 0.5

    def predict(self, taps: np.ndarray) -> np.ndarray:
        """``[N, 64, 9]`` hits: classes above the threshold on every tap, at least one."""
        position = np.arange(taps.shape[1]) % STEPS_PER_BAR
        table = self.probability[position][None]  # [1, 64, 9]
        hits = table > self.threshold
        likeliest = np.eye(NUM_DRUM_CLASSES, dtype=bool)[table.argmax(axis=-1)]
        hits = hits | (likeliest & ~hits.any(axis=-1, keepdims=True))
        return hits & (taps[..., HIT] > 0)[..., None]

    def choose_threshold(self, taps: np.ndarray, truth: np.ndarray) -> float:
        scores = {}
        for threshold in THRESHOLDS:
            self.threshold = float(threshold)
            scores[float(threshold)] = hit_f1(self.predict(taps), truth[..., HIT] > 0)
        self.threshold = max(scores, key=scores.get)
        return self.threshold


def placement_f1(hits: np.ndarray, truth: np.ndarray, taps: np.ndarray) -> tuple[float, float]:
    """F1 of the kick on taps of beats 1 and 3, and of the snare on taps of beats 2 and 4."""
    position = np.arange(taps.shape[1]) % STEPS_PER_BAR
    scores = []
    for drum, beats in ((KICK, ON_BEATS), (SNARE, BACK_BEATS)):
        cells = (taps[..., HIT] > 0) & np.isin(position, beats)[None]
        scores.append(hit_f1(hits[..., drum][cells], truth[..., drum, HIT][cells] > 0))
    return scores[0], scores[1]


def threshold_table(report: Report, checkpoint: Path, taps: np.ndarray, truth: np.ndarray):
    """Hit F1 at temperature 0 for each hit threshold (validation): how the config's was chosen."""
    import tensorflow as tf

    from ...vae.models import load_model
    from ...vae.performance import tap_constraint

    model = load_model(checkpoint)
    logits = {}
    for label, given in (("real taps", taps), ("flat taps", flat_taps(taps))):
        parts = [model(given[i : i + 256])[0].numpy() for i in range(0, len(given), 256)]
        logits[label] = (np.concatenate(parts), given)
    rows = {}
    for threshold in HIT_THRESHOLDS:
        row = {}
        for label, (values, given) in logits.items():
            shifted = values - np.log(threshold / (1 - threshold))
            hits = tap_constraint(
                tf.constant(shifted > 0), tf.constant(shifted), tf.constant(given[..., HIT] > 0)
            ).numpy()
            row[f"hit F1, {label}"] = hit_f1(hits, truth[..., HIT] > 0)
        rows[threshold] = {**row, "mean": float(np.mean(list(row.values())))}
    best = max(rows, key=lambda threshold: rows[threshold]["mean"])
    table = report.table(
        "Choosing the hit threshold (validation split, temperature 0)",
        ["hit F1, real taps", "hit F1, flat taps", "mean"],
        note=(
            f"The model strikes a cell when its hit probability is above the threshold; this "
            f"checkpoint uses {model.config.hit_threshold:g}; the best mean of the two is at "
            f"{best:g}."
        ),
    )
    for threshold, row in rows.items():
        table.add(f"p > {threshold:g}", **row)
    return model.config.hit_threshold


def drumify_suite(spec, data_dir: Path, split: str, checkpoint: Path, seed: int) -> Report:
    from ...training.windows import tap_data
    from ...vae.tools import DRUMIFY_TEMPERATURE

    data = _load(data_dir, tap_data)
    table = TapTable(*data["train"])
    threshold = table.choose_threshold(*data["validation"])
    bundle = _bundle(checkpoint)
    report = Report(spec.name, split, GMD.format(split=split))

    chosen = threshold_table(report, checkpoint, *data["validation"])
    val_taps, val_truth = data["validation"]
    rows = {}
    for temperature in SWEEP:
        rows[temperature] = {}
        for label, given in (("real taps", val_taps), ("flat taps", flat_taps(val_taps))):
            made = _perform(bundle, given, temperature, seed)
            rows[temperature][f"hit F1, {label}"] = hit_f1(
                made[..., HIT] > 0, val_truth[..., HIT] > 0
            )
    rule = highest_within({t: row["hit F1, real taps"] for t, row in rows.items()}, 0.01)
    sweep = report.table(
        "Choosing the studio's default temperature (validation split)",
        ["hit F1, real taps", "hit F1, flat taps"],
        note=(
            f"At the hit threshold {chosen:g}. The studio's Drumify uses T = "
            f"{DRUMIFY_TEMPERATURE:g}; the rule picks {rule:g}: the highest temperature within "
            "0.01 of the best hit F1 from real taps, so the seed still gives the student "
            "different parts to choose from."
        ),
    )
    for temperature, row in rows.items():
        sweep.add(f"T = {temperature:g}", **row)
    taps, truth = data[split]
    columns = ["hit F1", "kick F1 (beats 1, 3)", "snare F1 (beats 2, 4)"]
    results = report.table(
        f"Drumify at the studio's temperature ({DRUMIFY_TEMPERATURE:g}) against the real drums",
        columns,
        note=(
            "F1 of hit / no hit over every (step, class) cell; kick and snare F1 on the tapped "
            "steps of those beats only. The lookup table plays the classes struck on more than "
            f"{threshold:g} of the train taps at that 16th position (threshold chosen on "
            "validation), the likeliest one if none is; it ignores velocity and timing, so "
            "flat taps do not change it. A kick on every tap is the card's old baseline."
        ),
    )
    truth_hits = truth[..., HIT] > 0
    measured = {}
    for label, given in (("real taps", taps), ("flat taps", flat_taps(taps))):
        made = _perform(bundle, given, DRUMIFY_TEMPERATURE, seed)[..., HIT] > 0
        measured[label] = (hit_f1(made, truth_hits), *placement_f1(made, truth, taps))
        results.add(f"Tap2Drum, {label}", **dict(zip(columns, measured[label], strict=True)))
    predicted = table.predict(taps)
    baseline = (hit_f1(predicted, truth_hits), *placement_f1(predicted, truth, taps))
    results.add("lookup table", **dict(zip(columns, baseline, strict=True)))
    kick_only = np.zeros_like(truth_hits)
    kick_only[..., KICK] = taps[..., HIT] > 0
    kick_row = (hit_f1(kick_only, truth_hits), *placement_f1(kick_only, truth, taps))
    results.add("a kick on every tap", **dict(zip(columns, kick_row, strict=True)))

    for label, (f1, *_placement) in measured.items():
        report.target(f"hit F1 from {label} - lookup table's", f1 - baseline[0], 0.05)
    report.target(
        "kick placement on beats 1 and 3 - lookup table's (real taps)",
        measured["real taps"][1] - baseline[1],
        0.0,
    )
    report.target(
        "snare placement on beats 2 and 4 - lookup table's (real taps)",
        measured["real taps"][2] - baseline[2],
        0.0,
    )
    return report
