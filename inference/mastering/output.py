"""Encoding the mastered track: 24-bit PCM WAV to keep, OGG Vorbis to preview in the page."""

from __future__ import annotations

import io

import numpy as np
import soundfile

PREVIEW_QUALITY = 0.4  # libsndfile's Vorbis "compression level" 0–1: a small classroom preview


def encode_wav24(samples: np.ndarray, rate: int) -> bytes:
    buffer = io.BytesIO()
    soundfile.write(buffer, np.asarray(samples, np.float32), rate, format="WAV", subtype="PCM_24")
    return buffer.getvalue()


def encode_ogg(samples: np.ndarray, rate: int) -> bytes:
    buffer = io.BytesIO()
    soundfile.write(
        buffer, np.asarray(samples, np.float32), rate, format="OGG", subtype="VORBIS",
        compression_level=PREVIEW_QUALITY,
    )  # fmt: skip
    return buffer.getvalue()
