"""The event RNN shared by Melody RNN ``attention_rnn`` and Drums RNN ``drum_kit`` (Keras 3).

Imports TensorFlow and Keras at module level: import this module lazily
(``inference.rnn.generate`` and the trainer do), never from code a web page imports. The models
built from it (``melody_rnn``, ``drums_rnn``) and their sizes are in ``inference.configs``.

Architecture (after Magenta's configs):

* input: the previous event as a one-hot vector (an ``Embedding`` lookup is the same linear map)
  plus Magenta's binary step counter (bit i of the step index as ±1), so the net knows where in
  the bar it is;
* a stack of LSTMs (``layer_sizes``), dropout on each layer's output while training;
* attention over the previous ``attn_length`` outputs of the top LSTM, as in Magenta's
  ``AttentionCellWrapper``: additive (Bahdanau) scores ``v·tanh(W_k h_j + W_q h_t + b)`` (width 32) over
  ``h_{t-L} … h_{t-1}`` (zeros before the start), then ``W_o [h_t; context]``. One deliberate
  difference: Magenta also feeds the previous context back into the cell input; we do not, so
  training runs the attention in parallel over whole windows (much faster on a CPU). Generation
  is still step by step with a rolling buffer of the last L outputs, and a test checks that the
  step-wise and the parallel forms give the same logits;
* a softmax over the event classes.
"""

from __future__ import annotations

from pathlib import Path

import keras
import tensorflow as tf
from keras import layers

from ..shared.checkpoints import load_checkpoint, save_checkpoint
from ..shared.ops import binary_counter
from .config import RnnConfig


class WindowedAttention(layers.Layer):
    """Additive attention over the previous ``length`` vectors of a sequence.

    ``score_size`` is the width of the tanh layer (Magenta's ``attn_vec_size``); we use 32 instead
    of the cell size because the parallel training form costs ``B x T x length x score_size``.
    """

    def __init__(self, length: int, score_size: int, **kwargs):
        super().__init__(**kwargs)
        self.length = length
        self.score_size = score_size

    def build(self, input_shape):
        size = int(input_shape[-1])
        score = (size, self.score_size)
        self.key_kernel = self.add_weight(shape=score, name="key_kernel")
        self.query_kernel = self.add_weight(shape=score, name="query_kernel")
        self.query_bias = self.add_weight(
            shape=(self.score_size,), initializer="zeros", name="query_bias"
        )
        self.score_vector = self.add_weight(shape=(self.score_size,), name="score_vector")

    def call(self, hidden):
        """Parallel form: ``hidden [B, T, D]`` → context ``[B, T, D]``."""
        batch, steps, length = tf.shape(hidden)[0], tf.shape(hidden)[1], self.length
        padded = tf.pad(hidden, [[0, 0], [length, 0], [0, 0]])  # zeros before the start
        keys = tf.matmul(padded, self.key_kernel)
        # Frame t holds padded rows t..t+L-1, i.e. the outputs of steps t-L..t-1.
        key_frames = tf.signal.frame(keys, length, 1, axis=1)[:, :steps]
        query = tf.matmul(hidden, self.query_kernel) + self.query_bias
        scores = tf.reduce_sum(
            self.score_vector * tf.tanh(key_frames + query[:, :, None, :]), axis=-1
        )
        weights = tf.nn.softmax(scores, axis=-1)  # [B, T, L]
        # Skew [B, T, L] into a banded [B, T, T+L] matrix (row t's weights start at column t)
        # so the context is one matmul instead of gathering B x T x L x D values.
        skewed = tf.pad(weights, [[0, 0], [0, 0], [0, steps + 1]])
        skewed = tf.reshape(skewed, [batch, -1])[:, : steps * (steps + length)]
        band = tf.reshape(skewed, [batch, steps, steps + length])
        return tf.matmul(band, padded)

    def step(self, hidden, keys, values):
        """One step: ``hidden [B, D]``, buffers of the last L keys/values → (context, keys, values)."""
        query = tf.matmul(hidden, self.query_kernel) + self.query_bias
        scores = tf.reduce_sum(self.score_vector * tf.tanh(keys + query[:, None, :]), axis=-1)
        weights = tf.nn.softmax(scores, axis=-1)
        context = tf.einsum("bl,bld->bd", weights, values)
        new_key = tf.matmul(hidden, self.key_kernel)[:, None, :]
        keys = tf.concat([keys[:, 1:], new_key], axis=1)
        values = tf.concat([values[:, 1:], hidden[:, None, :]], axis=1)
        return context, keys, values


class EventRNN(keras.Model):
    """Next-event model over class indices; ``call`` for training, ``step`` for sampling."""

    def __init__(self, config: RnnConfig, **kwargs):
        super().__init__(**kwargs)
        self.config = config
        self.embedding = layers.Embedding(config.num_classes, config.embed_dim, name="event_input")
        self.lstms = [
            layers.LSTM(size, return_sequences=True, name=f"lstm_{i}")
            for i, size in enumerate(config.layer_sizes)
        ]
        self.dropout = layers.Dropout(config.dropout)
        top = config.layer_sizes[-1]
        if config.attn_length:
            self.attention = WindowedAttention(
                config.attn_length, config.attn_score_size, name="attention"
            )
            self.attention_output = layers.Dense(top, name="attention_output")
        self.classifier = layers.Dense(config.num_classes, name="logits")

    def _inputs(self, tokens, positions):
        one_hot_equivalent = self.embedding(tokens)
        return tf.concat(
            [one_hot_equivalent, binary_counter(positions, self.config.counter_bits)], axis=-1
        )

    def call(self, inputs, training=False):
        tokens, positions = inputs
        x = self._inputs(tokens, positions)
        for lstm in self.lstms:
            x = self.dropout(lstm(x, training=training), training=training)
        if self.config.attn_length:
            context = self.attention(x)
            x = self.attention_output(tf.concat([x, context], axis=-1))
        return self.classifier(x)

    def initial_state(self, batch):
        state = [
            (tf.zeros([batch, size]), tf.zeros([batch, size])) for size in self.config.layer_sizes
        ]
        if self.config.attn_length:
            length = self.config.attn_length
            keys = tf.zeros([batch, length, self.config.attn_score_size])
            values = tf.zeros([batch, length, self.config.layer_sizes[-1]])
            state.append((keys, values))
        return tuple(state)

    def step(self, tokens, positions, state):
        """One step: tokens/positions ``[B]`` → (logits ``[B, C]``, new state)."""
        x = self._inputs(tokens, positions)
        new_state = []
        for lstm, (h, c) in zip(self.lstms, state, strict=False):
            x, (h, c) = lstm.cell(x, [h, c], training=False)
            new_state.append((h, c))
        if self.config.attn_length:
            keys, values = state[-1]
            context, keys, values = self.attention.step(x, keys, values)
            new_state.append((keys, values))
            x = self.attention_output(tf.concat([x, context], axis=-1))
        return self.classifier(x), tuple(new_state)


def build_model(config: RnnConfig) -> EventRNN:
    """Create the model and its weights (a one-step dummy call builds every layer)."""
    model = EventRNN(config)
    dummy = tf.zeros([1, 2], tf.int32)
    model((dummy, dummy))
    return model


def save_model(model: EventRNN, directory: str | Path) -> None:
    save_checkpoint(model, directory)


def load_model(directory: str | Path) -> EventRNN:
    return load_checkpoint(directory, RnnConfig.load, build_model)
