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
