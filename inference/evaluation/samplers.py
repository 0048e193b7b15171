"""Trivial generators the held-out suites compare the models with (numpy only).

* :func:`sample_bigram`: a first-order Markov chain over events (a fitted
  :class:`~.baselines.BigramModel`), sampled step by step;
* :func:`uniform_events`: every step an event drawn uniformly from all classes;
* :class:`PositionalTable`: for drums, the train frequency of each class at each 16th position
  of a 4-bar window, each cell sampled as an independent Bernoulli draw.
"""

from __future__ import annotations

import numpy as np

from .baselines import BigramModel


def sample_bigram(
    model: BigramModel, starts: np.ndarray, steps: int, rng: np.random.Generator
) -> np.ndarray:
    """Continue each start event ``[N]`` by ``steps`` events: ``[N, steps]`` (starts excluded)."""
    probs = np.exp(model.log_probs())
    cumulative = np.cumsum(probs, axis=1)
    current = np.asarray(starts, np.int64)
    out = np.zeros((len(current), steps), np.int32)
    for step in range(steps):
        draws = rng.random(len(current))[:, None]
        current = np.minimum((cumulative[current] < draws).sum(axis=1), model.num_classes - 1)
        out[:, step] = current
    return out


def first_events(windows: np.ndarray, count: int, rng: np.random.Generator) -> np.ndarray:
    """``count`` opening events drawn from the first steps of ``windows`` (their frequency)."""
    return windows[rng.integers(0, len(windows), count), 0]


def uniform_events(count: int, steps: int, num_classes: int, rng) -> np.ndarray:
    return rng.integers(0, num_classes, (count, steps)).astype(np.int32)


class PositionalTable:
    """P(class hit | 16th position in the window) from train hit grids ``[N, steps, 9]``."""

    def __init__(self, train_hits: np.ndarray):
        self.probs = np.asarray(train_hits, float).mean(axis=0)

    def sample(self, count: int, rng: np.random.Generator, start: int = 0) -> np.ndarray:
        """``[count, steps - start, 9]`` bool grids for the positions ``start..`` of the table."""
        probs = self.probs[start:]
        return rng.random((count, *probs.shape)) < probs[None]
