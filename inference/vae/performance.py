"""GrooVAE (humanize) and Tap2Drum (drumify): VAEs from a drum "score" to a drum performance.

Imports TensorFlow at module level: import it lazily.

Both map a conditioning sequence ``[B, 64, F]`` to a performance ``[B, 64, 9]`` x (hit,
velocity, offset), after Gillick et al. 2019 (GrooVAE) and Magenta's ``groovae_*_humanize`` and
``groovae_*_tap2drum`` configs:

* GrooVAE: F = 9, the quantized hits (velocities and offsets zeroed);
* Tap2Drum: F = 3, one "tap" voice (hit, velocity, offset of the loudest onset of each step).

As in Magenta's humanize/tap2drum models the encoder reads only the conditioning input (a
bidirectional LSTM → posterior mean and standard deviation) and the decoder writes the full
performance. One deliberate difference, for a model trained in minutes on a CPU: the decoder, a
bidirectional LSTM, sees the conditioning input at every step next to ``z`` and the step counter,
instead of only ``z``; it does not have to squeeze every hit through the latent code, and ``z``
carries the global feel. Decoding is not autoregressive (each step's hits are independent given
``z`` and the input), so one compiled call produces every step of every variation.

Outputs: hit logits (Bernoulli, sampled at the temperature), velocity in 0..1 (sigmoid) and
offset in -0.5..0.5 of a step (0.5 tanh). With ``config.scatter_head`` the decoder also predicts
a spread (a Gaussian standard deviation) for every velocity and offset, learned by maximum
likelihood, and :meth:`PerformanceVAE.perform` draws from it, scaled by the temperature: a
drummer's timing is a distribution, and a humanizer that always plays its mean places every hit
where the average drummer would, with too little scatter (and temperature would change nothing). When the input is a tap voice (``config.tap_input``,
Tap2Drum) the hits are then held to what is true of all its training data: drums only on taps, at
least one drum on each tap (:func:`tap_constraint`). Losses: hit cross-entropy on every cell; on the true hits,
L1 on velocity and offset (mean only) or their Gaussian negative log-likelihood (scatter head);
and the VAE's KL term.
"""

from __future__ import annotations

import math

import keras
import tensorflow as tf
from keras import layers

from ..music import NUM_DRUM_CLASSES
from .config import VaeConfig
from .data import HIT, OFFSET, VELOCITY, WINDOW_STEPS
from .latent import LatentHead, kl_divergence, window_counter

HIT_LOSS_WEIGHT = 1.0
VELOCITY_LOSS_WEIGHT = 2.0  # velocities (0..1) and offsets (±0.5) err by ~0.1: lift them
OFFSET_LOSS_WEIGHT = 4.0
MIN_SPREAD = 1e-3  # the smallest standard deviation (in 0..1 velocity and step units)


