"""Two (or four) SoundFont notes blended by the timbre model, beside their plain crossfade: the
studio's NSynth tool calls :func:`blend_pair` (in a worker; TensorFlow loads with the model).

Per call: A and B (and C and D, for the pad) are rendered with FluidSynth from TimGM6mb (the font pretty_midi ships, so it
is there wherever the project installs), encoded at the pitch, their codes and loudness curves
mixed by ``mix`` and decoded; the crossfade ``(1 - mix) A + mix B`` is the same two real notes
mixed as audio. The blended code is also decoded at every pitch of ``keyboard`` in one batch,
for the page's keyboard. Each sound gets its log-mel spectrogram (quantised to bytes on one dB
scale for all of them, so they can be compared by eye) and its measured spectral centroid.
"""

from __future__ import annotations

import base64
import threading
import time
from dataclasses import dataclass, field

import numpy as np

from . import data, features, metrics, timbre

SPECTROGRAM_POOL = 2  # frames averaged per column: 32-ms columns, 125 per note
SPECTROGRAM_RANGE_DB = 80.0  # the quietest shade: 80 dB under the loudest cell of the four
PEAK_TARGET = 0.89  # about -1 dBFS: every sound gets the same gain, so levels stay comparable
MAX_GAIN_DB = 24.0

_renderer: data.NoteRenderer | None = None
_renderer_lock = threading.Lock()


@dataclass
class PairResult:
    audio: dict[str, np.ndarray]  # role -> 4 s at 16 kHz, after the common gain
    keyboard: np.ndarray  # [pitches, samples], after the common gain
    keyboard_pitches: list[int]
    measured: dict[str, dict]  # role -> centroid_hz, peak_dbfs, spectrogram
    gain_db: float
    blend_vs_crossfade_db: float
    timings: dict[str, float] = field(default_factory=dict)


def render_note(program: int, pitch: int, velocity: int) -> np.ndarray:
    """One note of a GM program from TimGM6mb (one synth per process, used by one call at a
    time: FluidSynth's synth is not safe to share between threads)."""
    global _renderer
    with _renderer_lock:
        if _renderer is None:
            _renderer = data.NoteRenderer(data.pretty_midi_font())
        return _renderer.render(program, pitch, velocity)


def _pooled_log_mel(audio: np.ndarray) -> np.ndarray:
    mel = features.log_mel(audio)  # [frames, bands] in dB
    frames = len(mel) // SPECTROGRAM_POOL * SPECTROGRAM_POOL
    power = 10 ** (mel[:frames] / 10)
    pooled = power.reshape(-1, SPECTROGRAM_POOL, mel.shape[1]).mean(axis=1)
    return 10 * np.log10(np.maximum(pooled, 1e-12))


def mel_band_hz() -> list[float]:
    """The centre frequency of each log-mel band (the spectrogram's rows), for its axis."""
    return [round(float(hz), 1) for hz in features.mel_edges_hz()[1:-1]]


def spectrograms(audio: dict[str, np.ndarray]) -> dict[str, dict]:
    """Each sound's pooled log-mel spectrogram as bytes (base64, column after column, lowest
    band first), on one scale: 255 is the loudest cell of all, 0 is ``SPECTROGRAM_RANGE_DB``
    below it or quieter."""
    mels = {role: _pooled_log_mel(sound) for role, sound in audio.items()}
    top = float(np.ceil(max(m.max() for m in mels.values())))
    floor = top - SPECTROGRAM_RANGE_DB
    bands = mel_band_hz()
    shown = {}
    for role, mel in mels.items():
        levels = np.clip((mel - floor) / SPECTROGRAM_RANGE_DB * 255.0, 0, 255)
        shown[role] = {
            "columns": int(mel.shape[0]),
            "bands": int(mel.shape[1]),
            "column_s": SPECTROGRAM_POOL * features.HOP / features.SAMPLE_RATE,
            "db_top": top,
            "db_range": SPECTROGRAM_RANGE_DB,
            "band_hz": bands,
            "data": base64.b64encode(np.round(levels).astype(np.uint8).tobytes()).decode(),
        }
    return shown


