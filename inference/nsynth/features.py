"""What the autoencoder reads per frame: f0, loudness and a log-mel spectrum. numpy only.

Frames are centred on every ``HOP``-th sample (frame i on sample i * HOP, the audio reflected at
its ends), so a 4-s note at 16 kHz has 250 frames, and the synthesizer's controls for frame i
apply at that same sample. Loudness is the A-weighted power of each frame in dB (Engel et al.
2020 condition their decoder on it); the log-mel spectrum is only read by the encoder.
"""

from __future__ import annotations

import numpy as np

SAMPLE_RATE = 16_000
HOP = 256  # 62.5 frames per second: 250 frames per 4-s note
LOUDNESS_FFT = 1024
MEL_FFT = 1024
MEL_BANDS = 64
SILENCE_DB = -100.0  # the floor of loudness and log-mel values


def frames_of(num_samples: int) -> int:
    return num_samples // HOP


def midi_to_hz(pitch):
    return 440.0 * 2.0 ** ((np.asarray(pitch, dtype=np.float64) - 69.0) / 12.0)


def hz_to_midi(hz):
    return 69.0 + 12.0 * np.log2(np.asarray(hz, dtype=np.float64) / 440.0)


def _power_spectra(audio: np.ndarray, n_fft: int) -> np.ndarray:
    """|STFT|^2 of Hann-windowed frames centred every HOP samples, [frames, n_fft // 2 + 1],
    scaled so a full-scale sine has power 0.5 (0 dB after the factor 2 below: -3 dB RMS)."""
    audio = np.asarray(audio, dtype=np.float64)
    count = frames_of(len(audio))
    padded = np.pad(audio, n_fft // 2, mode="reflect")
    starts = np.arange(count) * HOP
    frames = padded[starts[:, None] + np.arange(n_fft)[None, :]]
    window = np.hanning(n_fft + 1)[:-1]
    spectrum = np.fft.rfft(frames * window, axis=-1)
    return np.abs(spectrum) ** 2 / (window.sum() ** 2 / 2)


def a_weighting_db(frequencies: np.ndarray) -> np.ndarray:
    """IEC 61672 A-weighting in dB (0 dB at 1 kHz)."""
    f2 = np.maximum(np.asarray(frequencies, dtype=np.float64), 1e-3) ** 2
    ra = (12194.0**2 * f2**2) / (
        (f2 + 20.6**2) * np.sqrt((f2 + 107.7**2) * (f2 + 737.9**2)) * (f2 + 12194.0**2)
    )
    return 20 * np.log10(ra) + 2.0


def loudness_db(audio: np.ndarray) -> np.ndarray:
    """A-weighted frame power in dB, [frames]; a full-scale 1 kHz sine reads -1.25 dB."""
    power = _power_spectra(audio, LOUDNESS_FFT)
    freqs = np.fft.rfftfreq(LOUDNESS_FFT, 1 / SAMPLE_RATE)
    weighted = power @ (10 ** (a_weighting_db(freqs) / 10))
    return np.maximum(10 * np.log10(np.maximum(weighted, 1e-12)), SILENCE_DB).astype(np.float32)


def mel_edges_hz(bands: int = MEL_BANDS) -> np.ndarray:
    """The ``bands`` + 2 edges (Hz) of the mel filters, evenly spaced on the mel scale from 0 to
    Nyquist: band k spans edges k to k + 2 and peaks at edge k + 1, its centre."""

    def mel(hz):
        return 2595.0 * np.log10(1.0 + hz / 700.0)

    edges_mel = np.linspace(0.0, mel(SAMPLE_RATE / 2), bands + 2)
    return 700.0 * (10 ** (edges_mel / 2595.0) - 1.0)


def _mel_filters(bands: int, n_fft: int) -> np.ndarray:
    """Triangular filters evenly spaced on the mel scale from 0 to Nyquist, [bins, bands]."""
    edges = mel_edges_hz(bands)
    freqs = np.fft.rfftfreq(n_fft, 1 / SAMPLE_RATE)
    low, centre, high = edges[:-2, None], edges[1:-1, None], edges[2:, None]
    rising = (freqs[None, :] - low) / (centre - low)
    falling = (high - freqs[None, :]) / (high - centre)
    return np.maximum(0.0, np.minimum(rising, falling)).T


_MEL = _mel_filters(MEL_BANDS, MEL_FFT)


def log_mel(audio: np.ndarray) -> np.ndarray:
    """Log-mel power in dB, [frames, MEL_BANDS]."""
    mel = _power_spectra(audio, MEL_FFT) @ _MEL
    return np.maximum(10 * np.log10(np.maximum(mel, 1e-12)), SILENCE_DB).astype(np.float32)


def note_features(audio: np.ndarray, pitch: float) -> dict[str, np.ndarray]:
    """Everything the network reads about one note: f0 per frame (the note's MIDI pitch: the
    data's notes are played at their nominal pitch), loudness and log-mel."""
    count = frames_of(len(audio))
    return {
        "f0_hz": np.full(count, midi_to_hz(pitch), dtype=np.float32),
        "loudness_db": loudness_db(audio),
        "log_mel": log_mel(audio),
    }
