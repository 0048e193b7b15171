"""The building blocks of a studio tool's controls: numbers, choices, texts and MIDI inputs.

Each knows its bounds and how it reaches the browser (``as_json``): the validation, the pages and
the front end read the same objects. Labels are lazy gettext msgids (English; Japanese in the
catalogue), worded in the active language when used. Nothing heavy is imported here.
"""

from __future__ import annotations

from dataclasses import dataclass

from django.utils import translation
from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

Label = str | Promise  # a lazy msgid, or plain text that needs no translation


def in_language(text: Label, lang: str) -> str:
    """``text`` worded in ``lang`` (ja | en), whatever language is active."""
    with translation.override(lang):
        return str(text)


@dataclass(frozen=True)
class NumberField:
    name: str
    label: Label
    help: Label
    minimum: float
    maximum: float
    default: float | None
    step: float = 1
    integer: bool = True
    required: bool = True  # False: may be left out (seed)

    def as_json(self) -> dict:
        return {
            "name": self.name,
            "widget": "number",
            "label": str(self.label),
            "help": str(self.help),
            "min": self.minimum,
            "max": self.maximum,
            "step": self.step,
            "default": self.default,
            "integer": self.integer,
            "required": self.required,
        }


@dataclass(frozen=True)
class ChoiceField:
    name: str
    label: Label
    help: Label
    choices: tuple[tuple[str, Label], ...]
    default: str

    def as_json(self) -> dict:
        return {
            "name": self.name,
            "widget": "choice",
            "label": str(self.label),
            "help": str(self.help),
            "choices": [[value, str(text)] for value, text in self.choices],
            "default": self.default,
        }


@dataclass(frozen=True)
class TextField:
    name: str
    label: Label
    help: Label
    default: str
    max_length: int = 2000

    def as_json(self) -> dict:
        return {
            "name": self.name,
            "widget": "text",
            "label": str(self.label),
            "help": str(self.help),
            "default": self.default,
            "maxlength": self.max_length,
        }


@dataclass(frozen=True)
class InputSlot:
    """A MIDI input: an upload, an example clip, or an earlier job's output ("send to")."""

    name: str  # input | input_a | input_b
    label: Label
    help: Label
    kind: str  # melody | drums | type (follows the "type" field) | any
    required: bool = True
    max_bars: int | None = None

    def as_json(self) -> dict:
        return {
            "name": self.name,
            "label": str(self.label),
            "help": str(self.help),
            "kind": self.kind,
            "required": self.required,
            "max_bars": self.max_bars,
        }


SEED_MAX = 2**31 - 1

TYPE = ChoiceField(
    "type",
    _("Type"),
    _("Drums or a melody."),
    (("melody", _("Melody")), ("drums", _("Drums"))),
    "melody",
)


def temperature() -> NumberField:
    return NumberField(
        "temperature",
        _("Temperature"),
        _("Lower is safer and more predictable; higher is more surprising and more random."),
        0.0,
        2.0,
        1.0,
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


def variations(maximum: int, default: int) -> NumberField:
    return NumberField(
        "variations",
        _("Variations"),
        _("How many clips to make at once."),
        1,
        maximum,
        default,
    )
