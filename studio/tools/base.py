"""What a studio tool is: its controls and inputs, the checkpoints it needs, how it runs and how
it warms up. One subclass per tool, one module each (see ``studio/tools/__init__.py``).

The studio page, the JSON API, the embeds, the worker and the tool catalogue all read these
objects; nothing else in the project names a tool. Importing this module stays cheap: a tool
imports its inference functions (and so TensorFlow) inside :meth:`Tool.run` and
:meth:`Tool.load`, which only workers call.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from django.utils import translation

from inference.music import Clip

from .fields import ChoiceField, InputSlot, Label, NumberField, TextField, in_language


@dataclass(frozen=True)
class AudioOutput:
    """One audio result (an audio tool's run): the file to keep, an OGG preview to play, OGG
    previews of the inputs for a fair A/B (``previews``: slot → bytes) and the tool's report."""

    wav: bytes
    preview: bytes
    report: dict
    previews: dict[str, bytes] = field(default_factory=dict)


@dataclass
class ToolResult:
    """What a run made: clips (or, for an audio tool, ``audio``), notices for the student, and
    how many opening steps of each clip repeat its primer (Continue and Melody RNN open with
    their input)."""

    clips: list[Clip]
    notices: list[str] = field(default_factory=list)
    primer_steps: int = 0
    audio: list[AudioOutput] = field(default_factory=list)


@dataclass(frozen=True)
class ToolInputs:
    """A job's inputs: each slot's clip as read with the slot's kind, and its MIDI bytes (Melody
    RNN reads a primer file itself, as ``melody_rnn_generate --primer_midi`` does); an audio
    slot's file as uploaded in ``audio``."""

    clips: dict[str, Clip]
    midi: dict[str, bytes] = field(default_factory=dict)
    audio: dict[str, bytes] = field(default_factory=dict)


@dataclass(frozen=True)
class Tool:
    slug: str
    title: Label
    summary: Label
    model: Label  # which model answers, for the page
    fields: tuple[NumberField | ChoiceField | TextField, ...]
    inputs: tuple[InputSlot, ...] = ()
    output_kind: str = "type"  # melody | drums | type (follows the "type" field)
    models: tuple[str, ...] = ()  # every checkpoint the tool may load, for the worker's warm-up
    # Its outputs are parts to play with its input (a drum part for a melody): the studio offers
    # a merge of the two.
    plays_along: bool = False
    # The page's "how to use it" steps and a few paragraphs about the tool (lazy msgids); empty:
    # the studio's steps for MIDI tools, no paragraphs.
    howto: tuple[Label, ...] = ()
    about: tuple[Label, ...] = ()
    # Settings that only mean something for melodies (key and scale) on a tool whose "type" may
    # be drums: the page hides them while drums are chosen, and a drum run ignores them.
    melody_only: tuple[str, ...] = ()
    # Settings that an optional input makes moot, as (setting, input slot): the page hides the
    # setting while that input is given (Master's loudness target beside a reference track).
    unless_input: tuple[tuple[str, str], ...] = ()
    # A module in static/studio/ that draws this tool's results (``resultItems(job, context)``);
    # empty: the piano roll for MIDI results, master_view.js for an audio result's report.
    view: str = ""

    def checkpoints(self, params: dict) -> tuple[str, ...]:
        """The checkpoint folders a run with these (validated) params needs."""
        return self.models

    def run(self, params: dict, inputs: ToolInputs) -> ToolResult:
        """Make the clips. ``params`` are validated, the temperature already at least
        ``GREEDY_TEMPERATURE``; bad input raises ``ValueError`` with a message for the student."""
        raise NotImplementedError

    def check(self, params: dict) -> list[tuple[str, str, dict]]:
        """Problems that lie between settings each valid on its own (a pitch outside what both
        chosen instruments play), as (field, message code, parameters); ``params`` holds only
        the settings that passed their own checks."""
        return []

    def page_data(self) -> dict:
        """What the tool's result view needs beyond its fields (sent as ``data``)."""
        return {}

    def load(self, name: str) -> None:
        """Load and compile one of ``models`` in this process (cached by the inference package)."""

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
                "fields": [self.field_json(f) for f in self.fields],
                "inputs": [slot.as_json() for slot in self.inputs],
                "output_kind": self.output_kind,
                "plays_along": self.plays_along,
                "howto": [str(step) for step in self.howto],
                "about": [str(paragraph) for paragraph in self.about],
                "view": self.view,
                "data": self.page_data(),
            }

    def field_json(self, spec) -> dict:
        """A setting as the page and the catalogue get it: the field's own JSON, plus
        ``for_type`` on the settings that only apply to melodies and ``unless_input`` on those
        an input makes moot."""
        body = spec.as_json()
        if spec.name in self.melody_only:
            body["for_type"] = "melody"
        for name, slot in self.unless_input:
            if name == spec.name:
                body["unless_input"] = slot
        return body

    def as_link_json(self, lang: str) -> dict:
        """What another tool's page needs to link to this one: its name, its inputs ("send to")
        and whether its outputs play along with its input ("merge with the input")."""
        with translation.override(lang):
            return {
                "slug": self.slug,
                "title": str(self.title),
                "inputs": [slot.as_json() for slot in self.inputs],
                "plays_along": self.plays_along,
            }
