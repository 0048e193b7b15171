"""Small TensorFlow ops more than one model family uses. Imports TensorFlow: import it lazily."""

from __future__ import annotations

import tensorflow as tf


def binary_counter(positions, bits: int):
    """Magenta's binary counter: ±1 for each of the low ``bits`` bits of the step index."""
    positions = tf.cast(positions, tf.int32)
    shifts = tf.range(bits, dtype=tf.int32)
    on = tf.bitwise.bitwise_and(tf.bitwise.right_shift(positions[..., None], shifts), 1)
    return tf.cast(on, tf.float32) * 2.0 - 1.0


def scale_terms(mask, first_note: int):
    """What :func:`keep_to_scale` needs of a mask, computed once outside a sampling loop.

    ``mask [C]`` (or ``[B, C]``, a scale per row): 0 allowed, a large negative number masked (``inference.music.scales.
    logit_mask``); classes from ``first_note`` on are note-ons, the ones before (no-event,
    note-off) are never masked. Returns (whether anything is masked, the additive masks that
    pick every note and the allowed notes out of the logits, 1.0 on the allowed notes)."""
    notes = tf.range(tf.shape(mask)[-1]) >= first_note
    floor = tf.constant(-1e9, mask.dtype)
    every_note = tf.where(notes, 0.0, floor)
    allowed_notes = notes & (mask >= 0.0)
    return (
        tf.reduce_any(mask < 0.0),
        every_note,
        tf.where(allowed_notes, 0.0, floor),
        tf.cast(allowed_notes, mask.dtype),
        mask,
    )


def keep_to_scale(logits, terms):
    """Logits ``[B, C]`` kept to a scale (``terms`` from :func:`scale_terms`): masked notes get
    probability 0 and their share goes to the allowed notes in proportion, not to the rests.

    No-event and note-off keep their probability, so the model still decides *when* a note
    starts as it would without a scale, and the scale only decides *which* pitch. Masking alone
    would hand the removed share to every class, rests included, and a melody kept to a scale
    would play fewer, longer notes (measured on held-out tunes: docs/models.md). Nothing masked:
    ``logits`` unchanged, bit for bit, and the work skipped (``tf.cond``), so a run without a
    scale costs what it did."""
    any_masked, every_note, allowed_notes, on_allowed, mask = terms

    def kept():
        # P(allowed note) * P(any note) / P(any allowed note); the normaliser cancels.
        every = tf.reduce_logsumexp(logits + every_note, axis=-1, keepdims=True)
        allowed = tf.reduce_logsumexp(logits + allowed_notes, axis=-1, keepdims=True)
        return logits + mask + (every - allowed) * on_allowed

    return tf.cond(any_masked, kept, lambda: tf.identity(logits))
