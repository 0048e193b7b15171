"""Melody RNN with the lesson's ``melody_rnn_generate --config=attention_rnn`` settings."""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _

from .base import ToolInputs, ToolResult
from .families import RnnTool
from .fields import SCALE, SEED, InputSlot, NumberField, TextField, key, temperature, tempo


class MelodyRnn(RnnTool):
    def run(self, params: dict, inputs: ToolInputs) -> ToolResult:
        from inference.rnn.generate import melody_rnn_generate

        primer_midi = inputs.midi.get("input")
        result = melody_rnn_generate(
            primer_melody=None if primer_midi is not None else params["primer_melody"],
            primer_midi=primer_midi,
            num_outputs=int(params["num_outputs"]),
            num_steps=int(params["num_steps"]),
            temperature=params["temperature"],
            qpm=float(params["qpm"]),
            seed=int(params["seed"]),
            key=params.get("key", "C"),
            scale=params.get("scale", "off"),
        )
        return ToolResult(list(result.clips), list(result.notices), result.primer_steps)


TOOL = MelodyRnn(
    slug="melody-rnn",
    title=_("Melody RNN (attention_rnn)"),
    summary=_("Makes melodies with the same settings as the lesson's melody_rnn_generate command."),
    model=_("Melody RNN attention_rnn"),
    fields=(
        TextField(
            "primer_melody",
            _("Primer melody"),
            _("[60] starts on middle C. -2 means no event, -1 means note off."),
            "[60]",
        ),
        NumberField(
            "num_outputs", _("Outputs (num_outputs)"), _("How many melodies to make."), 1, 10, 5
        ),
        NumberField(
            "num_steps",
            _("Steps (num_steps)"),
            _("Length including the primer. 16 steps make one bar."),
            16,
            512,
            128,
        ),
        temperature(),
        tempo(),
        key(),
        SCALE,
        SEED,
    ),
    inputs=(
        InputSlot(
            "input",
            _("Primer MIDI (primer_midi)"),
            _("Give the primer as MIDI instead of primer_melody."),
            "melody",
            required=False,
            replaces="primer_melody",
        ),
    ),
    output_kind="melody",
    models=("melody_rnn",),
)
