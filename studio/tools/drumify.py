"""Drumify: a drum part that follows the onsets of any clip (Tap2Drum)."""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _

from inference.vae.tools import DRUMIFY_TEMPERATURE

from .base import ToolInputs, ToolResult
from .families import VaeTool
from .fields import SEED, InputSlot, temperature


class Drumify(VaeTool):
    def run(self, params: dict, inputs: ToolInputs) -> ToolResult:
        from inference.vae.tools import drumify

        return ToolResult(
            [drumify(inputs.clips["input"], params["temperature"], int(params["seed"]))]
        )


TOOL = Drumify(
    slug="drumify",
    title=_("Drumify"),
    summary=_("Makes a drum part that follows the rhythm of any clip."),
    model=_("Tap2Drum (GrooVAE)"),
    fields=(temperature(DRUMIFY_TEMPERATURE), SEED),
    inputs=(
        InputSlot(
            "input",
            _("Input clip"),
            _("A melody, bass line, chords or drums: its note onsets set the rhythm."),
            "any",
        ),
    ),
    output_kind="drums",
    models=("tap2drum",),
    plays_along=True,
)
