"""Symbolic music representation shared by the models, the CLI and the web studio.

Everything here is plain Python + numpy (no TensorFlow, no Django).

Time is quantized to ``STEPS_PER_QUARTER = 4`` steps per quarter note (16 per 4/4 bar), as in
Magenta's Melody RNN and Drums RNN. A :class:`Clip` holds quantized notes; the two event encodings
the RNNs read and write are:

* **melody events** (Magenta's ``Melody``): one int per step, ``NO_EVENT = -2`` (the previous note
  keeps sounding, or silence continues), ``NOTE_OFF = -1`` (silence from this step), or a MIDI pitch
  ``0..127`` (a new note starts). Melodies are monophonic; polyphony is reduced to the highest
  sounding note and the caller gets a notice.
* **drum events** (Magenta's ``MultiDrumOneHotEncoding``): one int ``0..511`` per step, a 9-bit mask
  of the drum classes hit on that step (bit ``i`` = class ``i`` of :data:`DRUM_CLASSES`).
"""

from __future__ import annotations

import ast
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field, replace
from typing import Literal

import numpy as np

STEPS_PER_QUARTER = 4
STEPS_PER_BAR = 16  # 4/4
DEFAULT_QPM = 120.0

Kind = Literal["melody", "drums"]
KINDS: tuple[str, ...] = ("melody", "drums")

# --- melody events -------------------------------------------------------------------------
NO_EVENT = -2
NOTE_OFF = -1
NUM_SPECIAL_MELODY_EVENTS = 2
# Magenta's DEFAULT_MIN_NOTE / DEFAULT_MAX_NOTE: the model's range is 48 <= pitch < 84 (C3..B5).
MELODY_MIN_PITCH = 48
MELODY_MAX_PITCH = 84  # exclusive, as in Magenta
MELODY_NUM_CLASSES = MELODY_MAX_PITCH - MELODY_MIN_PITCH + NUM_SPECIAL_MELODY_EVENTS  # 38

# --- drums ---------------------------------------------------------------------------------
# Magenta's nine drum classes with the full General MIDI mapping. The first pitch of each class
# is the one written on output.
DRUM_CLASSES: tuple[tuple[str, tuple[int, ...]], ...] = (
    ("kick", (36, 35)),
    ("snare", (38, 27, 28, 31, 32, 33, 34, 37, 39, 40, 56, 65, 66, 75, 85)),
    ("closed_hihat", (42, 44, 54, 68, 69, 70, 71, 73, 78, 80, 22)),
    ("open_hihat", (46, 67, 72, 74, 79, 81, 26)),
    ("low_tom", (45, 29, 41, 43, 61, 64, 84)),
    ("mid_tom", (48, 47, 60, 63, 77, 86, 87)),
    ("high_tom", (50, 30, 62, 76, 83)),
    ("crash", (49, 52, 55, 57, 58)),
    ("ride", (51, 53, 59, 82)),
)
NUM_DRUM_CLASSES = len(DRUM_CLASSES)  # 9
DRUM_NUM_EVENTS = 2**NUM_DRUM_CLASSES  # 512
DRUM_OUTPUT_PITCHES: tuple[int, ...] = tuple(pitches[0] for _, pitches in DRUM_CLASSES)
DRUM_PITCH_TO_CLASS: dict[int, int] = {
    pitch: index for index, (_, pitches) in enumerate(DRUM_CLASSES) for pitch in pitches
}
DRUM_VELOCITY = 100


class PrimerError(ValueError):
    """A primer melody string or event list that cannot be used."""


@dataclass(frozen=True)
class Note:
    """One quantized note. ``offset`` is micro-timing in steps (-0.5..0.5), 0 on the grid."""

    pitch: int
    start_step: int
    end_step: int
    velocity: int = 100
    offset: float = 0.0


@dataclass(frozen=True)
class Clip:
    """A quantized clip: notes on the 16th grid plus tempo, kind and any reading notices."""

    notes: tuple[Note, ...]
    kind: Kind = "melody"
    qpm: float = DEFAULT_QPM
    total_steps: int = 0
    program: int = 0
    notices: tuple[str, ...] = field(default=())

    def __post_init__(self):
        if self.kind not in KINDS:
            raise ValueError(f"kind must be one of {KINDS}, got {self.kind!r}")
        last = max((n.end_step for n in self.notes), default=0)
        if self.total_steps < last:
            object.__setattr__(self, "total_steps", last)

    @property
    def seconds_per_step(self) -> float:
        return 60.0 / self.qpm / STEPS_PER_QUARTER

    def with_notices(self, *notices: str) -> Clip:
        return replace(self, notices=self.notices + tuple(n for n in notices if n))


