"""Self-made audio for the mastering tests and bench: music-like signals synthesised with numpy
(a bass and chord tones on a beat over pink-ish noise, with a side channel), the "detuning" the
issue asks for (a tilted EQ and a gain), and encoders for the containers the reader accepts."""

from __future__ import annotations

import io

import numpy as np
import soundfile
from scipy import signal

RATE = 44_100


def music(seconds: float, seed: int = 0, rate: int = RATE, width: float = 0.3) -> np.ndarray:
    """Stereo float32 at about −20 LUFS: four chord tones and a bass pulsing on a 120 bpm beat,
    over low-passed noise; ``width`` scales the side (decorrelated noise)."""
    rng = np.random.default_rng(seed)
    frames = int(seconds * rate)
    t = np.arange(frames) / rate
    noise = rng.standard_normal((frames, 2)).astype(np.float32)
    b, a = signal.butter(1, 800 / (rate / 2))
    pink = signal.lfilter(b, a, noise, axis=0) * 3
    root = 110.0 * 2 ** (rng.integers(0, 5) / 12)
    tones = sum(np.sin(2 * np.pi * root * r * t) for r in (1, 2, 2.52, 3, 4)) * 0.08
    beat = 0.4 + 0.6 * np.exp(-((t * 2) % 1) * 8)
    mid = (pink[:, 0] * 0.5 + tones) * beat
    side = pink[:, 1] * width * 0.5
    return (np.stack([mid + side, mid - side], axis=1) * 0.3).astype(np.float32)


def detune(samples: np.ndarray, tilt_db_per_octave: float, gain_db: float, rate: int = RATE):
    """A tilted EQ (so many dB per octave around 1 kHz, linear phase) and a gain."""
    freqs = np.linspace(0, rate / 2, 1025)
    octaves = np.log2(np.maximum(freqs, 20.0) / 1000.0)
    gains = np.clip(10 ** (tilt_db_per_octave * octaves / 20), 0.05, 20.0)
    fir = signal.firwin2(2049, freqs, gains, fs=rate)
    tilted = signal.oaconvolve(samples, fir[:, None], axes=0)[1024 : 1024 + samples.shape[0]]
    return (tilted * 10 ** (gain_db / 20)).astype(np.float32)


def encode(samples: np.ndarray, rate: int, container: str = "WAV", subtype: str | None = None):
    buffer = io.BytesIO()
    soundfile.write(buffer, samples, rate, format=container, subtype=subtype)
    return buffer.getvalue()


def decode(data: bytes) -> tuple[np.ndarray, int]:
    samples, rate = soundfile.read(io.BytesIO(data), dtype="float64", always_2d=True)
    return samples, rate
