"""The simple baselines and yardsticks the model cards compare against. numpy only.

* RNNs: the bigram (first-order Markov) model, smoothing chosen on validation;
* MusicVAE: the most frequent event of the train split at each step position;
* GrooVAE / Tap2Drum: the train mean velocity / offset per (step position, drum class), and for
  context a k-nearest-neighbour humanizer and an oracle that reads the answers; ``hit_f1``.

Sequences are anything with a ``classes`` array (``inference.training.datasets.Sequence``).
"""

from __future__ import annotations

import numpy as np

from ..vae.data import HIT, OFFSET, VELOCITY

SMOOTHING_CHOICES = (0.001, 0.01, 0.1, 0.5, 1.0)


class BigramModel:
    """P(next | previous) from transition counts with add-``alpha`` smoothing."""

    def __init__(self, num_classes: int, alpha: float = 0.1):
        self.num_classes = num_classes
        self.alpha = alpha
        self.counts = np.zeros((num_classes, num_classes), np.float64)

    def fit(self, sequences: list) -> BigramModel:
        for seq in sequences:
            np.add.at(self.counts, (seq.classes[:-1], seq.classes[1:]), 1.0)
        return self

    def log_probs(self) -> np.ndarray:
        smoothed = self.counts + self.alpha
        return np.log(smoothed / smoothed.sum(axis=1, keepdims=True))

    def evaluate(self, sequences: list) -> dict[str, float]:
        """Mean NLL (nats/step) and next-step accuracy over steps 1..T-1 of every sequence."""
        table = self.log_probs()
        best = table.argmax(axis=1)
        total_nll, correct, steps = 0.0, 0, 0
        for seq in sequences:
            prev, nxt = seq.classes[:-1], seq.classes[1:]
            total_nll -= float(table[prev, nxt].sum())
            correct += int((best[prev] == nxt).sum())
            steps += len(nxt)
        return {"nll": total_nll / max(steps, 1), "accuracy": correct / max(steps, 1)}


def fit_bigram(train: list, validation: list, num_classes: int) -> tuple[BigramModel, float]:
    """Fit on train, choosing the smoothing that gives the best validation NLL."""
    model = BigramModel(num_classes).fit(train)
    scores = {}
    for alpha in SMOOTHING_CHOICES:
        model.alpha = alpha
        scores[alpha] = model.evaluate(validation)["nll"] if validation else 0.0
    model.alpha = min(scores, key=scores.get)
    return model, model.alpha


# --- MusicVAE ------------------------------------------------------------------------------


def positional_mode_accuracy(train: np.ndarray, test: np.ndarray) -> float:
    """Accuracy of predicting, at each step position, the train split's most frequent event."""
    modes = np.array([np.bincount(train[:, step]).argmax() for step in range(train.shape[1])])
    return float((test == modes[None, :]).mean())


# --- GrooVAE / Tap2Drum --------------------------------------------------------------------


# The two performance errors: (card key, channel of the performance tensor, scale to its unit).
PERFORMANCE_ERRORS = (("velocity_mae", VELOCITY, 127), ("offset_mae", OFFSET, 1))


def position_table(train: np.ndarray, channel: int) -> np.ndarray:
    """``[64, 9]``: the train mean of ``channel`` over the hits at each (step position, class)."""
    hits = train[..., HIT]
    return (train[..., channel] * hits).sum(axis=0) / np.maximum(hits.sum(axis=0), 1)


def mean_table_baseline(train: np.ndarray, test: np.ndarray) -> dict:
    """MAE of predicting the train mean velocity/offset of each (step position, drum class)."""
    true_hits = test[..., HIT] > 0
    out = {}
    for key, channel, scale in PERFORMANCE_ERRORS:
        error = np.abs(position_table(train, channel)[None] - test[..., channel])[true_hits]
        out[key] = float(error.mean() * scale)
    return out


def knn_humanizer(train: np.ndarray, test: np.ndarray, k: int) -> dict:
    """MAE of a non-neural humanizer, for context: each test window takes, cell by cell, the mean
    velocity/offset of its ``k`` train windows with the most similar hit pattern (cosine) that
    hit that cell (else the positional mean). It sees the same input as GrooVAE."""
    flat = lambda a: a.reshape(len(a), -1)  # noqa: E731
    train_hits, test_hits = flat(train[..., HIT]), flat(test[..., HIT])
    unit = lambda h: h / np.maximum(np.linalg.norm(h, axis=1, keepdims=True), 1e-6)  # noqa: E731
    nearest = np.argsort(-(unit(test_hits) @ unit(train_hits).T), axis=1)[:, :k]
    neighbour_hits = train_hits[nearest]  # [N, k, cells]
    count = neighbour_hits.sum(axis=1)
    out = {}
    for key, channel, scale in PERFORMANCE_ERRORS:
        values = flat(train[..., channel])
        table = flat(position_table(train, channel)[None])[0]
        guess = (values[nearest] * neighbour_hits).sum(axis=1) / np.maximum(count, 1)
        guess = np.where(count > 0, guess, table[None])
        error = np.abs(guess - flat(test[..., channel]))[test_hits > 0]
        out[key] = float(error.mean() * scale)
    return out


def window_shift_oracle(train: np.ndarray, test: np.ndarray) -> dict:
    """MAE of a cheat, not a model: the positional mean table moved, per test window and drum
    class, by the true mean residual of that window's hits of that class. It reads the answers,
    so it shows how far knowing each window's overall loudness and push/pull per drum would get:
    a yardstick for what the hits alone can tell a humanizer."""
    test_hits = test[..., HIT]
    out = {}
    for key, channel, scale in PERFORMANCE_ERRORS:
        table = position_table(train, channel)
        residual = (test[..., channel] - table[None]) * test_hits
        shift = residual.sum(axis=1) / np.maximum(test_hits.sum(axis=1), 1)  # [N, 9]
        error = np.abs(table[None] + shift[:, None, :] - test[..., channel])[test_hits > 0]
        out[key] = float(error.mean() * scale)
    return out


def hit_f1(predicted: np.ndarray, truth: np.ndarray) -> float:
    predicted, truth = predicted.astype(bool), truth.astype(bool)
    true_positives = float((predicted & truth).sum())
    precision = true_positives / max(float(predicted.sum()), 1.0)
    recall = true_positives / max(float(truth.sum()), 1.0)
    return 2 * precision * recall / max(precision + recall, 1e-9)
