"""The issue's measurement on tracks the project renders itself: its example clips (chords,
bass line, rock beat) rendered with FluidSynth and mixed, then detuned in level and tone."""

from __future__ import annotations

from functools import cache

import numpy as np
import pytest

from inference.mastering import master, read_audio
from inference.mastering.loudness import integrated_loudness, true_peak
from inference.mastering.spectrum import spectral_distance, third_octave_spectrum
from studio import audio
from studio.examples import example_midi
from tests.ci import skip_unless_available
from tests.mastering_fixtures import decode, detune, encode

pytestmark = skip_unless_available(
    audio.audio_unavailable_reason() is not None, "FluidSynth or its SoundFont is missing"
)


@cache
def band() -> tuple[np.ndarray, int]:
    """Three example clips rendered and summed: a 4-bar track at FluidSynth's preview rate."""
    parts = [read_audio(audio.render_ogg(example_midi(slug))) for slug in ("chords", "bass-line", "rock-beat")]  # fmt: skip
    frames = max(part.samples.shape[0] for part in parts)
    mix = np.zeros((frames, 2), np.float32)
    for part in parts:
        mix[: part.samples.shape[0]] += part.samples  # mono parts spread to both sides
    return mix, parts[0].rate


def distance(samples, rate, reference, reference_rate) -> float:
    centres, levels = third_octave_spectrum(samples, rate)
    _, target = third_octave_spectrum(reference, reference_rate)
    return spectral_distance(centres, levels, target)


@pytest.mark.parametrize("tilt,gain", [(1.5, -10.0), (-1.5, 10.0)])
def test_a_rendered_track_detuned_is_brought_back_to_its_reference(tilt, gain):
    reference, rate = band()
    track = detune(reference, tilt, gain, rate)
    track *= 0.9 / max(1.0, float(np.abs(track).max()))  # a WAV cannot hold more than full scale
    wav, _, report = master(encode(track, rate, "WAV", "PCM_16"), encode(reference, rate, "FLAC"))
    out, out_rate = decode(wav)
    assert out_rate == 44_100  # FluidSynth's 22.05 kHz, resampled to the working rate
    goal = integrated_loudness(reference, rate)
    assert integrated_loudness(out, out_rate) == pytest.approx(goal, abs=0.5)
    assert true_peak(out, out_rate) <= -1.0 and np.abs(out).max() < 1.0
    before = distance(track, rate, reference, rate)
    after = distance(out, out_rate, reference, rate)
    assert after <= 0.5 * before, (before, after)
    assert report["input_file"]["sample_rate"] == rate
