"""The studio pages' own words (tool labels live in tools.py), as gettext msgids.

The pages and the front end (through the page's JSON config, as ``ui``/``text``) read the same
dictionary, worded for the page's language; ``{n}``-style placeholders are filled in by the
front end.
"""

from __future__ import annotations

from django.utils import translation
from django.utils.translation import gettext_lazy as _

TEXT = {
    "studio": _("Generation studio"),
    "intro": _(
        "Try Magenta Studio's five tools and Melody RNN in the browser. Pick a tool, set its "
        "controls and press Generate: piano rolls and audio come back within seconds."
    ),
    "workflow": _(
        "The lesson's workflow: make a melody with Melody RNN → send it to Drumify for a drum "
        "part → download both as one MIDI file."
    ),
    "tools": _("Tools"),
    "model": _("Model"),
    "unavailable": _("Model not yet available"),
    "examples": _("Example clips"),
    "examples_help": _(
        "Short clips made by this project. Download them, or pick them as a tool's input."
    ),
    "kind_melody": _("melodic"),
    "kind_drums": _("drums"),
    "recent": _("Your recent generations"),
    "no_recent": _("None yet."),
    "settings": _("Settings"),
    "source_example": _("Example"),
    "source_upload": _("MIDI file"),
    "source_audio": _("Audio file"),
    "source_example_track": _("Example track"),
    "source_job": _("Earlier output"),
    "source_draw": _("Draw it"),
    "source_none": _("None"),
    "generate": _("Generate"),
    "generating": _("Generating…"),
    "queued": _("Waiting in line"),
    "ahead": _("{n} ahead of yours"),
    "running": _("The model is composing"),
    "done": _("Done"),
    "failed": _("Failed"),
    "results": _("Results"),
    "variation": _("Variation {n}"),
    "notes": _("{n} notes"),
    "download_midi": _("MIDI"),
    "download_zip": _("All (zip)"),
    "send_to": _("Send to:"),
    "pick_merge": _("Pick to merge"),
    "merge": _("Merge picked parts into one MIDI"),
    "merge_with_input": _("With the input, as one MIDI"),
    "merge_help": _(
        "Pick 2 to 4 parts (a melody and drums, say) to download them as one multi-track MIDI."
    ),
    "no_audio": _("No audio (download the MIDI)"),
    "notices": _("Notices"),
    "editor_help": _(
        "Click cells to place notes (one column per 16th, up to 8 bars), press Play to hear "
        "them, or Record to play them on the keyboard."
    ),
    "clear": _("Clear"),
    "back": _("Back to the studio"),
    "timing": _("{s} s"),
    "needs_js": _("The studio needs JavaScript."),
}

# Labels for Magenta's nine drum classes, in inference.music.DRUM_CLASSES order.
DRUM_LABELS = {
    "kick": _("Kick"),
    "snare": _("Snare"),
    "closed_hihat": _("Closed hi-hat"),
    "open_hihat": _("Open hi-hat"),
    "low_tom": _("Low tom"),
    "mid_tom": _("Mid tom"),
    "high_tom": _("High tom"),
    "crash": _("Crash"),
    "ride": _("Ride"),
}


def drum_rows(lang: str) -> list[dict]:
    """The 9 named piano-roll rows for drums, top to bottom (cymbals up, kick at the bottom)."""
    from inference.music import DRUM_CLASSES

    with translation.override(lang):
        rows = [
            {"name": name, "label": str(DRUM_LABELS[name]), "pitches": list(pitches)}
            for name, pitches in DRUM_CLASSES
        ]
    return list(reversed(rows))


def ui_text(lang: str) -> dict[str, str]:
    with translation.override(lang):
        return {key: str(text) for key, text in TEXT.items()}
