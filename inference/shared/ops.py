"""Small TensorFlow ops more than one model family uses. Imports TensorFlow: import it lazily."""

from __future__ import annotations

import tensorflow as tf


def binary_counter(positions, bits: int):
    """Magenta's binary counter: ±1 for each of the low ``bits`` bits of the step index."""
    positions = tf.cast(positions, tf.int32)
    shifts = tf.range(bits, dtype=tf.int32)
    on = tf.bitwise.bitwise_and(tf.bitwise.right_shift(positions[..., None], shifts), 1)
    return tf.cast(on, tf.float32) * 2.0 - 1.0
