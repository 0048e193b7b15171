"""What a tool calls: load a timbre checkpoint, encode a note, blend codes, decode at any pitch.

    from inference.nsynth import timbre

    a = timbre.encode(audio_a, pitch=60)           # Encoding: z [250, 16], f0_hz, loudness_db
    b = timbre.encode(audio_b, pitch=60)
    z = timbre.blend(a.z, b.z, mix=0.5)            # or timbre.blend_pad(a, b, c, d, x, y)
    loudness = timbre.blend(a.loudness_db, b.loudness_db, 0.5)
    audio = timbre.decode(z, timbre.midi_to_hz(64), loudness)   # 4 s at 16 kHz, played at E4

``velocity`` is not an input of the network: a note's velocity reaches it through the measured
loudness curve (and the timbre the SoundFont plays at that velocity, through z). TensorFlow is
imported when a model is first loaded; one model per checkpoint per process, thread-safe;
``INFERENCE_THREADS`` (default 1) intra-op threads.
"""

from __future__ import annotations

import threading
from dataclasses import dataclass
from pathlib import Path

import numpy as np

from ..shared.checkpoints import load_checkpoint, resolve
from . import features
from .config import DdspConfig
from .features import SILENCE_DB, midi_to_hz

DEFAULT_CHECKPOINT = "nsynth"
# Frames of silence added at each end before the convolutions, as the trainer's crops have
# (inference.training.nsynth.CONTEXT_FRAMES): the first and last frames of a note then see
# what they saw in training.
MARGIN = 16

__all__ = ["Encoding", "blend", "blend_pad", "decode", "encode", "load_model", "midi_to_hz"]


@dataclass(frozen=True)
class Encoding:
    z: np.ndarray  # [frames, latent]
    f0_hz: np.ndarray  # [frames]
    loudness_db: np.ndarray  # [frames]


class TimbreModel:
    """A loaded checkpoint with its encoder and decoder compiled once (one ``tf.function``
    each, any number of frames)."""

    def __init__(self, model):
        import tensorflow as tf

        self.model, self.config = model, model.config
        latent = self.config.latent
        self._encode = tf.function(
            model.encode,
            autograph=False,
            input_signature=[tf.TensorSpec([None, None, features.MEL_BANDS])],
        )

        def decode_padded(z, f0_hz, loudness_db):
            controls = model.controls(z, f0_hz, loudness_db)
            audio = model.synthesize(*controls, f0_hz, tf.constant([0, 0]))
            return audio[:, MARGIN * features.HOP : -MARGIN * features.HOP]

        self._decode = tf.function(
            decode_padded,
            autograph=False,
            input_signature=[
                tf.TensorSpec([None, None, latent]),
                tf.TensorSpec([None, None]),
                tf.TensorSpec([None, None]),
            ],
        )
        silence = np.full((1, 4 * MARGIN, features.MEL_BANDS), SILENCE_DB, np.float32)
        # What the encoder says about silence: the code the trainer's crops have beyond a
        # note's ends, used to pad a code at decoding.
        self.silence_z = self._encode(silence).numpy()[0, 2 * MARGIN]

    def encode(self, audio: np.ndarray, pitch: float) -> Encoding:
        mel = features.log_mel(audio)
        padded = np.pad(mel, ((MARGIN, MARGIN), (0, 0)), constant_values=SILENCE_DB)
        z = self._encode(padded[None].astype(np.float32)).numpy()[0, MARGIN:-MARGIN]
        f0 = np.full(len(mel), midi_to_hz(pitch), np.float32)
        return Encoding(z, f0, features.loudness_db(audio))

    def decode(self, z, f0_hz, loudness_db) -> np.ndarray:
        """Audio [frames * hop] from a code [frames, latent], f0 in Hz (a number or
        [frames]) and loudness in dB [frames]."""
        z = np.asarray(z, np.float32)
        frames = len(z)
        f0 = np.broadcast_to(np.asarray(f0_hz, np.float32), (frames,))
        loudness = np.asarray(loudness_db, np.float32)
        pad = np.repeat(self.silence_z[None], MARGIN, axis=0)
        z = np.concatenate([pad, z, pad])
        f0 = np.pad(f0, MARGIN, mode="edge")
        loudness = np.pad(loudness, MARGIN, constant_values=SILENCE_DB)
        return self._decode(z[None], f0[None], loudness[None]).numpy()[0]

    def decode_many(self, zs, f0s_hz, loudnesses_db) -> np.ndarray:
        """Several notes of the same length in one call (a pad's octave): [notes, samples]."""
        zs = np.asarray(zs, np.float32)
        notes, frames = zs.shape[:2]
        f0 = np.broadcast_to(np.asarray(f0s_hz, np.float32).reshape(notes, -1), (notes, frames))
        pad = np.broadcast_to(self.silence_z, (notes, MARGIN, zs.shape[2]))
        zs = np.concatenate([pad, zs, pad], axis=1)
        f0 = np.pad(f0, ((0, 0), (MARGIN, MARGIN)), mode="edge")
        loudness = np.pad(
            np.asarray(loudnesses_db, np.float32),
            ((0, 0), (MARGIN, MARGIN)),
            constant_values=SILENCE_DB,
        )
        return self._decode(zs, f0, loudness).numpy()


_models: dict[Path, TimbreModel] = {}
_lock = threading.Lock()


def load_model(checkpoint=DEFAULT_CHECKPOINT) -> TimbreModel:
    """The model of a checkpoint (a name under the checkpoint root, or a folder), cached."""
    directory = resolve(checkpoint).resolve()
    with _lock:
        if directory not in _models:
            from ..shared.threads import set_inference_threads
            from .model import build

            set_inference_threads()
            _models[directory] = TimbreModel(load_checkpoint(directory, DdspConfig.load, build))
        return _models[directory]


def encode(audio: np.ndarray, pitch: float, checkpoint=DEFAULT_CHECKPOINT) -> Encoding:
    """A 16-kHz note's code per frame, with its f0 (from ``pitch``) and loudness curves."""
    return load_model(checkpoint).encode(audio, pitch)


def decode(z, f0_hz, loudness_db, checkpoint=DEFAULT_CHECKPOINT) -> np.ndarray:
    return load_model(checkpoint).decode(z, f0_hz, loudness_db)


def blend(a, b, mix: float):
    """(1 - mix) a + mix b: codes, or loudness curves (mixed in dB). 0 is a, 1 is b."""
    if not 0.0 <= mix <= 1.0:
        raise ValueError(f"mix must be between 0 and 1, got {mix}")
    return (1.0 - mix) * np.asarray(a, np.float32) + mix * np.asarray(b, np.float32)


def blend_pad(a, b, c, d, x: float, y: float):
    """Bilinear blend of four corners, as NSynth Super's pad: a at (0, 0), b at (1, 0), c at
    (0, 1), d at (1, 1)."""
    return blend(blend(a, b, x), blend(c, d, x), y)
