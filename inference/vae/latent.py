"""The latent machinery every VAE here shares (Keras 3): posterior head, KL, free bits, slerp.

Imports TensorFlow at module level: import it lazily. :mod:`.musicvae` and :mod:`.performance`
both build on it, and neither imports the other.
"""

from __future__ import annotations

import tensorflow as tf
from keras import layers

from ..shared.ops import binary_counter
from .config import VaeConfig
from .data import WINDOW_STEPS

COUNTER_BITS = 6  # 64 step positions in a 4-bar window


def window_counter(batch):
    """The binary step counter for the 64 steps of a window, ``[batch, 64, 6]``."""
    positions = tf.broadcast_to(tf.range(WINDOW_STEPS)[None, :], [batch, WINDOW_STEPS])
    return binary_counter(positions, COUNTER_BITS)


def kl_divergence(mu, sigma):
    """KL(N(mu, sigma) || N(0, I)) per example, in nats."""
    variance = tf.square(sigma)
    return 0.5 * tf.reduce_sum(tf.square(mu) + variance - 1.0 - tf.math.log(variance), axis=-1)


def regularizer(kl, config: VaeConfig):
    """beta * max(KL - free_bits, 0): the free bits cost nothing, so the code stays informative."""
    return config.beta * tf.maximum(kl - config.free_bits, 0.0)


def slerp(a, b, alphas):
    """Spherical interpolation from ``a [L]`` to ``b [L]`` at each alpha (numpy or tf in, tf out)."""
    a, b = tf.cast(a, tf.float32), tf.cast(b, tf.float32)
    alphas = tf.cast(tf.reshape(alphas, [-1, 1]), tf.float32)
    cosine = tf.reduce_sum(a * b) / (tf.norm(a) * tf.norm(b) + 1e-8)
    omega = tf.acos(tf.clip_by_value(cosine, -1.0, 1.0))
    linear = (1.0 - alphas) * a + alphas * b
    sin_omega = tf.sin(omega)
    spherical = (tf.sin((1.0 - alphas) * omega) * a + tf.sin(alphas * omega) * b) / (
        sin_omega + 1e-8
    )
    # Nearly parallel codes: slerp degenerates to lerp (and avoids 0/0).
    return tf.where(sin_omega < 1e-4, linear, spherical)


class LatentHead(layers.Layer):
    """Encoder summary → (mu, sigma) of the diagonal Gaussian posterior."""

    def __init__(self, latent: int, **kwargs):
        super().__init__(**kwargs)
        self.projection = layers.Dense(2 * latent, name="posterior")

    def call(self, summary):
        mu, raw_scale = tf.split(self.projection(summary), 2, axis=-1)
        return mu, tf.nn.softplus(raw_scale) + 1e-4