def warm_up(checkpoint: str = timbre.DEFAULT_CHECKPOINT) -> None:
    """Load the model and run its decoder once: the first call of a compiled function traces
    it (about a second here), which would otherwise fall on the first student's job."""
    model = timbre.load_model(checkpoint)
    frames = 8
    z = np.repeat(model.silence_z[None, None], frames, axis=1)
    loudness = np.full((1, frames), -40.0, np.float32)
    model.decode_many(z, features.midi_to_hz(np.array([60.0])), loudness)
    render_note(0, 60, 100)


def corner_weights(count: int, x: float, y: float | None) -> dict[str, float]:
    """How much of each real note the crossfade holds: (1 - x, x) for two, and for four the
    bilinear weights of ``timbre.blend_pad`` (a at (0, 0), b (1, 0), c (0, 1), d (1, 1))."""
    if count == 2:
        return {"a": 1.0 - x, "b": x}
    return {"a": (1 - x) * (1 - y), "b": x * (1 - y), "c": (1 - x) * y, "d": x * y}


def blend_pair(
    programs: list[int],
    pitch: int,
    velocity: int,
    mix: float,
    keyboard: list[int],
    y: float | None = None,
    checkpoint: str = timbre.DEFAULT_CHECKPOINT,
) -> PairResult:
    """Two instruments (A, B) blended by ``mix``, or four (A, B, C, D) on the pad at
    (``mix``, ``y``), beside the crossfade of the real notes with the same weights."""
    if len(programs) not in (2, 4) or (len(programs) == 4) != (y is not None):
        raise ValueError("two programs, or four with a y")
    roles = ("a", "b", "c", "d")[: len(programs)]
    timings = {}
    started = time.perf_counter()
    notes = {
        role: render_note(program, pitch, velocity)
        for role, program in zip(roles, programs, strict=True)
    }
    timings["render_s"] = time.perf_counter() - started

    began = time.perf_counter()
    model = timbre.load_model(checkpoint)
    codes = [model.encode(notes[role], pitch) for role in roles]
    if len(codes) == 2:
        z = timbre.blend(codes[0].z, codes[1].z, mix)
        loudness = timbre.blend(codes[0].loudness_db, codes[1].loudness_db, mix)
    else:
        z = timbre.blend_pad(*(code.z for code in codes), mix, y)
        loudness = timbre.blend_pad(*(code.loudness_db for code in codes), mix, y)
    blended = model.decode(z, features.midi_to_hz(pitch), loudness)
    timings["model_s"] = time.perf_counter() - began

    # The keyboard plays the blended timbre with the chosen note's loudness curve at each pitch:
    # one batch, as decode_many is far cheaper per note than one call per note.
    began = time.perf_counter()
    count = len(keyboard)
    keys = model.decode_many(
        np.repeat(z[None], count, axis=0),
        features.midi_to_hz(np.asarray(keyboard, np.float64)),
        np.repeat(loudness[None], count, axis=0),
    )
    timings["keyboard_s"] = time.perf_counter() - began

    weights = corner_weights(len(roles), mix, y)
    crossfade = sum(weights[role] * notes[role] for role in roles)
    audio = {"blend": blended, **notes, "crossfade": crossfade}
    peak = max(float(np.abs(np.concatenate([*audio.values(), keys.ravel()])).max()), 1e-9)
    gain_db = min(MAX_GAIN_DB, 20 * np.log10(PEAK_TARGET / peak))
    gain = 10 ** (gain_db / 20)
    audio = {role: (sound * gain).astype(np.float32) for role, sound in audio.items()}
    keys = (keys * gain).astype(np.float32)

    began = time.perf_counter()
    shown = spectrograms(audio)
    measured = {
        role: {
            "centroid_hz": round(metrics.spectral_centroid(sound), 1),
            "peak_dbfs": round(float(20 * np.log10(max(np.abs(sound).max(), 1e-9))), 1),
            "spectrogram": shown[role],
        }
        for role, sound in audio.items()
    }
    difference = metrics.spectral_difference_db(audio["blend"], audio["crossfade"])
    timings["measure_s"] = time.perf_counter() - began
    return PairResult(
        audio=audio,
        keyboard=keys,
        keyboard_pitches=list(keyboard),
        measured=measured,
        gain_db=round(float(gain_db), 2),
        blend_vs_crossfade_db=round(float(difference), 2),
        timings={name: round(value, 3) for name, value in timings.items()},
    )
