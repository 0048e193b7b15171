"""Interpolate: clips that morph from clip A into clip B through MusicVAE's latent space."""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _

from inference.vae.tools import INTERPOLATE_BY_KIND, INTERPOLATE_DEFAULTS

from .base import ToolInputs, ToolResult
from .families import VaeTool
from .fields import SEED, TYPE, InputSlot, NumberField, temperature

STEPS, TEMPERATURE = INTERPOLATE_DEFAULTS["steps"], INTERPOLATE_DEFAULTS["temperature"]


class Interpolate(VaeTool):
    def checkpoints(self, params: dict) -> tuple[str, ...]:
        return (INTERPOLATE_BY_KIND[params.get("type", "melody")],)

    def run(self, params: dict, inputs: ToolInputs) -> ToolResult:
        from inference.vae.tools import interpolate

        clips = interpolate(
            inputs.clips["input_a"],
            inputs.clips["input_b"],
            int(params["steps"]),
            params["temperature"],
            int(params["seed"]),
        )
        return ToolResult(clips)


TOOL = Interpolate(
    slug="interpolate",
    title=_("Interpolate"),
    summary=_("Makes clips that change step by step from clip A into clip B."),
    model=_("MusicVAE (interpolation in the latent space)"),
    fields=(
        TYPE,
        NumberField("steps", _("Steps"), _("How many clips to make from A to B."), 1, 16, STEPS),
        temperature(TEMPERATURE),
        SEED,
    ),
    inputs=(
        InputSlot("input_a", _("Clip A"), _("The start (up to 4 bars)."), "type", max_bars=4),
        InputSlot("input_b", _("Clip B"), _("The end (up to 4 bars)."), "type", max_bars=4),
    ),
    models=tuple(INTERPOLATE_BY_KIND.values()),
)
