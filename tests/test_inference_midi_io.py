"""MIDI reading validates untrusted input with one error type; writing sets what players need."""

import contextlib
import io

import mido
import pretty_midi
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from inference.music import Clip, Note
from inference.music.midi_io import (
    MAX_BYTES,
    MAX_NOTES,
    MidiError,
    clip_to_midi_bytes,
    read_midi,
    write_midi,
)
from tests.pretty_midi_reference import pretty_midi_reading


def midi_bytes(*instruments) -> bytes:
    midi = pretty_midi.PrettyMIDI(initial_tempo=120)
    for program, is_drum, notes in instruments:
        instrument = pretty_midi.Instrument(program=program, is_drum=is_drum)
        instrument.notes = [pretty_midi.Note(100, p, s, e) for p, s, e in notes]
        midi.instruments.append(instrument)
    buffer = io.BytesIO()
    midi.write(buffer)
    return buffer.getvalue()


PIANO = (0, False, [(60, 0.0, 0.5), (62, 0.5, 1.0)])
KIT = (0, True, [(36, 0.0, 0.1), (38, 0.5, 0.6)])


def error_code(data, kind="melody") -> str:
    with pytest.raises(MidiError) as caught:
        read_midi(data, kind)
    assert str(caught.value)  # always a readable message
    return caught.value.code


def test_not_midi():
    assert error_code(b"hello, this is text") == "not_midi"


def test_truncated_midi_is_wrapped():
    assert error_code(midi_bytes(PIANO)[:30]) == "not_midi"


def test_empty_file_and_file_without_notes():
    assert error_code(b"") == "empty"
    assert error_code(midi_bytes()) == "empty"


def test_over_one_megabyte(tmp_path):
    big = b"MThd" + bytes(MAX_BYTES)
    assert error_code(big) == "too_large"
    path = tmp_path / "big.mid"
    path.write_bytes(big)
    assert error_code(path) == "too_large"


def test_over_twenty_thousand_notes():
    notes = [(60 + i % 12, i * 0.01, i * 0.01 + 0.005) for i in range(20_001)]
    assert error_code(midi_bytes((0, False, notes))) == "too_many_notes"


def test_over_ten_minutes():
    assert error_code(midi_bytes((0, False, [(60, 0.0, 1.0), (62, 601.0, 602.0)]))) == "too_long"


def test_no_usable_track_for_the_kind():
    assert error_code(midi_bytes(KIT), "melody") == "no_track"
    assert error_code(midi_bytes(PIANO), "drums") == "no_track"
    assert error_code(midi_bytes((0, True, [(90, 0.0, 0.1)])), "drums") == "no_track"


def test_missing_file(tmp_path):
    assert error_code(tmp_path / "nope.mid") == "not_found"


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.binary(max_size=200))
def test_garbage_after_a_midi_header_never_escapes(tail):
    with contextlib.suppress(MidiError):
        read_midi(b"MThd" + tail, "melody")


@settings(max_examples=40, deadline=None)
@given(st.integers(min_value=8, max_value=200), st.binary(min_size=1, max_size=8))
def test_corrupted_valid_midi_never_escapes(position, garbage):
    data = bytearray(midi_bytes(PIANO, KIT))
    position = min(position, len(data) - 1)
    data[position : position + len(garbage)] = garbage
    for kind in ("melody", "drums"):
        with contextlib.suppress(MidiError):
            read_midi(bytes(data), kind)


def test_reading_quantizes_and_keeps_micro_timing():
    clip = read_midi(midi_bytes((0, True, [(36, 0.0, 0.1), (38, 0.27, 0.3)])), "drums")
    snare = clip.notes[1]
    # 0.27 s at 120 qpm = 2.16 sixteenths → step 2, 0.16 of a step late.
    assert snare.start_step == 2 and snare.offset == pytest.approx(0.16, abs=0.01)


def test_written_files_carry_tempo_time_signature_program_and_drum_channel(tmp_path):
    melody = Clip((Note(60, 0, 4), Note(64, 4, 8)), "melody", qpm=90, program=73)
    drums = Clip((Note(36, 0, 1), Note(42, 2, 3)), "drums", qpm=90)
    for clip, name in ((melody, "m.mid"), (drums, "d.mid")):
        path = write_midi(clip, tmp_path / "sub" / name)
        parsed = mido.MidiFile(path)
        messages = [m for track in parsed.tracks for m in track]
        tempo = next(m for m in messages if m.type == "set_tempo")
        assert mido.tempo2bpm(tempo.tempo) == pytest.approx(90, abs=0.01)
        signature = next(m for m in messages if m.type == "time_signature")
        assert (signature.numerator, signature.denominator) == (4, 4)
        notes = [m for m in messages if m.type == "note_on"]
        if clip.kind == "drums":
            assert {m.channel for m in notes} == {9}  # MIDI channel 10
        else:
            assert 9 not in {m.channel for m in notes}
            program = next(m for m in messages if m.type == "program_change")
            assert program.program == 73
    reread = pretty_midi.PrettyMIDI(str(tmp_path / "sub" / "d.mid"))
    assert reread.instruments[0].is_drum


