"""Held-out metrics of the VAE models, next to the baselines of :mod:`.baselines`.

Every function gets the model in memory, so training can evaluate before anything is saved.
Which evaluation a model gets is its ``ModelSpec.evaluate`` (``inference.configs``).

* MusicVAE (:func:`evaluate_musicvae`): ``reconstruction_accuracy`` — encode a test window,
  decode greedily from the posterior mean, fraction of the 64 steps whose event is right; ``kl``
  — mean KL(q(z|x) || N(0, I)) per window in nats. Baseline: the most frequent event of the train
  split at each of the 64 step positions (it transmits nothing about the window, so its KL is 0).
  Interpolation endpoint accuracy runs the public :func:`inference.vae.tools.interpolate` on
  test pairs and scores its first and last outputs (α = 0 and 1) against A and B.
* GrooVAE / Tap2Drum (:func:`evaluate_performance`): ``velocity_mae`` (MIDI velocity units) and
  ``offset_mae`` (fractions of a 16th step) on the true hits, with the posterior mean and no
  sampling; baseline: the train mean per drum class and step position. A model whose input is a
  tap voice also gets ``hit_f1`` over every (step, class) cell; its baseline: a kick on every
  tap. The spec's ``references`` (:data:`REFERENCES`) are measured for context.
"""

from __future__ import annotations

import numpy as np

from ..vae.data import HIT, OFFSET, VELOCITY
from ..vae.tools import Bundle, classes_from_clip, clip_from_classes, interpolate
from .baselines import (
    hit_f1,
    knn_humanizer,
    mean_table_baseline,
    positional_mode_accuracy,
    window_shift_oracle,
)

BATCH = 256
INTERPOLATION_PAIRS = 200
# Yardsticks a spec may ask for by name: (train, test) -> errors, written to the card.
REFERENCES = {
    "knn_50": lambda train, test: knn_humanizer(train, test, 50),
    "oracle_window_shift": window_shift_oracle,
}


def _batched(function, array, *args):
    parts = [function(array[i : i + BATCH], *args) for i in range(0, len(array), BATCH)]
    return [np.concatenate([np.asarray(p[k]) for p in parts]) for k in range(len(parts[0]))]


def measure_prior_scale(model, train_inputs: np.ndarray) -> float:
    """Std of the aggregate posterior (codes of up to 4096 train windows), averaged over dims.

    Only MusicVAE samples from the prior; the performance models always encode their input.
    """
    if model.config.family != "musicvae":
        return 1.0
    rows = np.random.default_rng(0).permutation(len(train_inputs))[:4096]
    mu, sigma = _batched(model.encode, train_inputs[rows])
    variance = mu.var(axis=0) + np.square(sigma).mean(axis=0)
    return round(float(np.sqrt(variance.mean())), 4)


# --- MusicVAE ------------------------------------------------------------------------------


def evaluate_musicvae(model, data: dict, split: str, references=()) -> dict:
    """``data``: per split, ``(windows,)``."""
    train, test = data["train"][0], data[split][0]
    bundle = Bundle(model)
    mu, sigma = _batched(model.encode, test)
    kl = 0.5 * (np.square(mu) + np.square(sigma) - 1.0 - np.log(np.square(sigma))).sum(axis=1)
    decoded = np.concatenate(
        [bundle.decode(mu[i : i + BATCH], 0.0, 0) for i in range(0, len(mu), BATCH)]
    )
    return {
        "metrics": {
            "reconstruction_accuracy": float((decoded == test).mean()),
            "kl": float(kl.mean()),
        },
        "baseline": {"reconstruction_accuracy": positional_mode_accuracy(train, test), "kl": 0.0},
        "interpolation": interpolation_endpoint_accuracy(bundle, test),
    }


def interpolation_endpoint_accuracy(bundle, test: np.ndarray) -> dict:
    """Run :func:`interpolate` on pairs of test windows (as clips) and score the endpoints."""
    kind = bundle.config.kind
    half = min(INTERPOLATION_PAIRS, len(test) // 2)
    first_hits = last_hits = 0.0
    for a, b in zip(test[:half], test[len(test) - half :], strict=True):
        clip_a, clip_b = clip_from_classes(a, kind), clip_from_classes(b, kind)
        clips = interpolate(clip_a, clip_b, 3, 0.0, 0, bundle=bundle)
        first_hits += _agreement(clips[0], clip_a)
        last_hits += _agreement(clips[-1], clip_b)
    return {
        "pairs": half,
        "alpha_0_accuracy": first_hits / max(half, 1),
        "alpha_1_accuracy": last_hits / max(half, 1),
    }


def _agreement(output, target) -> float:
    """Fraction of steps with the same event (clip against clip: a window opening on a
    note-off reads back as a rest, so both sides go through the same encoding)."""
    return float((classes_from_clip(output, 64) == classes_from_clip(target, 64)).mean())


# --- GrooVAE / Tap2Drum --------------------------------------------------------------------


def evaluate_performance(model, data: dict, split: str, references=()) -> dict:
    """``data``: per split, ``(condition, performance)``; ``references``: names in REFERENCES."""
    train = data["train"][1]
    condition, test = data[split]
    hit_logits, velocity, offset = _batched(lambda c: model(c)[:3], condition)
    true_hits = test[..., HIT] > 0
    metrics = {
        "velocity_mae": float(np.abs(velocity - test[..., VELOCITY])[true_hits].mean() * 127),
        "offset_mae": float(np.abs(offset - test[..., OFFSET])[true_hits].mean()),
    }
    baseline = mean_table_baseline(train, test)
    reference = {name: REFERENCES[name](train, test) for name in references}
    if model.config.tap_input:
        (performed,) = _batched(lambda c: (model.perform(c, 0.0, [0, 0]),), condition)
        metrics["hit_f1"] = hit_f1(performed[..., HIT] > 0, true_hits)
        kick_on_taps = np.zeros_like(true_hits)
        kick_on_taps[..., 0] = condition[..., HIT] > 0
        baseline["hit_f1"] = hit_f1(kick_on_taps, true_hits)
    return {"metrics": metrics, "baseline": baseline, "reference": reference}
