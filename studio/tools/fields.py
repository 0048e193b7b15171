"""The building blocks of a studio tool's controls: numbers, choices, texts and MIDI inputs.

The settings are ``core.fields`` fields, the kinds the demos' parameters use too: each knows its
bounds, checks a value (``studio/forms.py``) and reaches the browser through ``as_json`` (the
page's ``tools_json``), so the validation, the pages and the front end read the same objects.
Labels are lazy gettext msgids (English; Japanese in the catalogue), worded in the active
language when used. Nothing heavy is imported here (``inference.music.midi_io`` is plain Python).
"""

from __future__ import annotations

from dataclasses import dataclass

from django.utils.translation import gettext_lazy as _

from core.fields import ChoiceField, Label, NumberField, TextField, in_language
from inference.music.midi_io import MAX_QPM, MIN_QPM

__all__ = [
    "SEED",
    "TYPE",
    "ChoiceField",
    "InputSlot",
    "Label",
    "NumberField",
    "TextField",
    "in_language",
    "temperature",
    "tempo",
    "variations",
]


@dataclass(frozen=True)
class InputSlot:
    """An input: an upload, an example clip, or an earlier job's output ("send to"). Kind
    ``audio`` takes an audio upload (WAV, FLAC, OGG, MP3) or an earlier result's audio."""

    name: str  # input | input_a | input_b
    label: Label
    help: Label
    kind: str  # melody | drums | type (follows the "type" field) | any | audio
    required: bool = True
    max_bars: int | None = None
    replaces: str = ""  # a text field this input stands in for when given (primer_melody)

    def as_json(self) -> dict:
        return {
            "name": self.name,
            "label": str(self.label),
            "help": str(self.help),
            "kind": self.kind,
            "required": self.required,
            "max_bars": self.max_bars,
            "replaces": self.replaces,
        }


SEED_MAX = 2**31 - 1

TYPE = ChoiceField(
    "type",
    _("Type"),
    _("Drums or a melody."),
    (("melody", _("Melody")), ("drums", _("Drums"))),
    "melody",
)


def temperature(default: float = 1.0) -> NumberField:
    """A tool's temperature; ``default`` is chosen per tool on validation data (see the held-out
    evaluation in docs/models.md)."""
    return NumberField(
        "temperature",
        _("Temperature"),
        _("Lower is safer and more predictable; higher is more surprising and more random."),
        0.0,
        2.0,
        default,
        step=0.1,
        integer=False,
    )


SEED = NumberField(
    "seed",
    _("Seed"),
    _("The same seed and settings give the same result. Leave empty for a new result each time."),
    0,
    SEED_MAX,
    None,
    required=False,
)


def tempo(default: int = 120) -> NumberField:
    """The tempo the models accept (``inference.music.midi_io``), so the studio offers no tempo a run
    would refuse and none it would take."""
    return NumberField(
        "qpm", _("Tempo (qpm)"), _("Quarter notes per minute."), int(MIN_QPM), int(MAX_QPM), default
    )


def variations(maximum: int, default: int) -> NumberField:
    return NumberField(
        "variations",
        _("Variations"),
        _("How many clips to make at once."),
        1,
        maximum,
        default,
    )
