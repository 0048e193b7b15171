"""Groove: a quantized drum clip played with a drummer's dynamics and timing (GrooVAE)."""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _

from inference.vae.tools import GROOVE_TEMPERATURE

from .base import ToolInputs, ToolResult
from .families import VaeTool
from .fields import SEED, InputSlot, temperature


class Groove(VaeTool):
    def run(self, params: dict, inputs: ToolInputs) -> ToolResult:
        from inference.vae.tools import groove

        return ToolResult(
            [groove(inputs.clips["input"], params["temperature"], int(params["seed"]))]
        )


TOOL = Groove(
    slug="groove",
    title=_("Groove"),
    summary=_("Gives a strictly quantized drum clip the dynamics and timing of a human drummer."),
    model=_("GrooVAE"),
    fields=(temperature(GROOVE_TEMPERATURE), SEED),
    inputs=(InputSlot("input", _("Drum clip"), _("The drums to humanize."), "drums"),),
    output_kind="drums",
    models=("groovae",),
    plays_along=True,
)
