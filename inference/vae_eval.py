"""Held-out metrics of the VAE models and the simple baselines they are compared with.

Every function gets the model in memory, so training can evaluate before anything is saved.

* MusicVAE: ``reconstruction_accuracy`` — encode a test window, decode greedily from the
  posterior mean, fraction of the 64 steps whose event is right; ``kl`` — mean KL(q(z|x) || N(0, I))
  per window in nats. Baseline: the most frequent event of the train split at each of the 64
  step positions (it transmits nothing about the window, so its KL is 0). Interpolation endpoint
  accuracy runs the public :func:`inference.studio_tools.interpolate` on test pairs and scores
  its first and last outputs (α = 0 and 1) against A and B.
* GrooVAE / Tap2Drum: ``velocity_mae`` (MIDI velocity units) and ``offset_mae`` (fractions of a
  16th step) on the true hits, with the posterior mean and no sampling; baseline: the train
  mean per drum class and step position. Tap2Drum also ``hit_f1`` over every (step, class) cell;
  its baseline: a kick on every tap.
"""

from __future__ import annotations

import numpy as np

from .vae_data import HIT, OFFSET, VELOCITY

BATCH = 256
INTERPOLATION_PAIRS = 200


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


def evaluate_model(model, data: dict, split: str) -> dict:
    if model.config.family == "musicvae":
        return evaluate_musicvae(model, data["train"][0], data[split][0])
    return evaluate_performance(model, data["train"][1], *data[split])


# --- MusicVAE ------------------------------------------------------------------------------


def evaluate_musicvae(model, train: np.ndarray, test: np.ndarray) -> dict:
    from .studio_tools import Bundle

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


def positional_mode_accuracy(train: np.ndarray, test: np.ndarray) -> float:
    """Accuracy of predicting, at each step position, the train split's most frequent event."""
    modes = np.array([np.bincount(train[:, step]).argmax() for step in range(train.shape[1])])
    return float((test == modes[None, :]).mean())


def interpolation_endpoint_accuracy(bundle, test: np.ndarray) -> dict:
    """Run :func:`interpolate` on pairs of test windows (as clips) and score the endpoints."""
    from .studio_tools import clip_from_classes, interpolate

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
    from .studio_tools import classes_from_clip

    return float((classes_from_clip(output, 64) == classes_from_clip(target, 64)).mean())


# --- GrooVAE / Tap2Drum --------------------------------------------------------------------


def evaluate_performance(model, train: np.ndarray, condition: np.ndarray, test: np.ndarray) -> dict:
    hit_logits, velocity, offset = _batched(lambda c: model(c)[:3], condition)
    true_hits = test[..., HIT] > 0
    metrics = {
        "velocity_mae": float(np.abs(velocity - test[..., VELOCITY])[true_hits].mean() * 127),
        "offset_mae": float(np.abs(offset - test[..., OFFSET])[true_hits].mean()),
    }
    baseline = mean_table_baseline(train, test)
    reference = {}
    if model.config.name == "groovae":
        reference["knn_50"] = knn_humanizer(train, test, 50)
        reference["oracle_window_shift"] = window_shift_oracle(train, test)
    if model.config.name == "tap2drum":
        (performed,) = _batched(lambda c: (model.perform(c, 0.0, [0, 0]),), condition)
        metrics["hit_f1"] = hit_f1(performed[..., HIT] > 0, true_hits)
        kick_on_taps = np.zeros_like(true_hits)
        kick_on_taps[..., 0] = condition[..., HIT] > 0
        baseline["hit_f1"] = hit_f1(kick_on_taps, true_hits)
    return {"metrics": metrics, "baseline": baseline, "reference": reference}


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