def test_bytes_and_paths_read_the_same(tmp_path):
    data = clip_to_midi_bytes(Clip((Note(60, 0, 4), Note(62, 4, 8)), "melody"))
    path = tmp_path / "x.mid"
    path.write_bytes(data)
    assert read_midi(data).notes == read_midi(path).notes


@pytest.mark.slow
def test_largest_allowed_polyphonic_upload_reads_quickly():
    import time

    notes = [(40 + k % 40, k * 0.01, 590.0) for k in range(MAX_NOTES)]  # all held to the end
    started = time.perf_counter()
    clip = read_midi(midi_bytes((0, False, notes)), "melody")
    assert time.perf_counter() - started < 15  # the reduction is vectorized, not step x note
    assert any("polyphonic" in notice for notice in clip.notices)
    assert all(a.end_step <= b.start_step for a, b in zip(clip.notes, clip.notes[1:], strict=False))


# --- the streaming reader reads what pretty_midi read ------------------------------------------


EVENTS = st.one_of(
    st.builds(
        lambda ch, note, vel, dt: mido.Message(
            "note_on", channel=ch, note=note, velocity=vel, time=dt
        ),
        st.sampled_from([0, 1, 9]),
        st.integers(36, 84),
        st.sampled_from([0, 1, 64, 127]),
        st.sampled_from([0, 0, 1, 30, 60, 119, 120, 240, 4000]),
    ),
    st.builds(
        lambda ch, note, dt: mido.Message("note_off", channel=ch, note=note, velocity=0, time=dt),
        st.sampled_from([0, 1, 9]),
        st.integers(36, 84),
        st.sampled_from([0, 1, 60, 120, 480]),
    ),
    st.builds(
        lambda ch, program, dt: mido.Message(
            "program_change", channel=ch, program=program, time=dt
        ),
        st.sampled_from([0, 1, 9]),
        st.integers(0, 127),
        st.sampled_from([0, 5]),
    ),
    st.builds(
        lambda tempo, dt: mido.MetaMessage("set_tempo", tempo=tempo, time=dt),
        st.sampled_from([1, 150_000, 500_000, 612_345, 0xFFFFFF]),
        st.sampled_from([0, 0, 7, 960]),
    ),
    st.builds(
        lambda dt: mido.Message("control_change", control=64, value=127, time=dt),
        st.sampled_from([0, 50, 100_000]),
    ),
)


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(
    tracks=st.lists(st.lists(EVENTS, min_size=1, max_size=40), min_size=1, max_size=3),
    resolution=st.sampled_from([1, 96, 220, 480, 960]),
    kind=st.sampled_from(["melody", "drums"]),
    max_steps=st.sampled_from([None, 16, 512]),
)
def test_reads_every_file_exactly_as_pretty_midi_did(tracks, resolution, kind, max_steps):
    song = mido.MidiFile(type=1, ticks_per_beat=resolution)
    song.tracks.extend(mido.MidiTrack(events) for events in tracks)
    buffer = io.BytesIO()
    song.save(file=buffer)
    data = buffer.getvalue()
    expected = pretty_midi_reading(data, kind, max_steps)
    try:
        clip = read_midi(data, kind, max_steps=max_steps)
    except MidiError as error:
        assert error.code == expected
    else:
        assert (clip.notes, clip.qpm, clip.program, clip.notices) == expected


def test_budgets_refuse_before_reading_on():
    from tests.hostile_midi import corpus

    files = corpus()
    assert error_code(files["257 tracks"].data) == "too_many_tracks"
    assert error_code(files["333,000 events in 999 KB"].data) == "too_many_events"
    assert error_code(files["SMPTE division 0xE728"].data) == "not_midi"
    assert error_code(files["tick 10,000,000 (end of track)"].data) == "not_midi"
    assert error_code(files["166,000 notes in 996 KB, running status"].data) == "too_many_notes"


