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
from inference.music.scales import KEY_NAMES, OFF, PRIMER_KEY, SCALE_NAMES

__all__ = [
    "SCALE",
    "SCALE_LABELS",
    "SEED",
    "TYPE",
    "ChoiceField",
    "InputSlot",
    "Label",
    "NumberField",
    "TextField",
    "in_language",
    "key",
    "scale_for_run",
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
    evaluation in docs/models.md). Steps of 0.05 so a slider can hold the 0.25 some tools chose
    (a range input snaps its value to a whole number of steps)."""
    return NumberField(
        "temperature",
        _("Temperature"),
        _("Lower is safer and more predictable; higher is more surprising and more random."),
        0.0,
        2.0,
        default,
        step=0.05,
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


# The names musicians read in both languages; the flat spelling shown next to the sharp one.
_KEY_LABELS = ("C", "C♯/D♭", "D", "D♯/E♭", "E", "F", "F♯/G♭", "G", "G♯/A♭", "A", "A♯/B♭", "B")


def key(from_primer: bool = False) -> ChoiceField:
    """The key (tonic) a melody's scale is played on; Continue also offers the key found in its
    input (``inference.music.scales.find_key``)."""
    choices: tuple = tuple(zip(KEY_NAMES, _KEY_LABELS, strict=True))
    if from_primer:
        choices = ((PRIMER_KEY, _("The input's key (found from its notes)")), *choices)
    return ChoiceField(
        "key",
        _("Key"),
        _("The note the scale starts from. Used only when a scale is chosen."),
        choices,
        PRIMER_KEY if from_primer else "C",
    )


SCALE_LABELS = {
    OFF: _("Off (any note)"),
    "major": _("Major"),
    "natural_minor": _("Natural minor"),
    "harmonic_minor": _("Harmonic minor"),
    "dorian": _("Dorian"),
    "major_pentatonic": _("Major pentatonic"),
    "minor_pentatonic": _("Minor pentatonic"),
    "blues": _("Blues"),
}

SCALE = ChoiceField(
    "scale",
    _("Scale"),
    _(
        "New notes keep to this scale on the chosen key: the model is never allowed a note "
        "outside it. Melodies only; the input is kept as it is."
    ),
    tuple((name, SCALE_LABELS[name]) for name in SCALE_NAMES),
    OFF,
)

DRUMS_HAVE_NO_SCALE = "Key and scale apply to melodies only; the drums were made without them."


def scale_for_run(params: dict) -> tuple[str, list[str]]:
    """The scale a run keeps to and its notices: the chosen scale for melodies; none for drums,
    which have no key (the page hides both controls for drums; a script that sends a scale
    anyway is told it was not used)."""
    scale = params.get("scale", OFF)
    if params.get("type", "melody") == "melody":
        return scale, []
    return OFF, [DRUMS_HAVE_NO_SCALE] if scale != OFF else []
