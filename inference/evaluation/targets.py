"""Acceptance targets a model card checks against its own test-split numbers (never assumed).

A ``ModelSpec`` carries one of these as ``target``; its :meth:`check` gives the card's
``targets`` entry: the rule in words, the measured gain(s) and whether the target is met.
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class BelowBaseline:
    """Lower-is-better metrics, each at least ``fraction`` below the baseline."""

    metrics: tuple[str, ...]
    fraction: float
    rule: str

    def check(self, metrics: dict, baseline: dict) -> dict:
        gains = {k: 1 - metrics[k] / baseline[k] for k in self.metrics}
        return {
            "rule": self.rule,
            "relative_improvement": {k: round(v, 4) for k, v in gains.items()},
            "met": all(v >= self.fraction for v in gains.values()),
        }


@dataclass(frozen=True)
class AboveBaseline:
    """A higher-is-better metric above the baseline: by more than ``margin``, or by at least it
    when ``inclusive``. The card reports the gain under ``gain_key``."""

    metric: str
    gain_key: str
    rule: str
    margin: float = 0.0
    inclusive: bool = False

    def check(self, metrics: dict, baseline: dict) -> dict:
        gain = metrics[self.metric] - baseline[self.metric]
        met = gain >= self.margin if self.inclusive else gain > self.margin
        return {"rule": self.rule, self.gain_key: round(gain, 4), "met": met}