def test_the_reader_does_not_import_pretty_midi_or_django():
    import subprocess
    import sys

    code = (
        "import sys; from inference.music.midi_io import read_midi; "
        "from tests.midi_bytes import melody; read_midi(melody(8)); "
        "assert 'pretty_midi' not in sys.modules and 'mido' not in sys.modules; "
        "assert not any(m.startswith('django') for m in sys.modules)"
    )
    root = __import__("pathlib").Path(__file__).resolve().parent.parent
    subprocess.run([sys.executable, "-c", code], check=True, cwd=root)


def test_written_drum_hits_never_overlap_on_their_key():
    """A drummer's next hit may come early (a negative offset): each note must end before the
    next note of its pitch begins, as an independent reader (mido) sees the file."""
    import random

    rng = random.Random(5)
    notes = tuple(
        Note(pitch, step, step + 1, 90, round(rng.uniform(-0.5, 0.5), 3))
        for step in range(64)
        for pitch in (36, 38, 42)
        if rng.random() < 0.7
    )
    data = clip_to_midi_bytes(Clip(notes, "drums", 120.0, 64))
    sounding, overlaps, hits = set(), 0, 0
    for message in mido.merge_tracks(mido.MidiFile(file=io.BytesIO(data)).tracks):
        key = (getattr(message, "channel", None), getattr(message, "note", None))
        if message.type == "note_on" and message.velocity > 0:
            overlaps += key in sounding
            hits += 1
            sounding.add(key)
        elif message.type in ("note_on", "note_off"):
            sounding.discard(key)
    assert (overlaps, hits) == (0, len(notes))


def _timeline(data: bytes) -> list[tuple[int, mido.Message]]:
    """Every message with its absolute tick, as mido (an independent reader) sees the file."""
    tick, out = 0, []
    for message in mido.merge_tracks(mido.MidiFile(file=io.BytesIO(data)).tracks):
        tick += message.time
        out.append((tick, message))
    return out


def test_hits_pushed_before_the_first_beat_keep_their_push():
    """A step-0 hit played early opens the file with a one-beat pickup bar (1/4, then 4/4 on
    the downbeat) instead of being clamped onto the beat; reading the file back counts steps
    from the downbeat, so the push survives a round trip."""
    pushed = Clip((Note(36, 0, 1, 100, -0.2), Note(38, 4, 5, 90, 0.0)), "drums", 120.0, 16)
    data = clip_to_midi_bytes(pushed)
    timeline = _timeline(data)
    resolution = mido.MidiFile(file=io.BytesIO(data)).ticks_per_beat
    signatures = [
        (t, m.numerator, m.denominator) for t, m in timeline if m.type == "time_signature"
    ]
    assert signatures == [(0, 1, 4), (resolution, 4, 4)]
    onsets = {m.note: t for t, m in timeline if m.type == "note_on" and m.velocity > 0}
    step = resolution / 4
    assert onsets[36] == pytest.approx(resolution - 0.2 * step, abs=1)  # before the downbeat
    assert onsets[38] == resolution + 4 * step
    kick, snare = read_midi(data, "drums").notes
    assert (kick.start_step, snare.start_step) == (0, 4)
    assert kick.offset == pytest.approx(-0.2, abs=0.01) and snare.offset == 0


def test_clips_on_the_beat_have_no_pickup_and_real_upbeats_are_kept():
    on_beat = clip_to_midi_bytes(Clip((Note(36, 0, 1, 100, 0.1),), "drums", 120.0, 16))
    assert [m.numerator for _, m in _timeline(on_beat) if m.type == "time_signature"] == [4]
    # A melody whose upbeat is a whole beat before a 4/4 bar: its notes start at step 0, as
    # before (only hits within half a step of the downbeat are read as pushed).
    song = mido.MidiFile(ticks_per_beat=480)
    song.tracks.append(
        mido.MidiTrack(
            [
                mido.MetaMessage("time_signature", numerator=1, denominator=4, time=0),
                mido.Message("note_on", note=67, velocity=80, time=0),
                mido.Message("note_off", note=67, velocity=0, time=480),
                mido.MetaMessage("time_signature", numerator=4, denominator=4, time=0),
                mido.Message("note_on", note=72, velocity=80, time=0),
                mido.Message("note_off", note=72, velocity=0, time=480),
            ]
        )
    )
    buffer = io.BytesIO()
    song.save(file=buffer)
    upbeat, downbeat = read_midi(buffer.getvalue(), "melody").notes
    assert (upbeat.start_step, downbeat.start_step) == (0, 4)
