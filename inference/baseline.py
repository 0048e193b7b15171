"""The bigram (first-order Markov) baseline every model card compares against. numpy only."""

from __future__ import annotations

import numpy as np

from .datasets import Sequence

SMOOTHING_CHOICES = (0.001, 0.01, 0.1, 0.5, 1.0)


class BigramModel:
    """P(next | previous) from transition counts with add-``alpha`` smoothing."""

    def __init__(self, num_classes: int, alpha: float = 0.1):
        self.num_classes = num_classes
        self.alpha = alpha
        self.counts = np.zeros((num_classes, num_classes), np.float64)

    def fit(self, sequences: list[Sequence]) -> BigramModel:
        for seq in sequences:
            np.add.at(self.counts, (seq.classes[:-1], seq.classes[1:]), 1.0)
        return self

    def log_probs(self) -> np.ndarray:
        smoothed = self.counts + self.alpha
        return np.log(smoothed / smoothed.sum(axis=1, keepdims=True))

    def evaluate(self, sequences: list[Sequence]) -> dict[str, float]:
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


def fit_bigram(
    train: list[Sequence], validation: list[Sequence], num_classes: int
) -> tuple[BigramModel, float]:
    """Fit on train, choosing the smoothing that gives the best validation NLL."""
    model = BigramModel(num_classes).fit(train)
    scores = {}
    for alpha in SMOOTHING_CHOICES:
        model.alpha = alpha
        scores[alpha] = model.evaluate(validation)["nll"] if validation else 0.0
    model.alpha = min(scores, key=scores.get)
    return model, model.alpha
