"""The compiled sampling loop: primer → continuation, batched over variations.

Imports TensorFlow: load it lazily (``inference.rnn.generate`` does). One ``tf.function`` with a
fixed input signature runs the whole loop (``for i in tf.range(...)`` becomes a
``tf.while_loop``), so it is traced once per model and every later call, whatever the primer
length, step count or number of variations, runs as one graph call. Randomness comes from stateless ops keyed by ``seed`` and the
step index, so the same seed gives the same music.

A ``[num_classes]`` logit mask (``inference.music.scales.logit_mask``: 0 where allowed, a large
negative number where not) keeps a key and scale inside the loop: every step's scaled logits go
through ``keep_to_scale`` before the draw (masked notes get probability 0, their share goes to
the allowed notes, rests keep theirs); zeros leave the model's distribution exactly as it is.
The primer is written as given, whatever the mask.
"""

from __future__ import annotations

import numpy as np
import tensorflow as tf

from ..music import NUM_SPECIAL_MELODY_EVENTS
from ..shared.ops import keep_to_scale, scale_terms
from .model import EventRNN


class Sampler:
    def __init__(self, model: EventRNN):
        self.model = model
        self.config = model.config
        # Melody classes from here on are note-ons (drums are never masked: any value does).
        self.first_note = NUM_SPECIAL_MELODY_EVENTS if self.config.kind == "melody" else 0
        self._sample = tf.function(
            self._sample_graph,
            input_signature=[
                tf.TensorSpec([None, None], tf.int32),  # primer classes [V, P], P >= 1
                tf.TensorSpec([], tf.int32),  # total steps (primer included)
                tf.TensorSpec([], tf.float32),  # temperature
                tf.TensorSpec([2], tf.int32),  # seed
                tf.TensorSpec([model.config.num_classes], tf.float32),  # logit mask
            ],
        )

    def _sample_graph(self, primer, total, temperature, seed, mask):
        variations, primer_steps = tf.shape(primer)[0], tf.shape(primer)[1]
        state = self.model.initial_state(variations)
        events = tf.TensorArray(tf.int32, size=total, element_shape=tf.TensorShape([None]))
        entropies = tf.TensorArray(tf.float32, size=total, element_shape=tf.TensorShape([None]))
        token = primer[:, 0]
        terms = scale_terms(mask, self.first_note)  # once, outside the loop
        events = events.write(0, token)
        entropies = entropies.write(0, tf.zeros([variations]))
        for i in tf.range(total - 1):
            logits, state = self.model.step(token, tf.fill([variations], i), state)
            # Masked after scaling, so a low temperature cannot bring a masked class back.
            scaled = keep_to_scale(logits / temperature, terms)
            step_seed = tf.random.experimental.stateless_fold_in(seed, i)
            sampled = tf.random.stateless_categorical(scaled, 1, step_seed, dtype=tf.int32)[:, 0]
            in_primer = i + 1 < primer_steps
            token = tf.where(in_primer, primer[:, tf.minimum(i + 1, primer_steps - 1)], sampled)
            log_p = tf.nn.log_softmax(scaled)
            entropy = -tf.reduce_sum(tf.exp(log_p) * log_p, axis=-1)
            events = events.write(i + 1, token)
            entropies = entropies.write(i + 1, tf.where(in_primer, 0.0, entropy))
        return tf.transpose(events.stack()), tf.transpose(entropies.stack())

    def sample(
        self,
        primer: np.ndarray,
        total_steps: int,
        temperature: float,
        seed: int,
        mask: np.ndarray | None = None,
    ) -> tuple[np.ndarray, np.ndarray]:
        """Return (classes ``[V, total_steps]``, per-step entropy in nats, 0 over the primer).
        ``mask``: added to the logits (``[num_classes]``); None leaves them as they are."""
        seed_pair = np.array([seed % 2**31, seed // 2**31 % 2**31], np.int32)
        if mask is None:
            mask = np.zeros(self.config.num_classes, np.float32)
        classes, entropy = self._sample(
            tf.constant(primer, tf.int32),
            tf.constant(total_steps, tf.int32),
            tf.constant(temperature, tf.float32),
            tf.constant(seed_pair),
            tf.constant(mask, tf.float32),
        )
        return classes.numpy(), entropy.numpy()
