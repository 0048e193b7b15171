"""Interpolate's code refinement (inference/vae/refine.py) on the committed high-KL twins."""

from __future__ import annotations

import numpy as np
import pytest

from inference.vae.refine import NO_REFINEMENT, Refinement, reconstruction_loss, refine_codes
from inference.vae.tools import (
    INTERPOLATE_BY_KIND,
    INTERPOLATE_REFINEMENT,
    interpolate,
    load_bundle,
)
from tests.test_vae_tools import TUNE_A, TUNE_B, tune

pytestmark = pytest.mark.slow


@pytest.fixture(scope="module", params=["melody", "drums"])
def bundle(request):
    return load_bundle(INTERPOLATE_BY_KIND[request.param])


def windows_for(bundle) -> np.ndarray:
    """Two windows of valid classes, different enough that their codes differ."""
    rng = np.random.default_rng(7)
    return rng.integers(0, bundle.config.num_classes, size=(2, 64)).astype(np.int32)


def test_loss_and_gradient_agree_with_tensorflow(bundle):
    import tensorflow as tf

    windows = windows_for(bundle)
    counted = np.ones((2, 64), np.float32)
    counted[1, 40:] = 0.0  # the second clip is 40 steps long
    codes = tf.constant(bundle.encode(windows))
    with tf.GradientTape() as tape:
        tape.watch(codes)
        logits = bundle.model.teacher_forced_logits(codes, windows)
        entropy = tf.nn.sparse_softmax_cross_entropy_with_logits(windows, logits)
        loss = tf.reduce_sum(entropy * counted, axis=1)
        total = tf.reduce_sum(loss)
    expected = tape.gradient(total, codes).numpy()
    ours, gradient = reconstruction_loss(bundle.decoder_weights, codes.numpy(), windows, counted)
    np.testing.assert_allclose(ours, loss.numpy(), rtol=1e-4)
    assert np.abs(gradient - expected).max() <= 1e-4 * np.abs(expected).max()


def test_refined_codes_explain_their_windows_better(bundle):
    windows = windows_for(bundle)
    counted = np.ones((2, 64), np.float32)
    codes = bundle.encode(windows)
    refinement = INTERPOLATE_REFINEMENT[bundle.config.kind]
    refined = refine_codes(
        bundle.decoder_weights, codes, windows, counted, refinement.steps, refinement.learning_rate
    )
    before, _ = reconstruction_loss(bundle.decoder_weights, codes, windows, counted)
    after, _ = reconstruction_loss(bundle.decoder_weights, refined, windows, counted)
    assert (after < before).all(), (before, after)
    assert refined.dtype == np.float32 and refined.shape == codes.shape
    assert bundle.refine(windows, codes, 64, NO_REFINEMENT) is codes


def test_refinement_counts_only_the_steps_the_caller_keeps(bundle):
    windows = windows_for(bundle)
    altered = windows.copy()
    altered[:, 32:] = (altered[:, 32:] + 1) % bundle.config.num_classes
    codes = bundle.encode(windows)  # the same start for both, so only the counted steps differ
    refinement = Refinement(2, 0.03)
    kept = bundle.refine(windows, codes, 32, refinement)
    np.testing.assert_array_equal(kept, bundle.refine(altered, codes, 32, refinement))
    assert not np.array_equal(kept, bundle.refine(windows, codes, 64, refinement))


def test_refinement_brings_melody_endpoints_closer_to_their_tunes():
    from inference.evaluation.features import note_f1

    a, b = tune(TUNE_A), tune(TUNE_B)
    plain = interpolate(a, b, 3, 0.0, 0, refinement=NO_REFINEMENT)
    refined = interpolate(a, b, 3, 0.0, 0)
    before = note_f1(plain[0], a) + note_f1(plain[-1], b)
    after = note_f1(refined[0], a) + note_f1(refined[-1], b)
    assert after > before, (before, after)
