"""Representation: melody and drum events, the GM drum table, polyphony, primers, round trips."""

import pytest

from inference.music import (
    DRUM_OUTPUT_PITCHES,
    MELODY_NUM_CLASSES,
    NO_EVENT,
    NOTE_OFF,
    Clip,
    Note,
    PrimerError,
    clip_from_drum_events,
    clip_from_melody_events,
    drum_class_of_pitch,
    drum_event_classes,
    drum_events_from_clip,
    fit_pitch_range,
    melody_class_to_event,
    melody_event_to_class,
    melody_events_from_clip,
    parse_primer_melody,
    reduce_to_highest,
)
from inference.music.midi_io import clip_to_midi_bytes, read_midi

# The table exactly as the issue lists it (class name → every GM pitch).
ISSUE_DRUM_TABLE = {
    "kick": [36, 35],
    "snare": [38, 27, 28, 31, 32, 33, 34, 37, 39, 40, 56, 65, 66, 75, 85],
    "closed_hihat": [42, 44, 54, 68, 69, 70, 71, 73, 78, 80, 22],
    "open_hihat": [46, 67, 72, 74, 79, 81, 26],
    "low_tom": [45, 29, 41, 43, 61, 64, 84],
    "mid_tom": [48, 47, 60, 63, 77, 86, 87],
    "high_tom": [50, 30, 62, 76, 83],
    "crash": [49, 52, 55, 57, 58],
    "ride": [51, 53, 59, 82],
}


def test_every_listed_drum_pitch_maps_to_its_class():
    names = list(ISSUE_DRUM_TABLE)
    for name, pitches in ISSUE_DRUM_TABLE.items():
        for pitch in pitches:
            assert drum_class_of_pitch(pitch) == names.index(name), (name, pitch)
    listed = {p for pitches in ISSUE_DRUM_TABLE.values() for p in pitches}
    for pitch in set(range(128)) - listed:
        assert drum_class_of_pitch(pitch) is None, pitch


def test_drum_output_pitches_are_the_first_of_each_class():
    assert DRUM_OUTPUT_PITCHES == (36, 38, 42, 46, 45, 48, 50, 49, 51)


def test_drum_events_are_nine_bit_masks():
    clip = Clip(
        (Note(36, 0, 1), Note(42, 0, 1), Note(40, 2, 3), Note(51, 3, 4), Note(82, 3, 4)), "drums"
    )
    events, notices = drum_events_from_clip(clip)
    assert events == [0b1 | 0b100, 0, 0b10, 1 << 8]
    assert notices == []
    assert drum_event_classes(events[0]) == ["kick", "closed_hihat"]
    decoded = clip_from_drum_events(events)
    assert [(n.pitch, n.start_step) for n in decoded.notes] == [(36, 0), (42, 0), (38, 2), (51, 3)]
    assert max(drum_events_from_clip(clip_from_drum_events([511]))[0]) == 511


def test_unmapped_drum_pitch_is_dropped_with_a_notice():
    events, notices = drum_events_from_clip(Clip((Note(36, 0, 1), Note(90, 1, 2)), "drums"))
    assert events == [1, 0]
    assert "90" in notices[0]


def test_melody_events_match_magenta_semantics():
    clip = Clip((Note(60, 0, 2), Note(62, 2, 3), Note(64, 5, 8)), "melody", total_steps=10)
    events, notices = melody_events_from_clip(clip)
    assert events == [
        60,
        NO_EVENT,
        62,
        NOTE_OFF,
        NO_EVENT,
        64,
        NO_EVENT,
        NO_EVENT,
        NOTE_OFF,
        NO_EVENT,
    ]
    assert notices == []
    back = clip_from_melody_events(events)
    assert [(n.pitch, n.start_step, n.end_step) for n in back.notes] == [
        (60, 0, 2),
        (62, 2, 3),
        (64, 5, 8),
    ]


def test_melody_classes_follow_magenta_one_hot():
    assert melody_event_to_class(NO_EVENT) == 0
    assert melody_event_to_class(NOTE_OFF) == 1
    assert melody_event_to_class(48) == 2
    assert melody_event_to_class(83) == MELODY_NUM_CLASSES - 1 == 37
    for event in (-2, -1, 48, 60, 83):
        assert melody_class_to_event(melody_event_to_class(event)) == event


def test_polyphony_is_reduced_to_the_highest_note_with_a_notice():
    chord = Clip((Note(60, 0, 4), Note(64, 0, 4), Note(67, 0, 2), Note(55, 4, 6)), "melody")
    mono = reduce_to_highest(chord)
    assert [(n.pitch, n.start_step, n.end_step) for n in mono.notes] == [
        (67, 0, 2),
        (64, 2, 4),
        (55, 4, 6),
    ]
    assert any("polyphonic" in notice for notice in mono.notices)
    events, notices = melody_events_from_clip(chord)
    assert events[:5] == [67, NO_EVENT, 64, NO_EVENT, 55]
    assert any("highest" in notice for notice in notices)


def test_monophonic_input_has_no_polyphony_notice():
    clip = Clip((Note(60, 0, 2), Note(62, 2, 4)), "melody")
    assert reduce_to_highest(clip) is clip


def test_out_of_range_melody_is_transposed_by_octaves():
    shift, pitches = fit_pitch_range([84, 88, 91])
    assert shift == -12 and pitches == [72, 76, 79]
    shift, pitches = fit_pitch_range([30, 60, 100])  # wider than the range: folded individually
    assert all(48 <= p < 84 for p in pitches)
    events, notices = melody_events_from_clip(Clip((Note(96, 0, 2),), "melody"))
    assert events[0] == 72 and "transposed" in notices[0]


@pytest.mark.parametrize(
    ("text", "events"),
    [("[60]", [60]), ("[60, -2, 60, -2, 67, -2]", [60, -2, 60, -2, 67, -2]), ("62", [62])],
)
def test_primer_melody_syntax(text, events):
    assert parse_primer_melody(text) == events


@pytest.mark.parametrize(
    "text", ["", "[]", "[60, x]", "[128]", "[-3]", "['a']", "[60.5]", "[True]"]
)
def test_bad_primer_melody_is_rejected_clearly(text):
    with pytest.raises(PrimerError, match="primer"):
        parse_primer_melody(text)


def test_midi_round_trip_melody():
    clip = Clip((Note(60, 0, 4, 90), Note(67, 4, 6, 80), Note(65, 8, 16, 70)), "melody", qpm=100)
    events, _ = melody_events_from_clip(clip)
    back = read_midi(clip_to_midi_bytes(clip_from_melody_events(events, qpm=100)), "melody")
    assert back.qpm == pytest.approx(100)
    assert melody_events_from_clip(back)[0] == events


def test_midi_round_trip_drums():
    events = [0b1, 0, 0b100, 0, 0b10 | 0b100, 0, 0b1000, 1 << 7 | 1]
    back = read_midi(clip_to_midi_bytes(clip_from_drum_events(events, qpm=95)), "drums")
    assert back.kind == "drums" and back.qpm == pytest.approx(95)
    assert drum_events_from_clip(back)[0] == events


def test_light_modules_import_neither_tensorflow_nor_django():
    import subprocess
    import sys

    code = (
        "import sys, inference.rnn.generate, inference.melody_rnn_generate,"
        " inference.music.midi_io, inference.music, inference.training.datasets,"
        " inference.training.windows, inference.vae.tools, inference.configs;"
        "print(sorted(m for m in ('tensorflow', 'keras', 'django') if m in sys.modules))"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "[]"
