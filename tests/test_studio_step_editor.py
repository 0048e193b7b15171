"""The step editor's MIDI (static/studio/midi_writer.js, run by Node) reads back on the server
exactly as drawn: the files it uploads are ordinary MIDI."""

from __future__ import annotations

import json
import shutil
import subprocess
from pathlib import Path

import pytest

from inference.music.midi_io import MidiError, read_midi
from tests.ci import skip_unless_available

ROOT = Path(__file__).resolve().parent.parent
NODE = shutil.which("node")

pytestmark = skip_unless_available(NODE is None, "Node is not installed")


def js_midi(clip: dict) -> bytes:
    script = (
        "import { clipToMidiBytes } from './static/studio/midi_writer.js';"
        f"process.stdout.write(JSON.stringify([...clipToMidiBytes({json.dumps(clip)})]));"
    )
    done = subprocess.run(
        [NODE, "--input-type=module", "-e", script],
        cwd=ROOT,
        capture_output=True,
        text=True,
        check=True,
    )
    return bytes(json.loads(done.stdout))


def test_drawn_melody_reads_back_note_for_note():
    notes = [[60, 0, 3, 100], [64, 4, 6, 90], [67, 8, 16, 80]]
    clip = read_midi(js_midi({"notes": notes, "qpm": 96}), "melody")
    assert [(n.pitch, n.start_step, n.end_step, n.velocity) for n in clip.notes] == [
        tuple(note) for note in notes
    ]
    assert clip.qpm == pytest.approx(96)


def test_drawn_drums_are_a_drum_track():
    data = js_midi({"notes": [[36, 0, 1], [38, 4, 5], [42, 0, 1]], "drums": True})
    clip = read_midi(data, "drums")
    assert sorted((n.pitch, n.start_step) for n in clip.notes) == [(36, 0), (38, 4), (42, 0)]
    with pytest.raises(MidiError, match="no usable melody track"):
        read_midi(data, "melody")


def test_recorded_offsets_reach_the_server_on_the_same_steps():
    # A take played a little off the grid: the model's input is the same 16ths, and the
    # server keeps how far off each note was (to within a tick, 1/24 of a step).
    notes = [[60, 0, 4, 100, 0.25], [64, 4, 8, 90, -0.3], [67, 8, 12, 80, 0.49], [72, 12, 16]]
    clip = read_midi(js_midi({"notes": notes, "qpm": 100}), "melody")
    assert [(n.pitch, n.start_step, n.end_step) for n in clip.notes] == [
        (60, 0, 4), (64, 4, 8), (67, 8, 12), (72, 12, 16)
    ]  # fmt: skip
    offsets = [n.offset for n in clip.notes]
    assert offsets == pytest.approx([6 / 24, -7 / 24, 11 / 24, 0.0], abs=1e-4)  # 0.49: under half


def test_drums_pushed_before_the_first_beat_open_with_a_pickup_bar():
    notes = [[36, 0, 1, 100, -0.25], [42, 0, 1, 100, 0.1], [38, 4, 5, 100, 0.2], [36, 8, 9]]
    data = js_midi({"notes": notes, "drums": True, "qpm": 120})
    clip = read_midi(data, "drums")
    read_back = sorted((n.pitch, n.start_step, round(n.offset * 24)) for n in clip.notes)
    assert read_back == [(36, 0, -6), (36, 8, 0), (38, 4, 5), (42, 0, 2)]
    import io

    import pretty_midi

    signatures = pretty_midi.PrettyMIDI(io.BytesIO(data)).time_signature_changes
    assert [(s.numerator, s.denominator, s.time) for s in signatures] == [(1, 4, 0.0), (4, 4, 0.5)]


def test_a_hit_played_early_ends_the_same_drum_before_it():
    # Two kicks a 16th apart, the second played 0.4 of a step early: the first one ends there
    # (ticks at 120 qpm, 96 a quarter: 192 a second).
    data = js_midi({"notes": [[36, 0, 1], [36, 1, 2, 100, -0.4]], "drums": True})
    import io

    import pretty_midi

    kicks = pretty_midi.PrettyMIDI(io.BytesIO(data)).instruments[0].notes
    assert [(round(k.start * 192), round(k.end * 192)) for k in kicks] == [(0, 14), (14, 48)]
