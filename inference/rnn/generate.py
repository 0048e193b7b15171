"""Generation functions for the CLI, the web studio and workers.

Importing this module is cheap: TensorFlow loads on the first generation call, and each checkpoint
is loaded and compiled once per process (:func:`load_sampler` is cached) and reused afterwards.

* :func:`continue_sequence` — continue a melody or drum primer by ``steps`` new steps;
* :func:`melody_rnn_generate` — Magenta's ``melody_rnn_generate`` semantics: ``num_steps`` counts
  the primer, the primer opens every output, ``[60]`` is one note-on 60 and ``-2``/``-1`` are
  no-event/note-off.

Both take ``key`` and ``scale`` (``inference.music.scales``): a melody's sampled note-ons then
keep to that scale (the sampler masks the rest inside its compiled loop); the primer is kept as
given. ``key="primer"`` takes the key found in the primer (the studio offers it on Continue).
"""

from __future__ import annotations

import os
import threading
from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np

from ..music import (
    DEFAULT_QPM,
    DRUM_NUM_EVENTS,
    MELODY_MAX_PITCH,
    MELODY_MIN_PITCH,
    Clip,
    PrimerError,
    clip_from_drum_events,
    clip_from_melody_events,
    drum_events_from_clip,
    fit_pitch_range,
    melody_class_to_event,
    melody_event_to_class,
    melody_events_from_clip,
    parse_primer_melody,
    validate_melody_events,
)
from ..music.midi_io import MAX_QPM, MIN_QPM, read_midi
from ..music.scales import (
    KEY_NAMES,
    OFF,
    PRIMER_KEY,
    ScaleError,
    describe,
    find_key,
    key_for_scale,
    logit_mask,
)
from ..shared.checkpoints import resolve
from ..shared.threads import set_inference_threads

# The checkpoint each kind continues with, by name under the one checkpoint root.
CHECKPOINT_FOR_KIND = {"melody": "melody_rnn", "drums": "drums_rnn"}
MAX_TOTAL_STEPS = 4096  # 256 bars of 4/4
MAX_VARIATIONS = 64
MAX_TEMPERATURE = 10.0
DEFAULT_MELODY_PRIMER = (60,)  # Magenta's default: a single middle C
DEFAULT_DRUM_PRIMER = (1,)  # a single kick, as drums_rnn_generate defaults to


class GenerationError(ValueError):
    """Bad generation parameters (the message says which and why)."""


@dataclass
class GenerationResult:
    clips: list[Clip]  # one per variation, primer included
    events: list[list[int]]  # melody events or 9-bit drum events, primer included
    primer_steps: int
    mean_entropy: list[float]  # nats per generated step, per variation
    notices: list[str]


_load_lock = threading.Lock()
_samplers: dict[str, object] = {}


def load_sampler(checkpoint: str | os.PathLike):
    """The compiled sampler for a checkpoint, by name (``"melody_rnn"``, under the checkpoint
    root) or by folder; loaded and warmed up once per process."""
    key = str(resolve(checkpoint).resolve())
    with _load_lock:
        if key not in _samplers:
            os.environ.setdefault("TF_CPP_MIN_LOG_LEVEL", "3")
            set_inference_threads()
            from .model import load_model
            from .sampler import Sampler

            sampler = Sampler(load_model(key))
            sampler.sample(np.zeros((1, 1), np.int32), 2, 1.0, 0)  # trace the loop now
            _samplers[key] = sampler
        return _samplers[key]


def _check(steps: int, variations: int, temperature: float, qpm: float) -> None:
    if not MIN_QPM <= qpm <= MAX_QPM:
        raise GenerationError(f"qpm must be {MIN_QPM:g}..{MAX_QPM:g}, got {qpm:g}")
    if not 1 <= variations <= MAX_VARIATIONS:
        raise GenerationError(f"variations must be 1..{MAX_VARIATIONS}, got {variations}")
    if not 0 < temperature <= MAX_TEMPERATURE:
        raise GenerationError(
            f"temperature must be > 0 and <= {MAX_TEMPERATURE}, got {temperature}"
        )
    if not 1 <= steps <= MAX_TOTAL_STEPS:
        raise GenerationError(f"the total length must be 1..{MAX_TOTAL_STEPS} steps, got {steps}")


