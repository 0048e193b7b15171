"""A job's notices (what was changed in its inputs or outputs, and why) in the reader's language.

Notices are written in English by the inference package, which must not import Django, and by
the studio's own job code; they are stored as written (``"input: The input was cut …"``) and
worded here when the job is read, like its failure. Each known sentence has a pattern and a
msgid; a sentence no pattern knows is shown as written rather than hidden.
"""

from __future__ import annotations

import re

from django.utils.translation import gettext_lazy as _

from .tools import Tool
from .tools.fields import SCALE_LABELS

_NUMBER = r"-?\d+(?:\.\d+)?"
_KEY = r"[A-G]#?"

# Values inside a notice that are words of their own (a scale's name, a key's mode).
_WORDED_VALUES = {
    "scale": SCALE_LABELS,
    "mode": {"major": _("major"), "minor": _("minor")},
}

PATTERNS = [
    (
        rf"The input was cut to its first (?P<steps>{_NUMBER}) steps\.",
        _("It was cut to its first %(steps)s steps (16 steps make one bar)."),
    ),
    (
        r"The input was polyphonic: it was reduced to the highest sounding note at each step\.",
        _("It had several notes at once; only the highest note at each moment was kept."),
    ),
    (
        r"Drum pitches outside the 9 drum classes were dropped: (?P<pitches>[\d, ]+)\.",
        _("Drum sounds the model does not know were left out (MIDI notes %(pitches)s)."),
    ),
    (
        r"The melody was transposed by (?P<shift>[+-]\d+) semitones to fit MIDI \d+\.\.\d+\.",
        _("The melody was moved by %(shift)s semitones to fit the notes the model can play."),
    ),
    (
        r"The primer was transposed by (?P<shift>[+-]\d+) semitones to fit the model's range "
        r"\d+\.\.\d+\.",
        _(
            "The starting melody was moved by %(shift)s semitones to fit the notes the model "
            "can play."
        ),
    ),
    (
        r"The primer was transposed by octaves to fit the model's range \d+\.\.\d+\.",
        _(
            "Some notes of the starting melody were moved by whole octaves to fit the notes the "
            "model can play."
        ),
    ),
    (
        r"Some notes were folded by octaves to fit the model's pitch range\.",
        _("Some notes were moved by whole octaves to fit the notes the model can play."),
    ),
    (
        r"No primer given: starting from a single middle C \(MIDI 60\)\.",
        _("No starting melody was given, so it starts from a single middle C."),
    ),
    (
        r"No primer given: starting from a single kick drum\.",
        _("No starting drums were given, so it starts from a single kick drum."),
    ),
    (
        rf"Temperature 0 picks the most likely event each time \(run at (?P<t>{_NUMBER})\)\.",
        _("Temperature 0 means the most likely note every time (it ran at %(t)s)."),
    ),
    (
        r"The model's output had overlapping notes; the highest was kept\.",
        _("The model played several notes at once; only the highest was kept."),
    ),
    (
        r"Model output pitches outside the drum kit were dropped: \[(?P<pitches>[\d, ]+)\]\.",
        _("Drum sounds outside the 9-piece kit were left out (MIDI notes %(pitches)s)."),
    ),
    (
        r"Audio preview is unavailable on this server \(FluidSynth is not installed\); "
        r"download the MIDI to listen\.",
        _("There is no sound preview on this server; download the MIDI to listen."),
    ),
    (
        r"Audio preview is unavailable on this server \(no SoundFont at .*\); "
        r"download the MIDI to listen\.",
        _("There is no sound preview on this server; download the MIDI to listen."),
    ),
    (
        r"Audio preview failed: .*\. The MIDI files are fine\.",
        _("The sound preview could not be made, but the MIDI files are fine."),
    ),
    (
        rf"The limiter kept the true peak under (?P<ceiling>{_NUMBER}) dBTP, so the master stays "
        rf"short of (?P<target>{_NUMBER}) LUFS\.",
        _(
            "To keep the true peak under %(ceiling)s dBTP the limiter could not reach "
            "%(target)s LUFS, so the master is a little quieter than asked."
        ),
    ),
    (
        rf"The primer's key was found to be (?P<key>{_KEY}) (?P<mode>major|minor); new notes keep "
        rf"to (?P<to_key>{_KEY}) (?P<scale>\w+)\.",
        _(
            "The input's key is %(key)s %(mode)s, so new notes keep to the %(scale)s scale on "
            "%(to_key)s."
        ),
    ),
    (
        r"Key and scale apply to melodies only; the drums were made without them\.",
        _("Key and scale are for melodies; the drums were made without them."),
    ),
    (
        r"The primer has no key to find; C was used\.",
        _("The input has no notes to find a key from, so the scale is played on C."),
    ),
    (
        r"The worker running this job stopped; it was run again from the start\.",
        _("The generator stopped while making this, so it was made again from the start."),
    ),
]
_COMPILED = [(re.compile(pattern), text) for pattern, text in PATTERNS]
_SLOT = re.compile(r"^(?P<slot>\w+): (?P<rest>.*)$", re.S)


def word_notice(notice: str, tool: Tool | None = None) -> str:
    """One stored notice in the active language; ``tool`` names its input slots."""
    label = None
    slot = _SLOT.match(notice)
    if slot and tool is not None:
        found = next((s for s in tool.inputs if s.name == slot["slot"]), None)
        if found is not None:
            label, notice = found.label, slot["rest"]
    for pattern, text in _COMPILED:
        match = pattern.fullmatch(notice)
        if match:
            values = {
                name: str(_WORDED_VALUES.get(name, {}).get(value, value))
                for name, value in match.groupdict().items()
            }
            notice = str(text) % values if values else str(text)
            break
    if label is None:
        return notice
    return str(_("%(label)s: %(notice)s")) % {"label": label, "notice": notice}


def word_notices(notices: list[str], tool: Tool | None = None) -> list[str]:
    return [word_notice(notice, tool) for notice in notices]
