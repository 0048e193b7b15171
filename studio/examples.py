"""Example clips made by the project itself, in code (no binary files, no borrowed tunes).

A melody, a bass line, a chord progression (all in C major over C–Am–F–G), a rock beat and a funk
beat, each 4 bars at 120 qpm on the 16th grid. ``example_midi(slug)`` gives the MIDI bytes that a
student would otherwise upload; the studio treats them exactly like an upload.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import cache

from django.utils.translation import gettext_lazy as _

from inference.music import DRUM_OUTPUT_PITCHES, STEPS_PER_BAR, Clip, Note
from inference.music.midi_io import clip_to_midi_bytes

from .tools.fields import Label, in_language

KICK, SNARE, CLOSED_HAT, OPEN_HAT, LOW_TOM, MID_TOM, HIGH_TOM, CRASH, RIDE = DRUM_OUTPUT_PITCHES
BARS = 4


@dataclass(frozen=True)
class Example:
    slug: str
    title: Label
    kind: str  # melody (any non-drum track) | drums
    build: object  # () -> Clip

    def as_json(self, lang: str) -> dict:
        return {"slug": self.slug, "title": in_language(self.title, lang), "kind": self.kind}


def _melody_from(rows: list[tuple[int, int]], velocity: int = 96, program: int = 0) -> Clip:
    """(pitch, length in steps) pairs laid end to end; pitch None is a rest."""
    notes, step = [], 0
    for pitch, length in rows:
        if pitch is not None:
            notes.append(Note(pitch, step, step + length, velocity))
        step += length
    return Clip(tuple(notes), "melody", 120.0, step, program)


def melody() -> Clip:
    # An original 4-bar tune: rises over C and Am, answers over F and lands on G's fifth, D.
    rows = [
        (64, 4), (67, 2), (69, 2), (67, 4), (64, 4),
        (72, 4), (71, 2), (69, 2), (67, 6), (None, 2),
        (65, 2), (69, 2), (72, 4), (71, 2), (69, 2), (65, 4),
        (67, 4), (64, 2), (62, 2), (62, 8),
    ]  # fmt: skip
    return _melody_from(rows, program=0)


def bass_line() -> Clip:
    # Root, fifth and octave on each chord in 8ths, then down through the fifth, fourth and third.
    rows = []
    for root in (36, 45, 41, 43):  # C2, A2, F2, G2
        rows += [(root, 2), (root, 2), (root + 7, 2), (root + 12, 2)]
        rows += [(root, 2), (root + 7, 2), (root + 5, 2), (root + 4, 2)]
    return _melody_from(rows, velocity=100, program=33)  # GM 34: Electric Bass (finger)


def chord_progression() -> Clip:
    # C – Am – F – G, one triad per bar, struck on beats 1 and 3 (polyphonic on purpose).
    triads = ((60, 64, 67), (57, 60, 64), (53, 57, 60), (55, 59, 62))
    notes = []
    for bar, triad in enumerate(triads):
        for half in (0, 8):
            start = bar * STEPS_PER_BAR + half
            notes += [Note(pitch, start, start + 8, 80) for pitch in triad]
    return Clip(tuple(notes), "melody", 120.0, BARS * STEPS_PER_BAR, 0)


def _drums(pattern: dict[int, str], fill: dict[int, str] | None = None) -> Clip:
    """One bar per pitch as a 16-character string: 'x' hit, 'o' soft hit (ghost), '.' rest."""
    notes = []
    for bar in range(BARS):
        bar_pattern = fill if fill and bar == BARS - 1 else pattern
        for pitch, row in bar_pattern.items():
            for step, mark in enumerate(row):
                if mark in "xo":
                    start = bar * STEPS_PER_BAR + step
                    notes.append(Note(pitch, start, start + 1, 110 if mark == "x" else 45))
    notes.append(Note(CRASH, 0, 1, 110))
    return Clip(tuple(sorted(notes, key=lambda n: (n.start_step, n.pitch))), "drums", 120.0)


def rock_beat() -> Clip:
    beat = {
        KICK:       "x.......x.x.....",
        SNARE:      "....x.......x...",
        CLOSED_HAT: "x.x.x.x.x.x.x.x.",
    }  # fmt: skip
    fill = {
        KICK:       "x.......x.......",
        SNARE:      "....x.......xoxx",
        CLOSED_HAT: "x.x.x.x.x.x.....",
        HIGH_TOM:   "............x...",
        MID_TOM:    "..............x.",
    }  # fmt: skip
    return _drums(beat, fill)


def funk_beat() -> Clip:
    beat = {
        KICK:       "x.....x...x..x..",
        SNARE:      "....x..o.o..x..o",
        CLOSED_HAT: "xxxxxxxxxxxxxx.x",
        OPEN_HAT:   "..............x.",
    }  # fmt: skip
    return _drums(beat)


EXAMPLES: dict[str, Example] = {
    e.slug: e
    for e in (
        Example("melody", _("Melody"), "melody", melody),
        Example("bass-line", _("Bass line"), "melody", bass_line),
        Example("chords", _("Chord progression"), "melody", chord_progression),
        Example("rock-beat", _("Rock beat"), "drums", rock_beat),
        Example("funk-beat", _("Funk beat"), "drums", funk_beat),
    )
}


def get_example(slug: str) -> Example | None:
    return EXAMPLES.get(slug)


@cache
def example_midi(slug: str) -> bytes:
    """The MIDI bytes of an example clip (KeyError for an unknown slug)."""
    return clip_to_midi_bytes(EXAMPLES[slug].build())


def examples_json(lang: str) -> list[dict]:
    return [example.as_json(lang) for example in EXAMPLES.values()]