def _melody_primer(primer: Clip | Sequence[int] | None) -> tuple[list[int], list[str]]:
    if primer is None or (not isinstance(primer, Clip) and len(primer) == 0):
        notice = "No primer given: starting from a single middle C (MIDI 60)."
        return list(DEFAULT_MELODY_PRIMER), [notice]
    if isinstance(primer, Clip):
        events, notices = melody_events_from_clip(primer)
        return (events or list(DEFAULT_MELODY_PRIMER)), list(primer.notices) + notices
    events = validate_melody_events(primer)
    pitches = [e for e in events if e >= 0]
    shift, fitted = fit_pitch_range(pitches)
    notices = []
    if any(p != q for p, q in zip(pitches, fitted, strict=True)):
        low, high = MELODY_MIN_PITCH, MELODY_MAX_PITCH - 1
        moved = f"by {shift:+d} semitones" if shift else "by octaves"
        notices.append(f"The primer was transposed {moved} to fit the model's range {low}..{high}.")
    replacement = iter(fitted)
    return [next(replacement) if e >= 0 else e for e in events], notices


def _drum_primer(primer: Clip | Sequence[int] | None) -> tuple[list[int], list[str]]:
    if primer is None or (not isinstance(primer, Clip) and len(primer) == 0):
        return list(DEFAULT_DRUM_PRIMER), ["No primer given: starting from a single kick drum."]
    if isinstance(primer, Clip):
        events, notices = drum_events_from_clip(primer)
        return (events or list(DEFAULT_DRUM_PRIMER)), list(primer.notices) + notices
    events = [int(e) for e in primer]
    bad = [e for e in events if not 0 <= e < DRUM_NUM_EVENTS]
    if bad:
        raise PrimerError(f"drum events are 9-bit masks 0..{DRUM_NUM_EVENTS - 1}; got {bad[0]}")
    return events, []


def _scale_mask(
    kind: str, key: str | int, scale: str, primer_events: list[int]
) -> tuple[np.ndarray | None, list[str]]:
    """The sampler's logit mask for a key and scale (None: unconstrained), and what to tell the
    student when the key was taken from the primer."""
    if scale == OFF:
        return None, []
    if kind != "melody":
        raise GenerationError("key and scale apply to melodies; drums take scale 'off'")
    notices = []
    if key == PRIMER_KEY:
        primer = clip_from_melody_events(primer_events)
        found = find_key((n.pitch, n.end_step - n.start_step) for n in primer.notes)
        if found is None:
            key = 0
            notices.append("The primer has no key to find; C was used.")
        else:
            key = key_for_scale(found, scale)
            notices.append(
                f"The primer's key was found to be {KEY_NAMES[found[0]]} {found[1]}; "
                f"new notes keep to {describe(key, scale)}."
            )
    try:
        return logit_mask(key, scale), notices
    except ScaleError as error:
        raise GenerationError(str(error)) from None


def _generate(
    kind: str,
    primer_events: list[int],
    total_steps: int,
    variations: int,
    temperature: float,
    seed: int,
    qpm: float,
    checkpoint: str | os.PathLike | None,
    notices: list[str],
    mask: np.ndarray | None = None,
    program: int = 0,
) -> GenerationResult:
    _check(total_steps, variations, temperature, qpm)
    if len(primer_events) > total_steps:
        raise GenerationError(
            f"the primer is {len(primer_events)} steps long, longer than the {total_steps} "
            "steps requested"
        )
    sampler = load_sampler(checkpoint or CHECKPOINT_FOR_KIND[kind])
    if kind == "melody":
        classes = [melody_event_to_class(e) for e in primer_events]
    else:
        classes = list(primer_events)
    primer = np.tile(np.array(classes, np.int32), (variations, 1))
    sampled, entropy = sampler.sample(primer, total_steps, float(temperature), int(seed), mask)
    generated = max(total_steps - len(primer_events), 1)
    events, clips = [], []
    for row in sampled:
        if kind == "melody":
            row_events = [melody_class_to_event(int(c)) for c in row]
            clips.append(clip_from_melody_events(row_events, qpm, program=program))
        else:
            row_events = [int(c) for c in row]
            clips.append(clip_from_drum_events(row_events, qpm))
        events.append(row_events)
    mean_entropy = [float(e.sum() / generated) for e in entropy]
    return GenerationResult(clips, events, len(primer_events), mean_entropy, notices)


