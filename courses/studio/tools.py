"""The studio's tools: Magenta Studio's five (Generate, Continue, Interpolate, Groove, Drumify)
and Melody RNN, with the same controls and ranges as Magenta Studio and issue #6.

This module is the single source of truth for fields, ranges, defaults, labels and help: the
validation (``forms.py``), the pages and the front end (``tools_json``) all read it. Labels are
lazy gettext msgids (English; Japanese in the catalogue), worded in the active language when
used. It imports nothing heavy, so pages may import it freely.
"""

from __future__ import annotations

from dataclasses import dataclass, field

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


@dataclass(frozen=True)
class Tool:
    slug: str
    title: Label
    summary: Label
    model: Label  # which model answers, for the page
    fields: tuple[NumberField | ChoiceField | TextField, ...]
    inputs: tuple[InputSlot, ...] = field(default=())
    output_kind: str = "type"  # melody | drums | type

    def field(self, name: str):
        return next((f for f in self.fields if f.name == name), None)

    def name(self, lang: str) -> str:
        return in_language(self.title, lang)

    def as_json(self, lang: str) -> dict:
        with translation.override(lang):
            return {
                "slug": self.slug,
                "title": str(self.title),
                "summary": str(self.summary),
                "model": str(self.model),
                "fields": [f.as_json() for f in self.fields],
                "inputs": [slot.as_json() for slot in self.inputs],
                "output_kind": self.output_kind,
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


TOOLS: dict[str, Tool] = {}


def _register(tool: Tool) -> None:
    TOOLS[tool.slug] = tool


_register(
    Tool(
        "generate",
        _("Generate 4 bars"),
        _("Makes 4-bar drum or melody clips from scratch."),
        _("MusicVAE (a sample from the latent space)"),
        (TYPE, variations(16, 8), temperature(), SEED),
    )
)

_register(
    Tool(
        "continue",
        _("Continue"),
        _("Extends the clip you give it."),
        _("Melody RNN / Drums RNN"),
        (
            TYPE,
            variations(8, 4),
            NumberField(
                "length",
                _("Length (bars)"),
                _("How many bars to add."),
                1,
                32,
                2,
            ),
            temperature(),
            SEED,
        ),
        (
            InputSlot(
                "input",
                _("Input clip"),
                _("The clip to continue."),
                "type",
            ),
        ),
    )
)

_register(
    Tool(
        "interpolate",
        _("Interpolate"),
        _("Makes clips that change step by step from clip A into clip B."),
        _("MusicVAE (interpolation in the latent space)"),
        (
            TYPE,
            NumberField(
                "steps",
                _("Steps"),
                _("How many clips to make from A to B."),
                1,
                16,
                3,
            ),
            temperature(),
            SEED,
        ),
        (
            InputSlot(
                "input_a",
                _("Clip A"),
                _("The start (up to 4 bars)."),
                "type",
                max_bars=4,
            ),
            InputSlot(
                "input_b",
                _("Clip B"),
                _("The end (up to 4 bars)."),
                "type",
                max_bars=4,
            ),
        ),
    )
)

_register(
    Tool(
        "groove",
        _("Groove"),
        _("Gives a strictly quantized drum clip the dynamics and timing of a human drummer."),
        _("GrooVAE"),
        (temperature(), SEED),
        (
            InputSlot(
                "input",
                _("Drum clip"),
                _("The drums to humanize."),
                "drums",
            ),
        ),
        output_kind="drums",
    )
)

_register(
    Tool(
        "drumify",
        _("Drumify"),
        _("Makes a drum part that follows the rhythm of any clip."),
        _("Tap2Drum (GrooVAE)"),
        (temperature(), SEED),
        (
            InputSlot(
                "input",
                _("Input clip"),
                _("A melody, bass line, chords or drums: its note onsets set the rhythm."),
                "any",
            ),
        ),
        output_kind="drums",
    )
)

_register(
    Tool(
        "melody-rnn",
        _("Melody RNN (attention_rnn)"),
        _("Makes melodies with the same settings as the lesson's melody_rnn_generate command."),
        _("Melody RNN attention_rnn"),
        (
            TextField(
                "primer_melody",
                _("Primer melody"),
                _("[60] starts on middle C. -2 means no event, -1 means note off."),
                "[60]",
            ),
            NumberField(
                "num_outputs",
                _("Outputs (num_outputs)"),
                _("How many melodies to make."),
                1,
                10,
                5,
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
            NumberField(
                "qpm",
                _("Tempo (qpm)"),
                _("Quarter notes per minute."),
                20,
                300,
                120,
            ),
            SEED,
        ),
        (
            InputSlot(
                "input",
                _("Primer MIDI (primer_midi)"),
                _("Give the primer as MIDI instead of primer_melody."),
                "melody",
                required=False,
            ),
        ),
        output_kind="melody",
    )
)


def get_tool(slug: str) -> Tool | None:
    return TOOLS.get(slug)


def tools_json(lang: str) -> list[dict]:
    return [tool.as_json(lang) for tool in TOOLS.values()]
