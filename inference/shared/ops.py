"""Small TensorFlow ops more than one model family uses. Imports TensorFlow: import it lazily."""

from __future__ import annotations

import tensorflow as tf


def binary_counter(positions, bits: int):
    """Magenta's binary counter: ±1 for each of the low ``bits`` bits of the step index."""
    positions = tf.cast(positions, tf.int32)
    shifts = tf.range(bits, dtype=tf.int32)
    on = tf.bitwise.bitwise_and(tf.bitwise.right_shift(positions[..., None], shifts), 1)
    return tf.cast(on, tf.float32) * 2.0 - 1.0


def keep_to_scale(logits, mask, first_note: int):
    """Logits ``[B, C]`` kept to a scale by an additive ``mask [C]`` (0 allowed, a large negative
    number masked: ``inference.music.scales.logit_mask``), with the masked notes' probability
    given to the allowed notes in proportion, not to the rests.

    Classes from ``first_note`` on are note-ons; the ones before (no-event, note-off) are never
    masked and keep their probability, so the model still decides *when* a note starts as it
    would without a scale, and the scale only decides *which* pitch. Masking alone would hand
    the removed mass to every class, rests included, and a melody forced into a key the model
    did not choose would play fewer, longer notes (measured on held-out tunes: docs/models.md).
    An all-zero mask returns ``logits`` unchanged, bit for bit, and costs one comparison: the
    work is skipped (``tf.cond``), so a run without a scale is as fast as before there were
    scales."""
    return tf.cond(
        tf.reduce_any(mask < 0.0),
        lambda: _kept_to_scale(logits, mask, first_note),
        lambda: tf.identity(logits),
    )


def _kept_to_scale(logits, mask, first_note: int):
    classes = tf.shape(logits)[-1]
    allowed = mask >= 0.0
    notes = tf.range(classes) >= first_note
    log_p = tf.nn.log_softmax(logits)
    floor = tf.fill(tf.shape(log_p), tf.constant(-1e9, log_p.dtype))
    every_note = tf.reduce_logsumexp(tf.where(notes, log_p, floor), axis=-1, keepdims=True)
    kept = tf.reduce_logsumexp(tf.where(notes & allowed, log_p, floor), axis=-1, keepdims=True)
    boost = tf.where(notes, every_note - kept, 0.0)
    return tf.where(allowed, logits + boost, floor)
