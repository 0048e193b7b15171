"""Encoding audio results: PCM WAV to keep (24-bit for a master, 16-bit for NSynth's notes),
OGG Vorbis to preview in the page."""

from __future__ import annotations

import io

import numpy as np
import soundfile

PREVIEW_QUALITY = 0.4  # libsndfile's Vorbis "compression level" 0–1: a small classroom preview
BLOCK_FRAMES = 1 << 15


def encode_wav(samples: np.ndarray, rate: int, bits: int = 24) -> bytes:
    buffer = io.BytesIO()
    samples = np.asarray(samples, np.float32)
    soundfile.write(buffer, samples, rate, format="WAV", subtype=f"PCM_{bits}")
    return buffer.getvalue()


def encode_ogg(samples: np.ndarray, rate: int) -> bytes:
    """Vorbis in blocks: libsndfile's Vorbis writer crashes the process on one multi-minute
    write (seen with a 3-minute stereo track), never on block-sized ones."""
    buffer = io.BytesIO()
    samples = np.asarray(samples, np.float32)
    with soundfile.SoundFile(
        buffer, "w", rate, samples.shape[1], format="OGG", subtype="VORBIS",
        compression_level=PREVIEW_QUALITY,
    ) as handle:  # fmt: skip
        for start in range(0, samples.shape[0], BLOCK_FRAMES):
            handle.write(samples[start : start + BLOCK_FRAMES])
    return buffer.getvalue()
