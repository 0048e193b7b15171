"""Continue: extends a melody or drum clip with Melody RNN or Drums RNN."""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _

from inference.music import STEPS_PER_BAR

from .base import ToolInputs, ToolResult
from .families import RnnTool
from .fields import (
    SCALE,
    SEED,
    TYPE,
    InputSlot,
    NumberField,
    key,
    scale_for_run,
    temperature,
    variations,
)

RNN_BY_TYPE = {"melody": "melody_rnn", "drums": "drums_rnn"}


class Continue(RnnTool):
    def checkpoints(self, params: dict) -> tuple[str, ...]:
        return (RNN_BY_TYPE[params.get("type", "melody")],)

    def run(self, params: dict, inputs: ToolInputs) -> ToolResult:
        from inference.rnn.generate import continue_sequence

        scale, notices = scale_for_run(params)
        result = continue_sequence(
            inputs.clips["input"],
            params["type"],
            int(params["length"]) * STEPS_PER_BAR,
            int(params["variations"]),
            params["temperature"],
            int(params["seed"]),
            key=params.get("key", "primer"),
            scale=scale,
        )
        return ToolResult(list(result.clips), list(result.notices) + notices, result.primer_steps)


TOOL = Continue(
    slug="continue",
    title=_("Continue"),
    summary=_("Extends the clip you give it."),
    model=_("Melody RNN / Drums RNN"),
    fields=(
        TYPE,
        variations(8, 4),
        NumberField("length", _("Length (bars)"), _("How many bars to add."), 1, 32, 2),
        temperature(),
        key(from_primer=True),
        SCALE,
        SEED,
    ),
    inputs=(InputSlot("input", _("Input clip"), _("The clip to continue."), "type"),),
    models=tuple(RNN_BY_TYPE.values()),
    melody_only=("key", "scale"),
)
