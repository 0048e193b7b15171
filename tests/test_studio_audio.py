"""Rendered audio lasts as long as the music plus a short release, not FluidSynth's seconds of
silence (an 8-second clip used to come back 11 s long, a 7.12-second Drumify result 16.5 s)."""

from __future__ import annotations

import struct

import pytest

from inference.music import Clip, Note
from inference.music.midi_io import clip_to_midi_bytes
from studio import audio
from tests.ci import skip_unless_available
from tests.studio_support import drum_clip, melody_clip

pytestmark = skip_unless_available(
    audio.audio_unavailable_reason() is not None, "FluidSynth or its SoundFont is missing"
)


def ogg_seconds(data: bytes) -> float:
    """Length of an OGG Vorbis file: the last page's granule position (samples) / sample rate."""
    header = data.index(b"\x01vorbis")
    rate = struct.unpack_from("<I", data, header + 12)[0]
    last_page = data.rindex(b"OggS")
    samples = struct.unpack_from("<q", data, last_page + 6)[0]
    return samples / rate


def rendered_length(clip: Clip) -> tuple[float, float]:
    midi = clip_to_midi_bytes(clip)
    return audio.music_end_s(midi), ogg_seconds(audio.render_ogg(midi))


def test_melody_ends_within_a_second_of_its_last_note():
    music, rendered = rendered_length(melody_clip(bars=4))  # 4 bars at 110 qpm
    assert music == pytest.approx(4 * 4 * 60 / 110)
    assert music + 0.5 <= rendered <= music + 1.0


def test_drums_with_an_odd_length_are_trimmed_too():
    # 7.125 s of drums at 120 qpm, ending on a crash (which rings for seconds in the SoundFont).
    notes = (*drum_clip(bars=3).notes, Note(49, 56, 57, 120))
    music, rendered = rendered_length(Clip(notes, "drums", 120.0, 57))
    assert music == pytest.approx(57 * 0.125)
    assert music + 0.5 <= rendered <= music + 1.0


def test_trailing_rest_is_not_music():
    # One note, then a bar of rest: the recording ends after the note's release.
    clip = Clip((Note(60, 0, 4, 100),), "melody", 120.0, 32)
    music, rendered = rendered_length(clip)
    assert music == pytest.approx(0.5)
    assert rendered <= music + 1.0


def test_fade_ramps_every_channel_to_silence():
    import io

    import pretty_midi

    midi = clip_to_midi_bytes(melody_clip(bars=1))
    end = audio.music_end_s(midi)
    faded = pretty_midi.PrettyMIDI(io.BytesIO(audio.with_fade_out(midi, end)))
    for instrument in faded.instruments:
        volumes = [cc for cc in instrument.control_changes if cc.number == 7]
        assert volumes[-1].value == 0
        assert volumes[0].time >= end  # the music itself plays at full volume
        assert volumes[-1].time == pytest.approx(end + audio.RELEASE_S, abs=0.01)