def continue_sequence(
    primer: Clip | Sequence[int] | None,
    kind: str = "melody",
    steps: int = 64,
    variations: int = 1,
    temperature: float = 1.0,
    seed: int = 0,
    *,
    qpm: float | None = None,
    checkpoint: str | os.PathLike | None = None,
    key: str | int = "C",
    scale: str = OFF,
) -> GenerationResult:
    """Continue ``primer`` (a Clip, or melody / 9-bit drum events) by ``steps`` new steps.

    Every variation starts with the primer; variations differ only in what is sampled after it.
    A melody's new notes keep to ``scale`` on ``key`` (a key name, 0..11 or ``"primer"``).
    """
    if kind not in CHECKPOINT_FOR_KIND:
        raise GenerationError(f"kind must be 'melody' or 'drums', got {kind!r}")
    if steps < 1:
        raise GenerationError(f"steps must be at least 1, got {steps}")
    if kind == "melody":
        events, notices = _melody_primer(primer)
    else:
        events, notices = _drum_primer(primer)
    if qpm is None:
        qpm = primer.qpm if isinstance(primer, Clip) else DEFAULT_QPM
    total = len(events) + steps
    mask, scale_notices = _scale_mask(kind, key, scale, events)
    return _generate(
        kind,
        events,
        total,
        variations,
        temperature,
        seed,
        qpm,
        checkpoint,
        notices + scale_notices,
        mask,
        _program_of(primer),
    )


def _program_of(primer) -> int:
    """A continuation plays on its primer's instrument (a bass line continued stays a bass),
    as a DAW track keeps its instrument when Magenta Studio writes a clip into it."""
    return primer.program if isinstance(primer, Clip) and primer.kind == "melody" else 0


def melody_rnn_generate(
    primer_melody: str | Sequence[int] | None = None,
    primer_midi: str | os.PathLike | bytes | None = None,
    num_outputs: int = 10,
    num_steps: int = 128,
    temperature: float = 1.0,
    qpm: float | None = None,
    seed: int = 0,
    *,
    checkpoint: str | os.PathLike | None = None,
    key: str | int = "C",
    scale: str = OFF,
) -> GenerationResult:
    """Magenta's melody_rnn_generate as a function (see the module docstring).

    ``primer_melody`` is Magenta's string syntax (``"[60, -2, 60, -2, 67, -2]"``) or a list of
    events; ``primer_midi`` a MIDI path or bytes (its tempo is used unless ``qpm`` is given).
    With neither, the primer is a single middle C. Raises ``PrimerError``, ``MidiError`` or
    ``GenerationError`` (all ``ValueError``) with a clear message on bad input.
    """
    if primer_melody is not None and primer_midi is not None:
        raise GenerationError("give primer_melody or primer_midi, not both")
    primer: Clip | list[int] | None = None
    if primer_midi is not None:
        primer = read_midi(primer_midi, "melody", max_steps=MAX_TOTAL_STEPS)
    elif isinstance(primer_melody, str):
        primer = parse_primer_melody(primer_melody)
    elif primer_melody is not None:
        primer = list(primer_melody)
    events, notices = _melody_primer(primer)
    if qpm is None:
        qpm = primer.qpm if isinstance(primer, Clip) else DEFAULT_QPM
    mask, scale_notices = _scale_mask("melody", key, scale, events)
    return _generate(
        "melody",
        events,
        num_steps,
        num_outputs,
        temperature,
        seed,
        qpm,
        checkpoint,
        notices + scale_notices,
        mask,
        _program_of(primer),
    )
