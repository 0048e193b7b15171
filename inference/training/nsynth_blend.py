"""A blend regulariser for the timbre autoencoder: codes mixed between two notes should decode to
a timbre between theirs.

The model is trained to reconstruct single notes; nothing in that loss says what a decoder makes
of a code half-way between two instruments, and on test pairs the spectral centroid of the
blends went back and forth between A and B for a quarter of them. With ``--blend-weight`` > 0,
each batch is drawn as pairs of notes at the same pitch and velocity from different programs
(aligned crops), and for mixes 0.25, 0.5 and 0.75 of their codes (and loudness curves, as the
tool blends them) the decoder's controls are asked to give a centroid that steps from A's
towards B's by at least ``MARGIN_SHARE`` of the way each time. The centroid is read from the
controls, not from audio: each harmonic's power at k x f0 and each noise band's power at its
centre frequency, power-weighted as :func:`inference.nsynth.metrics.spectral_centroid` weights
the spectrum it measures. The ends (the reconstructions) are held fixed in this term, so it
shapes only what lies between.
"""

from __future__ import annotations

from collections import defaultdict

import numpy as np

from ..nsynth.features import SAMPLE_RATE

MIXES = (0.25, 0.5, 0.75)
MARGIN_SHARE = 0.05  # each of the four steps should cover this share of A -> B at least
FLOOR_HZ = 20.0  # keeps the penalty's scale finite for pairs whose centroids nearly agree


def pair_groups(examples: list[dict]) -> list[list[int]]:
    """Rows grouped by (pitch, velocity), keeping groups with two programs or more."""
    groups = defaultdict(list)
    for row, example in enumerate(examples):
        groups[(example["pitch"], example["velocity"])].append(row)
    return [rows for rows in groups.values() if len({examples[r]["program"] for r in rows}) > 1]


def sample_pairs(examples, groups, rng, pairs: int) -> np.ndarray:
    """``pairs`` pairs of rows (a, b): a at random from a random group, b from a's group with
    another program. Returns rows [a0, b0, a1, b1, ...]."""
    rows = []
    for _ in range(pairs):
        group = groups[rng.integers(len(groups))]
        a = group[rng.integers(len(group))]
        others = [r for r in group if examples[r]["program"] != examples[a]["program"]]
        rows += [a, others[rng.integers(len(others))]]
    return np.asarray(rows)


def control_centroid(tf, amplitude, distribution, noise, f0_hz):
    """Power-weighted mean frequency over all frames, per note: [batch]."""
    harmonics = distribution.shape[-1]
    ks = tf.cast(tf.range(1, harmonics + 1), tf.float32)
    freqs = f0_hz[..., None] * ks
    audible = tf.cast(freqs < SAMPLE_RATE / 2, tf.float32)
    shares = distribution * audible
    shares = shares / (tf.reduce_sum(shares, axis=-1, keepdims=True) + 1e-7)
    harmonic_power = 0.5 * tf.square(amplitude * shares)
    bands = noise.shape[-1]
    centres = tf.linspace(0.0, SAMPLE_RATE / 2, bands)
    # White noise in [-1, 1] (variance 1/3) through the band's share of the filter.
    noise_power = tf.square(noise) / (3.0 * (bands - 1))
    weighted = tf.reduce_sum(harmonic_power * freqs, axis=[1, 2]) + tf.reduce_sum(
        noise_power * centres, axis=[1, 2]
    )
    total = tf.reduce_sum(harmonic_power, axis=[1, 2]) + tf.reduce_sum(noise_power, axis=[1, 2])
    return weighted / (total + 1e-12)


def blend_penalty(tf, model, z, f0_hz, loudness, ends, margin: int):
    """Mean shortfall of each blend step from ``MARGIN_SHARE`` of A -> B, in units of
    |B - A| (+ ``FLOOR_HZ``). ``z``, ``f0_hz``, ``loudness``: the batch as pairs [a0, b0, ...];
    ``ends``: the centroids of the batch's reconstructions [batch]. Frames within ``margin`` of
    a crop's ends are context, left out as in the reconstruction loss."""
    za, zb = z[0::2], z[1::2]
    la, lb = loudness[0::2], loudness[1::2]
    f0 = f0_hz[0::2]  # a pair shares its pitch
    end = tf.shape(f0)[1] - margin
    centroids = [tf.stop_gradient(ends[0::2])]
    for mix in MIXES:
        controls = model.controls((1 - mix) * za + mix * zb, f0, (1 - mix) * la + mix * lb)
        cropped = [c[:, margin:end] for c in controls]
        centroids.append(control_centroid(tf, *cropped, f0[:, margin:end]))
    centroids.append(tf.stop_gradient(ends[1::2]))
    path = tf.stack(centroids, axis=1)  # [pairs, 5]
    span = path[:, -1] - path[:, 0]
    direction = tf.sign(span)
    steps = (path[:, 1:] - path[:, :-1]) * direction[:, None]
    need = MARGIN_SHARE * tf.abs(span)[:, None]
    shortfall = tf.nn.relu(need - steps) / (tf.abs(span)[:, None] + FLOOR_HZ)
    return tf.reduce_mean(shortfall)