# --- melodies ------------------------------------------------------------------------------


def reduce_to_highest(clip: Clip) -> Clip:
    """Make ``clip`` monophonic by keeping, at every step, only the highest sounding note.

    A new note starts wherever the top pitch changes or the top pitch is re-struck. When anything
    was dropped the returned clip carries a notice saying so. Vectorized with numpy: an upload
    may hold 20,000 long notes.
    """
    if not clip.notes:
        return clip
    ordered = sorted(clip.notes, key=lambda n: (n.start_step, n.pitch))
    total = max(n.end_step for n in ordered)
    sounding = np.zeros(total, np.int32)
    top = np.full(total, -1, np.int32)
    velocity = np.zeros(total, np.int32)  # of the latest-starting note giving the top pitch
    for note in ordered:
        span = slice(note.start_step, note.end_step)
        sounding[span] += 1
        wins = note.pitch >= top[span]
        top[span][wins] = note.pitch
        velocity[span][wins] = note.velocity
    if sounding.max() <= 1:
        return clip
    struck = np.zeros(total, bool)
    for note in ordered:
        if top[note.start_step] == note.pitch:
            struck[note.start_step] = True
    previous = np.concatenate([[-1], top[:-1]])
    begins = (top >= 0) & (struck | (top != previous))
    stops = np.flatnonzero(begins | (top < 0))
    notes = []
    for start in np.flatnonzero(begins):
        after = np.searchsorted(stops, start, side="right")
        end = int(stops[after]) if after < len(stops) else total
        notes.append(Note(int(top[start]), int(start), end, int(velocity[start])))
    notice = "The input was polyphonic: it was reduced to the highest sounding note at each step."
    return replace(clip, notes=tuple(notes)).with_notices(notice)


def fit_pitch_range(
    pitches: Sequence[int], low: int = MELODY_MIN_PITCH, high: int = MELODY_MAX_PITCH
) -> tuple[int, list[int]]:
    """Return (octave shift in semitones, pitches) that fit ``low <= p < high``.

    The whole melody moves by the octave shift that keeps the most notes in range (ties: the
    smallest move); notes still outside are folded in by octaves individually.
    """
    if not pitches:
        return 0, []
    candidates = sorted(range(-120, 121, 12), key=abs)
    shift = max(candidates, key=lambda s: sum(low <= p + s < high for p in pitches))
    fitted = []
    for pitch in pitches:
        p = pitch + shift
        while p < low:
            p += 12
        while p >= high:
            p -= 12
        fitted.append(p)
    return shift, fitted


def melody_events_from_clip(
    clip: Clip, low: int = MELODY_MIN_PITCH, high: int = MELODY_MAX_PITCH
) -> tuple[list[int], list[str]]:
    """Encode a clip as melody events (one per step) in the pitch range ``[low, high)``.

    Returns ``(events, notices)``; notices report polyphony reduction and transposition.
    """
    mono = reduce_to_highest(clip)
    notices = list(mono.notices[len(clip.notices) :])
    notes = sorted(mono.notes, key=lambda n: n.start_step)
    shift, pitches = fit_pitch_range([n.pitch for n in notes], low, high)
    if shift:
        notices.append(
            f"The melody was transposed by {shift:+d} semitones to fit MIDI {low}..{high - 1}."
        )
    if any(p != n.pitch + shift for p, n in zip(pitches, notes, strict=True)):
        notices.append("Some notes were folded by octaves to fit the model's pitch range.")
    events = [NO_EVENT] * max(clip.total_steps, mono.total_steps)
    for note, pitch in zip(notes, pitches, strict=True):
        events[note.start_step] = pitch
        if note.end_step < len(events) and events[note.end_step] == NO_EVENT:
            events[note.end_step] = NOTE_OFF
    # A note-off written for an earlier note must not cut a later note that starts there.
    for note, pitch in zip(notes, pitches, strict=True):
        events[note.start_step] = pitch
    return events, notices


