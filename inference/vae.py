"""MusicVAE (4-bar melody and drums) and the latent machinery shared with GrooVAE (Keras 3).

Imports TensorFlow at module level: import it lazily (``inference.studio_tools`` does), never
from code a web page imports.

MusicVAE (after Roberts et al. 2018, the flat "4-bar" variant, sized for a CPU):

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

Sampling runs all steps of all variations in one compiled ``tf.function`` with stateless RNG.
"""

from __future__ import annotations

import json
from dataclasses import asdict, dataclass, fields
from pathlib import Path

import keras
import tensorflow as tf
from keras import layers

from .checkpoint_files import CONFIG_FILE, load_checkpoint, save_checkpoint
from .music import DRUM_NUM_EVENTS, MELODY_NUM_CLASSES
from .rnn import binary_counter
from .vae_data import WINDOW_STEPS

COUNTER_BITS = 6  # 64 step positions in a 4-bar window


@dataclass(frozen=True)
class VaeConfig:
    name: str  # musicvae_melody | musicvae_drums | groovae | tap2drum
    family: str  # musicvae | performance
    kind: str  # melody | drums
    num_classes: int  # MusicVAE: event classes; performance VAEs: conditioning features
    embed_dim: int
    encoder_units: int
    decoder_units: int
    latent: int
    beta: float
    free_bits: float
    prior_scale: float = 1.0  # measured after training (see the module docstring)
    word_dropout: float = 0.0  # MusicVAE training: share of previous events hidden from the decoder
    dropout: float = 0.0  # performance VAEs: dropout on the decoder's inputs and hidden layer

    def to_json(self) -> str:
        return json.dumps(asdict(self), indent=2)

    @classmethod
    def load(cls, directory: str | Path) -> VaeConfig:
        data = json.loads((Path(directory) / CONFIG_FILE).read_text(encoding="utf-8"))
        known = {f.name for f in fields(cls)}
        return cls(**{k: v for k, v in data.items() if k in known})


MUSICVAE_CONFIGS = {
    "musicvae_melody": VaeConfig(
        "musicvae_melody", "musicvae", "melody", MELODY_NUM_CLASSES, 32, 128, 256, 64, 0.2, 48.0,
        word_dropout=0.3,
    ),
    "musicvae_drums": VaeConfig(
        "musicvae_drums", "musicvae", "drums", DRUM_NUM_EVENTS, 64, 128, 256, 64, 0.2, 48.0,
        word_dropout=0.3,
    ),
}  # fmt: skip


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


class MusicVAE(keras.Model):
    """Flat MusicVAE over 64-step event windows; ``call`` trains, ``sample`` decodes codes."""

    def __init__(self, config: VaeConfig, **kwargs):
        super().__init__(**kwargs)
        self.config = config
        self.start_token = config.num_classes  # an extra embedding row: "before the first step"
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

    def sample(self, z, temperature, seed):
        """Decode codes ``z [B, latent]`` step by step → class indices ``[B, 64]``.

        ``temperature`` ≤ 0.01 means greedy (argmax). Call it through a ``tf.function``.
        """
        batch = tf.shape(z)[0]
        h, c = tf.split(self.initial_state(z), 2, axis=-1)
        token = tf.fill([batch], self.start_token)
        counter = window_counter(batch)
        chosen = tf.TensorArray(tf.int32, size=WINDOW_STEPS)
        for step in tf.range(WINDOW_STEPS):
            inputs = self._decoder_inputs(token, z, counter[:, step])
            output, (h, c) = self.decoder.cell(inputs, [h, c], training=False)
            logits = self.classifier(output)
            token = pick_classes(
                logits, temperature, tf.random.experimental.stateless_fold_in(seed, step)
            )
            chosen = chosen.write(step, token)
        return tf.transpose(chosen.stack())


def pick_classes(logits, temperature, seed):
    """Sample one class per row at ``temperature``; greedy when it is (almost) zero."""
    greedy = tf.argmax(logits, axis=-1, output_type=tf.int32)
    scaled = logits / tf.maximum(temperature, 1e-3)
    sampled = tf.random.stateless_categorical(scaled, 1, seed, dtype=tf.int32)[:, 0]
    return tf.where(temperature <= 0.01, greedy, sampled)


def build_model(config: VaeConfig) -> keras.Model:
    """Create the model of ``config.family`` and build every weight with a dummy call."""
    if config.family == "musicvae":
        model = MusicVAE(config)
        model(tf.zeros([1, WINDOW_STEPS], tf.int32))
        return model
    from .groove import PerformanceVAE

    model = PerformanceVAE(config)
    model(tf.zeros([1, WINDOW_STEPS, config.num_classes]))
    return model


def save_model(model: keras.Model, directory: str | Path) -> None:
    save_checkpoint(model, directory)


def load_model(directory: str | Path) -> keras.Model:
    return load_checkpoint(directory, VaeConfig.load, build_model)
