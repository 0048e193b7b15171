"""Next-step metrics of an event RNN on whole held-out sequences (imports TensorFlow)."""

from __future__ import annotations

import tensorflow as tf


class NextStepMetrics:
    """Mean NLL (nats/step) and accuracy of next-step prediction, compiled once per model."""

    def __init__(self, model):
        self.model = model
        spec = tf.TensorSpec([None, None], tf.int32)
        self._batch = tf.function(
            self._batch_eager, input_signature=[spec, spec, tf.TensorSpec([None, None])]
        )

    def _batch_eager(self, tokens, positions, mask):
        targets, weights = tokens[:, 1:], mask[:, 1:]
        logits = self.model((tokens[:, :-1], positions[:, :-1]), training=False)
        nll = tf.nn.sparse_softmax_cross_entropy_with_logits(targets, logits)
        hits = tf.cast(tf.equal(tf.argmax(logits, -1, output_type=tf.int32), targets), tf.float32)
        return tf.reduce_sum(nll * weights), tf.reduce_sum(hits * weights), tf.reduce_sum(weights)

    def __call__(self, batches) -> dict[str, float]:
        """``batches``: padded ``(tokens, positions, mask)`` of complete sequences."""
        total_nll = total_hits = total_steps = 0.0
        for tokens, positions, mask in batches:
            nll, hits, steps = self._batch(tokens, positions, mask)
            total_nll += float(nll)
            total_hits += float(hits)
            total_steps += float(steps)
        return {
            "nll": total_nll / max(total_steps, 1),
            "accuracy": total_hits / max(total_steps, 1),
        }
