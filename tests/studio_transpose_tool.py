"""A whole studio tool in one module, as docs/studio.md's "Adding a tool" describes: it moves a
melody up or down by some semitones. It needs no trained model, so tests can run it anywhere.

Registering it is the one line a real tool adds to ``REGISTERED`` in studio/tools/__init__.py;
the tests do it with ``register`` under monkeypatch so it leaves no trace.
"""

from __future__ import annotations

from dataclasses import replace

from studio.tools import InputSlot, NumberField, Tool, ToolInputs, ToolResult


class Transpose(Tool):
    def run(self, params: dict, inputs: ToolInputs) -> ToolResult:
        clip, shift = inputs.clips["input"], int(params["semitones"])
        notes = tuple(replace(note, pitch=note.pitch + shift) for note in clip.notes)
        if any(not 0 <= note.pitch <= 127 for note in notes):
            raise ValueError(f"moving by {shift} semitones leaves the MIDI range 0..127")
        return ToolResult([replace(clip, notes=notes, notices=())])


TOOL = Transpose(
    slug="transpose",
    title="Transpose",
    summary="Moves a melody up or down.",
    model="no model: plain arithmetic",
    fields=(NumberField("semitones", "Semitones", "How far to move the melody.", -12, 12, 5),),
    inputs=(InputSlot("input", "Melody", "The melody to move.", "melody"),),
    output_kind="melody",
)