class PerformanceVAE(keras.Model):
    def __init__(self, config: VaeConfig, **kwargs):
        super().__init__(**kwargs)
        self.config = config
        self.encoder = layers.Bidirectional(layers.LSTM(config.encoder_units), name="encoder")
        self.latent_head = LatentHead(config.latent, name="latent")
        self.decoder = layers.Bidirectional(
            layers.LSTM(config.decoder_units, return_sequences=True, dropout=config.dropout),
            name="decoder",
        )
        # With ~4,000 distinct 4-bar grooves the decoder memorizes; dropout keeps it general.
        self.dropout = layers.Dropout(config.dropout, name="dropout")
        self.hidden = layers.Dense(config.decoder_units, activation="relu", name="hidden")
        self.outputs_layer = layers.Dense(3 * NUM_DRUM_CLASSES, name="performance")
        if config.scatter_head:
            # softplus(-2.2) + MIN_SPREAD ~ 0.1: about the spread of real offsets at the start.
            self.spread_layer = layers.Dense(
                2 * NUM_DRUM_CLASSES,
                name="spread",
                bias_initializer=keras.initializers.Constant(-2.2),
            )

    def encode(self, condition):
        counter = window_counter(tf.shape(condition)[0])
        return self.latent_head(self.encoder(tf.concat([condition, counter], axis=-1)))

    def features(self, condition, z):
        """The decoder's last hidden layer ``[B, 64, units]``."""
        batch = tf.shape(condition)[0]
        z_steps = tf.broadcast_to(z[:, None, :], [batch, WINDOW_STEPS, self.config.latent])
        inputs = tf.concat([condition, z_steps, window_counter(batch)], axis=-1)
        return self.dropout(self.hidden(self.dropout(self.decoder(inputs))))

    def outputs(self, features):
        """→ hit logits, velocities (0..1), offsets (±0.5), each ``[B, 64, 9]``."""
        hit_logits, velocity, offset = tf.split(self.outputs_layer(features), 3, axis=-1)
        return hit_logits, tf.sigmoid(velocity), 0.5 * tf.tanh(offset)

    def spreads(self, features):
        """→ the standard deviations of velocity and offset, each ``[B, 64, 9]`` (scatter head)."""
        raw = tf.nn.softplus(self.spread_layer(features)) + MIN_SPREAD
        return tf.split(raw, 2, axis=-1)

    def decode(self, condition, z):
        """→ hit logits, velocities (0..1), offsets (±0.5), each ``[B, 64, 9]``."""
        return self.outputs(self.features(condition, z))

    def call(self, condition, training=False, noise=None, with_spreads=False):
        """→ hit logits, velocities, offsets, posterior mean and sd (then, ``with_spreads``,
        the velocity and offset spreads of the scatter head)."""
        mu, sigma = self.encode(condition)
        z = mu if noise is None else mu + sigma * noise
        features = self.features(condition, z)
        results = (*self.outputs(features), mu, sigma)
        return (*results, *self.spreads(features)) if with_spreads else results

    def example_losses(self, noise, training, condition, target):
        """Per-example (reconstruction, KL) of ``target [B, 64, 9, 3]`` given ``condition``.

        ``training`` is not passed on: the validation loss of these models has always been taken
        with dropout on (the committed checkpoints were picked by it), and the same seed must
        still train the same model.
        """
        return performance_loss(self, condition, target, noise)

    def perform(self, condition, temperature, seed):
        """Sample performances ``[B, 64, 9, 3]`` for a batch of inputs (compile it).

        ``z = mu + temperature * sigma * eps``; hits are Bernoulli at ``sigmoid(logit / T)``;
        ``temperature`` ≤ 0.01 means the posterior mean and hits where ``p`` is above the
        config's ``hit_threshold`` (0.5 unless chosen otherwise), which also centres the
        sampling at higher temperatures (the logits are shifted by its log-odds). With the
        scatter head, velocity and offset are drawn from their predicted Gaussians with the
        spread times ``temperature`` (T = 1: the learned spread; lower: closer to the mean).
        """
        mu, sigma = self.encode(condition)
        noise = tf.random.stateless_normal(tf.shape(mu), seed)
        temperature = tf.maximum(temperature, 0.0)
        z = mu + temperature * sigma * noise
        features = self.features(condition, z)
        hit_logits, velocity, offset = self.outputs(features)
        if self.config.scatter_head:
            velocity_sd, offset_sd = self.spreads(features)
            draws = tf.random.stateless_normal(
                tf.shape(velocity), tf.random.experimental.stateless_fold_in(seed, 2)
            )
            spread = temperature * self.config.velocity_spread * velocity_sd
            velocity = tf.clip_by_value(velocity + spread * draws, 1 / 127, 1.0)
            draws = tf.random.stateless_normal(
                tf.shape(offset), tf.random.experimental.stateless_fold_in(seed, 3)
            )
            offset = tf.clip_by_value(offset + temperature * offset_sd * draws, -0.5, 0.5)
        threshold = self.config.hit_threshold
        hit_logits = hit_logits - math.log(threshold / (1.0 - threshold))
        uniform = tf.random.stateless_uniform(
            tf.shape(hit_logits), tf.random.experimental.stateless_fold_in(seed, 1)
        )
        sampled = uniform < tf.sigmoid(hit_logits / tf.maximum(temperature, 1e-3))
        hits = tf.where(temperature <= 0.01, hit_logits > 0.0, sampled)
        if self.config.tap_input:
            hits = tap_constraint(hits, hit_logits, condition[..., HIT] > 0)
        hits = tf.cast(hits, tf.float32)
        return tf.stack([hits, velocity * hits, offset * hits], axis=-1)


def tap_constraint(hits, hit_logits, tapped):
    """Drums only on taps, and at least one on every tap (the likeliest class if none was drawn).

    Both hold for every training example (the taps are made from the hits), but nine independent
    Bernoulli draws can miss them: three classes at p = 0.4 leave a tap silent at temperature 0.
    """
    silent = tf.logical_not(tf.reduce_any(hits, axis=-1, keepdims=True))
    likeliest = tf.one_hot(
        tf.argmax(hit_logits, axis=-1), NUM_DRUM_CLASSES, on_value=True, off_value=False
    )
    return tf.logical_and(tf.logical_or(hits, tf.logical_and(likeliest, silent)), tapped[..., None])


def performance_loss(model: PerformanceVAE, condition, target, noise):
    """Per-example losses (reconstruction, KL) for ``target [B, 64, 9, 3]``."""
    scatter = model.config.scatter_head
    hit_logits, velocity, offset, mu, sigma, *spreads = model(
        condition, training=True, noise=noise, with_spreads=scatter
    )
    hits = target[..., HIT]
    hit_loss = tf.reduce_sum(
        tf.nn.sigmoid_cross_entropy_with_logits(labels=hits, logits=hit_logits), axis=[1, 2]
    )
    if scatter:
        velocity_sd, offset_sd = spreads
        velocity_loss = gaussian_nll(target[..., VELOCITY], velocity, velocity_sd, hits)
        offset_loss = gaussian_nll(target[..., OFFSET], offset, offset_sd, hits)
        return hit_loss + velocity_loss + offset_loss, kl_divergence(mu, sigma)
    velocity_loss = tf.reduce_sum(tf.abs(velocity - target[..., VELOCITY]) * hits, axis=[1, 2])
    offset_loss = tf.reduce_sum(tf.abs(offset - target[..., OFFSET]) * hits, axis=[1, 2])
    reconstruction = (
        HIT_LOSS_WEIGHT * hit_loss
        + VELOCITY_LOSS_WEIGHT * velocity_loss
        + OFFSET_LOSS_WEIGHT * offset_loss
    )
    return reconstruction, kl_divergence(mu, sigma)


def gaussian_nll(value, mean, sd, mask):
    """Per-example Gaussian negative log-likelihood (without the constant) over ``mask``."""
    nll = tf.math.log(sd) + 0.5 * tf.square((value - mean) / sd)
    return tf.reduce_sum(nll * mask, axis=[1, 2])


def build(config: VaeConfig) -> PerformanceVAE:
    """A performance VAE with every weight built (a dummy call)."""
    model = PerformanceVAE(config)
    model(tf.zeros([1, WINDOW_STEPS, config.num_classes]), with_spreads=config.scatter_head)
    return model
