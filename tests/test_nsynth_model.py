"""The timbre autoencoder: shapes, blending, that training lowers the loss, the training command
on a rendered fixture, and the committed checkpoint (it loads and plays the requested pitch)."""

from __future__ import annotations

import dataclasses
import json
import os

import numpy as np
import pytest

from inference import configs, train
from inference.nsynth import data, metrics
from inference.nsynth.config import DdspConfig
from inference.nsynth.features import midi_to_hz
from inference.shared.checkpoints import checkpoint_dir, has_weights
from tests.nsynth_fixtures import build_tiny_nsynth

tf = pytest.importorskip("tensorflow")
pytest.importorskip("fluidsynth", exc_type=ImportError)
pytestmark = pytest.mark.slow

SMALL = DdspConfig(name="nsynth_test", encoder_units=32, decoder_units=48, dilations=(1, 2))


@pytest.fixture(scope="module")
def tiny(tmp_path_factory):
    return build_tiny_nsynth(tmp_path_factory.mktemp("nsynth") / "data")


@pytest.fixture(scope="module")
def small_model():
    from inference.nsynth.model import build
    from inference.nsynth.timbre import TimbreModel

    tf.keras.utils.set_random_seed(1)
    return TimbreModel(build(SMALL))


def piano(tiny, pitch=60):
    example = next(e for e in data.load_examples(tiny) if e["program"] == 4 and e["pitch"] == pitch)
    return data.load_audio(tiny, example)


def test_encode_gives_16_numbers_per_frame_and_decode_a_whole_note(tiny, small_model):
    encoding = small_model.encode(piano(tiny), 60)
    assert encoding.z.shape == (250, 16)
    assert encoding.loudness_db.shape == encoding.f0_hz.shape == (250,)
    np.testing.assert_allclose(encoding.f0_hz, midi_to_hz(60), rtol=1e-6)
    audio = small_model.decode(encoding.z, midi_to_hz(64), encoding.loudness_db)
    assert audio.shape == (64_000,) and audio.dtype == np.float32
    assert np.isfinite(audio).all()
    # Decoding is deterministic (the noise has a fixed seed).
    again = small_model.decode(encoding.z, midi_to_hz(64), encoding.loudness_db)
    np.testing.assert_array_equal(audio, again)


def test_blend_and_the_pad_mix_codes_linearly():
    from inference.nsynth.timbre import blend, blend_pad

    a, b, c, d = (np.full((3, 16), v, np.float32) for v in (0.0, 1.0, 2.0, 4.0))
    np.testing.assert_allclose(blend(a, b, 0.0), a)
    np.testing.assert_allclose(blend(a, b, 1.0), b)
    np.testing.assert_allclose(blend(a, b, 0.25), 0.25)
    for x, y, corner in ((0, 0, a), (1, 0, b), (0, 1, c), (1, 1, d)):
        np.testing.assert_allclose(blend_pad(a, b, c, d, x, y), corner)
    np.testing.assert_allclose(blend_pad(a, b, c, d, 0.5, 0.5), 7 / 4)
    with pytest.raises(ValueError, match="between 0 and 1"):
        blend(a, b, 1.5)


def test_a_few_training_steps_lower_the_loss(tiny):
    import keras

    from inference.nsynth import arrays
    from inference.nsynth.model import build
    from inference.training.nsynth import CONTEXT_FRAMES

    keras.utils.set_random_seed(3)
    model = build(SMALL)
    notes = arrays.load_split(tiny, "train")
    rows = np.arange(4)
    batch = arrays.crops(notes, rows, np.full(4, 20), 32, CONTEXT_FRAMES)
    seed = tf.constant([0, 0])
    optimizer = keras.optimizers.Adam(3e-3)

    @tf.function(autograph=False)
    def step():
        with tf.GradientTape() as tape:
            loss = tf.reduce_mean(model.example_losses(*batch, seed, margin=CONTEXT_FRAMES))
        grads = tape.gradient(loss, model.trainable_variables)
        optimizer.apply_gradients(zip(grads, model.trainable_variables, strict=True))
        return loss

    losses = [float(step()) for _ in range(25)]
    assert losses[-1] < 0.8 * losses[0], losses


def test_the_training_command_writes_a_checkpoint_and_card(tiny, tmp_path, monkeypatch):
    """The real ``python -m inference.train nsynth`` on the fixture: a few batches, then the
    held-out evaluation on its test instrument and the card."""
    spec = configs.CONFIG_MAP["nsynth"]
    monkeypatch.setitem(configs.CONFIG_MAP, "nsynth", dataclasses.replace(spec, network=SMALL))
    out, work = tmp_path / "checkpoint", tmp_path / "work"
    argv = ["nsynth", "--data", str(tiny), "--out", str(out), "--work-dir", str(work)]
    argv += ["--max-batches", "4", "--eval-every", "2", "--batch-size", "2", "--val-notes", "2"]
    assert train.main(argv) == 0
    for name in ("model.weights.h5", "config.json", "card.json", "README.md", "evaluation.json"):
        assert (out / name).is_file(), name
    log = (out / "training_log.csv").read_text().splitlines()
    assert log[0] == "batches,train_loss,val_loss,minutes" and len(log) == 3
    card = json.loads((out / "card.json").read_text())
    assert card["split"]["evaluated_on"] == "test"
    assert card["training"]["batches"] == 4 and card["training"]["stopped_by"] == "max_batches"
    evaluation = json.loads((out / "evaluation.json").read_text())
    assert evaluation["instruments"] == 1  # keyboard_timgm6mb_004 only
    assert set(evaluation["reconstruction"]["mean"]) >= {
        "model",
        "nearest_train_instrument",
        "family_mean_spectrum",
    }
    # Re-running the finished command trains nothing more.
    assert train.main(argv) == 0
    assert len((out / "training_log.csv").read_text().splitlines()) == 3


# --- the committed checkpoint ------------------------------------------------------------


def test_the_committed_checkpoint_is_small_and_carded():
    folder = checkpoint_dir("nsynth")
    assert has_weights("nsynth")
    assert os.path.getsize(folder / "model.weights.h5") <= 15 * 2**20
    card = json.loads((folder / "card.json").read_text())
    assert card["architecture"]["latent"] == 16
    assert (folder / "evaluation.json").is_file() and (folder / "README.md").is_file()


def test_the_committed_checkpoint_decodes_at_the_requested_pitch(tiny):
    from inference.nsynth import timbre

    encoding = timbre.encode(piano(tiny, 60), 60)
    assert encoding.z.shape == (250, 16)
    for pitch in (60, 64, 55):
        audio = timbre.decode(encoding.z, midi_to_hz(pitch), encoding.loudness_db)
        assert np.abs(audio).max() > 1e-3  # it plays
        found = metrics.estimate_f0(audio)
        assert abs(metrics.cents(found, midi_to_hz(pitch))) <= 10, (pitch, found)


def test_the_committed_checkpoint_reconstructs_better_than_silence(tiny):
    from inference.evaluation.nsynth import SpectralLoss
    from inference.nsynth import timbre

    note = piano(tiny, 60)
    model = timbre.load_model("nsynth")
    encoding = model.encode(note, 60)
    decoded = model.decode(encoding.z, encoding.f0_hz, encoding.loudness_db)
    loss = SpectralLoss(model.config.fft_sizes)
    quiet = np.zeros_like(note) + 1e-6
    assert loss(note[None], decoded[None])[0] < 0.5 * loss(note[None], quiet[None])[0]
