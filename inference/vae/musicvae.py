"""MusicVAE, 4-bar melody and drums (Keras 3), after Roberts et al. 2018's flat "4-bar" variant.

Imports TensorFlow at module level: import it lazily (``inference.vae.tools`` does), never
from code a web page imports. Sized for a CPU:

* encoder: the events (one class per step, embedded) read by a bidirectional LSTM; the two final
  outputs give the posterior mean and, through a softplus, its standard deviation;
* decoder: an LSTM whose initial state is ``tanh(W z)`` and whose input at each step is the
  previous event, ``z`` itself and Magenta's binary step counter, then a softmax over the classes;
* loss: cross-entropy + ``beta * max(KL - free_bits, 0)`` with ``beta < 1`` and free bits, the
  "low-KL" recipe Magenta uses so reconstructions stay sharp; while training, 30 % of the
  previous events the decoder reads are hidden (word dropout) so it has to rely on ``z``.
  Because such a posterior does not fill N(0, I), sampling draws ``z ~ N(0, prior_scale^2 I)``
  where ``prior_scale`` is measured after training so the prior matches the spread of the codes
  of the training windows.

Sampling runs all steps of all variations in one compiled ``tf.function`` with stateless RNG;
a ``[num_classes]`` logit mask (``inference.music.scales.logit_mask``, zeros for none) keeps
every step's logits to a key and scale before the draw, greedy or sampled
(``inference.shared.ops.keep_to_scale``: masked notes get probability 0, rests keep theirs),
and a ``[num_classes]`` bias is added to the logits before the temperature (drum Generate's
class calibration, :mod:`.calibration`; zeros for none).
"""

from __future__ import annotations

import keras
import tensorflow as tf
from keras import layers

from ..music import NUM_SPECIAL_MELODY_EVENTS
from ..shared.ops import keep_to_scale, scale_terms
from .config import VaeConfig
from .data import WINDOW_STEPS
from .latent import LatentHead, kl_divergence, window_counter


class MusicVAE(keras.Model):
    """Flat MusicVAE over 64-step event windows; ``call`` trains, ``sample`` decodes codes."""

    def __init__(self, config: VaeConfig, **kwargs):
        super().__init__(**kwargs)
        self.config = config
        self.start_token = config.num_classes  # an extra embedding row: "before the first step"
        # Melody classes from here on are note-ons (drums are never masked: any value does).
        self.first_note = NUM_SPECIAL_MELODY_EVENTS if config.kind == "melody" else 0
        self.embedding = layers.Embedding(config.num_classes + 1, config.embed_dim, name="events")
        self.encoder = layers.Bidirectional(layers.LSTM(config.encoder_units), name="encoder")
        self.latent_head = LatentHead(config.latent, name="latent")
        self.initial_state = layers.Dense(
            2 * config.decoder_units, activation="tanh", name="z_to_state"
        )
        self.decoder = layers.LSTM(config.decoder_units, return_sequences=True, name="decoder")
        self.classifier = layers.Dense(config.num_classes, name="logits")

    def encode(self, tokens):
        return self.latent_head(self.encoder(self.embedding(tokens)))

    def _decoder_inputs(self, previous, z, counter):
        return tf.concat([self.embedding(previous), z, counter], axis=-1)

    def teacher_forced_logits(self, z, tokens, training=False):
        batch = tf.shape(tokens)[0]
        previous = tf.concat([tf.fill([batch, 1], self.start_token), tokens[:, :-1]], axis=1)
        if training and self.config.word_dropout:
            # Hide some previous events (they read as "start": nothing known) so the decoder
            # cannot ignore z, the usual cure for a VAE whose code collapses (Bowman et al. 2016).
            hidden = tf.random.uniform(tf.shape(previous)) < self.config.word_dropout
            previous = tf.where(hidden, self.start_token, previous)
        z_steps = tf.broadcast_to(z[:, None, :], [batch, WINDOW_STEPS, self.config.latent])
        inputs = self._decoder_inputs(previous, z_steps, window_counter(batch))
        h, c = tf.split(self.initial_state(z), 2, axis=-1)
        return self.classifier(self.decoder(inputs, initial_state=[h, c]))

    def call(self, tokens, training=False, noise=None):
        """Logits, mu, sigma; ``noise`` (``[B, latent]``) picks the posterior sample."""
        mu, sigma = self.encode(tokens)
        z = mu if noise is None else mu + sigma * noise
        return self.teacher_forced_logits(z, tokens, training), mu, sigma

    def example_losses(self, noise, training, tokens):
        """Per-example (reconstruction cross-entropy, KL) of windows ``tokens [B, 64]``."""
        logits, mu, sigma = self(tokens, training=training, noise=noise)
        cross_entropy = tf.nn.sparse_softmax_cross_entropy_with_logits(tokens, logits)
        return tf.reduce_sum(cross_entropy, axis=1), kl_divergence(mu, sigma)

    def sample(self, z, temperature, seed, mask, bias):
        """Decode codes ``z [B, latent]`` step by step → class indices ``[B, 64]``.

        ``temperature`` ≤ 0.01 means greedy (argmax); ``mask [num_classes]`` keeps every step to a
        scale (zeros: the model's own choice; see ``pick_classes``); ``bias [num_classes]`` is
        added to every step's logits before the temperature (zeros: none; drum Generate's class
        calibration, :mod:`.calibration`). Call it through a ``tf.function``.
        """
        batch = tf.shape(z)[0]
        h, c = tf.split(self.initial_state(z), 2, axis=-1)
        token = tf.fill([batch], self.start_token)
        counter = window_counter(batch)
        chosen = tf.TensorArray(tf.int32, size=WINDOW_STEPS)
        terms = scale_terms(mask, self.first_note)  # once, outside the loop
        for step in tf.range(WINDOW_STEPS):
            inputs = self._decoder_inputs(token, z, counter[:, step])
            output, (h, c) = self.decoder.cell(inputs, [h, c], training=False)
            token = pick_classes(
                self.classifier(output) + bias,
                temperature,
                tf.random.experimental.stateless_fold_in(seed, step),
                terms,
            )
            chosen = chosen.write(step, token)
        return tf.transpose(chosen.stack())


def pick_classes(logits, temperature, seed, terms):
    """Sample one class per row at ``temperature``; greedy when it is (almost) zero. Both from
    the logits kept to a scale (``terms``: ``inference.shared.ops.scale_terms``) after the
    temperature, as the RNN sampler does, so the chance of a rest is the one the model gives at
    that temperature; greedy is that distribution's most likely class."""
    scaled = keep_to_scale(logits / tf.maximum(temperature, 1e-3), terms)
    greedy = tf.argmax(scaled, axis=-1, output_type=tf.int32)
    sampled = tf.random.stateless_categorical(scaled, 1, seed, dtype=tf.int32)[:, 0]
    return tf.where(temperature <= 0.01, greedy, sampled)


def build(config: VaeConfig) -> MusicVAE:
    """A MusicVAE with every weight built (a dummy call)."""
    model = MusicVAE(config)
    model(tf.zeros([1, WINDOW_STEPS], tf.int32))
    return model