def clip_from_melody_events(
    events: Sequence[int], qpm: float = DEFAULT_QPM, velocity: int = 100, program: int = 0
) -> Clip:
    """Decode melody events into a clip (notes end at the next note-on or note-off)."""
    notes: list[Note] = []
    current: tuple[int, int] | None = None  # (pitch, start)
    for step, event in enumerate(events):
        event = int(event)
        if event == NO_EVENT:
            continue
        if current is not None:
            notes.append(Note(current[0], current[1], step, velocity))
            current = None
        if event >= 0:
            current = (event, step)
    if current is not None:
        notes.append(Note(current[0], current[1], len(events), velocity))
    return Clip(tuple(notes), "melody", qpm, len(events), program)


def melody_event_to_class(event: int, low: int = MELODY_MIN_PITCH) -> int:
    """Magenta's MelodyOneHotEncoding: -2 → 0, -1 → 1, pitch → pitch - low + 2."""
    return (
        event + NUM_SPECIAL_MELODY_EVENTS if event < 0 else event - low + NUM_SPECIAL_MELODY_EVENTS
    )


def melody_class_to_event(index: int, low: int = MELODY_MIN_PITCH) -> int:
    return (
        index - NUM_SPECIAL_MELODY_EVENTS if index < NUM_SPECIAL_MELODY_EVENTS else index - 2 + low
    )


def parse_primer_melody(text: str) -> list[int]:
    """Parse Magenta's ``--primer_melody`` syntax, e.g. ``"[60, -2, 60, -2, 67, -2]"``.

    Each item is one step: a MIDI pitch (note-on), -1 (note-off) or -2 (no event).
    """
    try:
        value = ast.literal_eval(text.strip())
    except (ValueError, SyntaxError) as error:
        raise PrimerError(f"primer melody must look like [60, -2, 62], got {text!r}") from error
    if isinstance(value, int):
        value = [value]
    if not isinstance(value, list | tuple) or not value:
        raise PrimerError(f"primer melody must be a non-empty list of ints, got {text!r}")
    return validate_melody_events(value)


def validate_melody_events(events: Iterable[object]) -> list[int]:
    checked = []
    for item in events:
        if isinstance(item, bool) or not isinstance(item, int) or not -2 <= item <= 127:
            raise PrimerError(
                f"primer events must be MIDI pitches 0..127, -1 (note-off) or -2 (no event); got {item!r}"
            )
        checked.append(item)
    return checked


# --- drums ---------------------------------------------------------------------------------


def drum_class_of_pitch(pitch: int) -> int | None:
    """The drum class index of a GM drum pitch, or None if the pitch is not mapped."""
    return DRUM_PITCH_TO_CLASS.get(pitch)


def drum_events_from_clip(clip: Clip) -> tuple[list[int], list[str]]:
    """Encode a drum clip as 9-bit events (one per step). Unmapped pitches are dropped."""
    events = [0] * clip.total_steps
    unmapped = set()
    for note in clip.notes:
        drum = drum_class_of_pitch(note.pitch)
        if drum is None:
            unmapped.add(note.pitch)
            continue
        events[note.start_step] |= 1 << drum
    notices = []
    if unmapped:
        listed = ", ".join(str(p) for p in sorted(unmapped))
        notices.append(f"Drum pitches outside the 9 drum classes were dropped: {listed}.")
    return events, notices


def clip_from_drum_events(
    events: Sequence[int], qpm: float = DEFAULT_QPM, velocity: int = DRUM_VELOCITY
) -> Clip:
    """Decode 9-bit drum events into a drum clip (each hit lasts one step)."""
    notes = []
    for step, event in enumerate(events):
        event = int(event)
        if not 0 <= event < DRUM_NUM_EVENTS:
            raise ValueError(f"drum events are 0..{DRUM_NUM_EVENTS - 1}, got {event}")
        for drum in range(NUM_DRUM_CLASSES):
            if event >> drum & 1:
                notes.append(Note(DRUM_OUTPUT_PITCHES[drum], step, step + 1, velocity))
    return Clip(tuple(notes), "drums", qpm, len(events), 0)


def drum_event_classes(event: int) -> list[str]:
    """Names of the drum classes in a 9-bit event (for display and tests)."""
    return [DRUM_CLASSES[i][0] for i in range(NUM_DRUM_CLASSES) if event >> i & 1]
