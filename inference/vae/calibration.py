"""Generate's drum-class calibration: per-class logit offsets so sampled clips strike each drum
as often as the training drummers did. Numpy only.

Why: drum MusicVAE samples one of 512 events (a 9-bit set of struck classes) per step. The
studio samples at a low temperature (0.4) so clips repeat bar to bar like a groove, and a low
temperature sharpens every step towards its likeliest events: the toms, open hi-hat and crash,
which are rare at every step, all but vanish (high tom 93 % below the held-out rate at 0.4, and
even at T = 1 the rare classes are 40 % short). An offset ``b_c`` added to the logit of every
event that strikes class ``c`` (before the temperature, so it corrects the model's own
distribution) brings each class's hits per bar back to the train split's while leaving *which*
steps and combinations the model prefers to it.

The offsets depend on the temperature, so they are fitted on a grid of temperatures
(``python -m inference.calibrate``) and interpolated linearly in between (clamped at the ends).
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass

import numpy as np

NUM_CLASSES = 9
NUM_EVENTS = 1 << NUM_CLASSES
# Which classes each of the 512 drum events strikes: bit c of the event is class c.
EVENT_CLASSES = ((np.arange(NUM_EVENTS)[:, None] >> np.arange(NUM_CLASSES)) & 1).astype(np.float32)
# A class the target never strikes stays reachable at a floor rather than at log(0).
RATE_FLOOR = 1e-4


@dataclass(frozen=True)
class FitStep:
    """One round of the fit: the offsets used, the rates they gave and their worst miss."""

    offsets: np.ndarray
    rates: np.ndarray
    worst: float


def event_bias(offsets: Sequence[float] | np.ndarray) -> np.ndarray:
    """Per-class offsets ``[9]`` → additive logits of the 512 drum events ``[512]``."""
    offsets = np.asarray(offsets, np.float32)
    if offsets.shape != (NUM_CLASSES,):
        raise ValueError(f"expected {NUM_CLASSES} class offsets, got shape {offsets.shape}")
    return EVENT_CLASSES @ offsets


def offsets_at(table: Sequence[Sequence[float]], temperature: float) -> np.ndarray:
    """The class offsets ``[9]`` at ``temperature`` from a fitted ``table`` of rows
    ``[temperature, b_0 … b_8]`` (ascending temperatures): linear in between, the nearest row
    outside. An empty table means no calibration (zeros)."""
    if not len(table):
        return np.zeros(NUM_CLASSES, np.float32)
    rows = np.asarray(table, np.float64)
    if rows.ndim != 2 or rows.shape[1] != NUM_CLASSES + 1 or np.any(np.diff(rows[:, 0]) <= 0):
        raise ValueError("a calibration table has rows [temperature, 9 offsets], ascending")
    return np.array(
        [np.interp(temperature, rows[:, 0], rows[:, 1 + c]) for c in range(NUM_CLASSES)],
        np.float32,
    )


def fit_offsets(
    rates_with: Callable[[np.ndarray, int], np.ndarray],
    target: np.ndarray,
    temperature: float,
    rounds: int = 16,
    averaged: int = 6,
    step: float = 0.8,
) -> tuple[np.ndarray, list[FitStep]]:
    """Offsets ``[9]`` whose sampled class rates match ``target`` at ``temperature``.

    ``rates_with(offsets, round)`` samples clips with those offsets (a fresh seed per round) and
    returns their hits per bar of each class. A damped fixed-point iteration in log space: each
    round moves every offset by ``step x T x log(target / rate)`` (the offsets act before the
    temperature, so a given change of probability needs T times the change of logit). Sampling
    noise keeps the last rounds jittering around the answer, so the result is the mean of the
    last ``averaged`` rounds' offsets (Polyak averaging). Returns it with every round's record.
    """
    target = np.maximum(np.asarray(target, np.float64), RATE_FLOOR)
    offsets, history = np.zeros(NUM_CLASSES), []
    scale = step * max(float(temperature), 0.05)
    for round_index in range(rounds):
        rates = np.asarray(rates_with(offsets.astype(np.float32), round_index), np.float64)
        worst = float(np.abs(rates / target - 1).max())
        history.append(FitStep(offsets.copy(), rates, worst))
        offsets = offsets + scale * np.log(target / np.maximum(rates, RATE_FLOOR))
    settled = np.mean([h.offsets for h in history[-averaged:]] + [offsets], axis=0)
    return settled.astype(np.float32), history
