"""Reading and writing MIDI files as quantized :class:`~inference.music.Clip` objects.

``read_midi`` validates untrusted uploads and raises exactly one error type, :class:`MidiError`,
whose ``code`` says what was wrong (``not_found``, ``not_midi``, ``empty``, ``too_large``,
``too_many_tracks``, ``too_many_events``, ``too_many_notes``, ``too_long``, ``no_track``),
``reason`` which variant of it (or ""), and ``params`` the numbers involved. Callers that talk to
people (the studio) build their own words from those in the reader's language; ``message`` is
English for logs and the command line.

Reading goes through ``inference.music.midi_budget``, a streaming reader that refuses a file at
the first budget it exceeds (bytes, tracks, events, notes, ticks) before anything proportional to
the file's length is built; it reads notes, instruments and tempos exactly as pretty_midi did.

``write_midi`` / ``clip_to_midi_bytes`` set tempo, a 4/4 time signature, the program and the drum
flag (pretty_midi writes drum tracks on MIDI channel 10) so DAWs and players read them correctly.
A clip whose first hits are pushed ahead of the beat (a negative offset on step 0) opens with a
one-beat pickup bar, and ``read_midi`` counts steps from the downbeat after it.
"""

from __future__ import annotations

import io
import os
from pathlib import Path

# The budgets and MidiError live with the streaming reader; imported from here by callers.
from .midi_budget import MAX_BYTES, MAX_NOTES, MAX_SECONDS, MidiError, Scan, scan, too_large  # noqa: F401
from .representation import (
    STEPS_PER_QUARTER,
    Clip,
    Kind,
    Note,
    drum_class_of_pitch,
    reduce_to_highest,
)

# The tempos the generators accept (inference.rnn.generate refuses others when a job runs).
MIN_QPM, MAX_QPM = 20.0, 400.0
PICKUP_STEPS = STEPS_PER_QUARTER  # the pickup bar before hits pushed ahead of the first beat


def import_pretty_midi():
    """Import pretty_midi lazily and quietly.

    pretty_midi imports pyfluidsynth, which prints where it found libfluidsynth whenever the
    environment has CI set; that line must not end up in a CLI's output (the MIDI paths).
    """
    import contextlib
    import sys

    if "pretty_midi" not in sys.modules:
        with contextlib.redirect_stdout(io.StringIO()):
            import pretty_midi  # noqa: F401
    return sys.modules["pretty_midi"]


def _load_bytes(source: bytes | str | os.PathLike) -> bytes:
    if isinstance(source, bytes | bytearray):
        return bytes(source)
    path = Path(source)
    try:
        size = path.stat().st_size
    except OSError as error:
        raise MidiError(
            "not_found", f"Cannot open the MIDI file {path}: {error.strerror}."
        ) from error
    if size > MAX_BYTES:
        raise too_large(size)
    return path.read_bytes()


def read_midi(
    source: bytes | str | os.PathLike | Scan,
    kind: Kind = "melody",
    *,
    max_steps: int | None = None,
) -> Clip:
    """Read a MIDI file (path or bytes) as a quantized clip of ``kind`` melody or drums.

    Melodies come from every non-drum track merged and reduced to the highest sounding note;
    drums from every drum track, mapped to the 9 drum classes. Onsets snap to the nearest 16th
    (the distance is kept in ``Note.offset``); tempo changes are honoured through MIDI ticks.
    Notices on the returned clip say what was changed. ``source`` may also be the
    :func:`~inference.music.midi_budget.scan` of a file, to read one upload as melody and drums.
    """
    if kind not in ("melody", "drums"):
        raise ValueError(f"kind must be 'melody' or 'drums', got {kind!r}")
    # Every budget is checked while scanning, before anything the size of the file is built.
    scanned = source if isinstance(source, Scan) else scan(_load_bytes(source))
    try:
        return _to_clip(scanned, kind, max_steps)
    except MidiError:
        raise
    except Exception as error:  # noqa: BLE001 - a malformed file must never crash a caller
        raise MidiError(
            "not_midi", f"The MIDI file could not be read ({error}).", "damaged"
        ) from error


def _to_clip(scanned: Scan, kind: Kind, max_steps: int | None) -> Clip:
    if not scanned.notes:
        raise MidiError("empty", "The MIDI file contains no notes.", "no_notes")
    end = scanned.end_seconds
    if end > MAX_SECONDS:
        raise MidiError(
            "too_long",
            f"The MIDI file lasts {end / 60:.1f} minutes; the limit is 10 minutes.",
            minutes=round(end / 60, 1),
            limit=round(MAX_SECONDS / 60),
        )
    wanted = [part for part in scanned.parts if part.is_drum == (kind == "drums")]
    if not wanted:
        other = "drum" if kind == "melody" else "melodic (non-drum)"
        raise MidiError(
            "no_track",
            f"The MIDI file has no usable {kind} track: it only contains {other} notes.",
            "only_drums" if kind == "melody" else "no_drums",
        )
    # MIDI stores whole microseconds per quarter: round away the 95.00014-style residue.
    qpm = round(scanned.qpm, 2)
    ticks_per_step = scanned.resolution / STEPS_PER_QUARTER
    origin = _downbeat(scanned, wanted, ticks_per_step)

    found: list[tuple[int, int, int, int, float]] = []  # start, stop, pitch, velocity, offset
    dropped: set[int] = set()
    usable = 0
    # (start, pitch, stop) of the note the stable sort below puts last: it decides the cut.
    last = (-1, -1, 0)
    for part in wanted:
        for on_tick, off_tick, pitch, velocity in part.notes:
            if kind == "drums" and drum_class_of_pitch(pitch) is None:
                dropped.add(pitch)
                continue
            usable += 1
            exact = (on_tick - origin) / ticks_per_step
            start = int(round(exact))
            stop = (
                start + 1
                if kind == "drums"
                else max(start + 1, round((off_tick - origin) / ticks_per_step))
            )
            if start > last[0] or (start == last[0] and pitch >= last[1]):
                last = (start, pitch, stop)
            # Notes past the cut are never built: a 20,000-note file costs what its start does.
            if max_steps is None or start < max_steps:
                found.append((start, stop, pitch, velocity, round(exact - start, 4)))
    if not usable:
        raise MidiError(
            "no_track",
            "The MIDI file has no usable drums track: no pitch maps to the 9 drum classes.",
            "no_drum_sounds",
        )
    notices: list[str] = []
    if dropped:
        listed = ", ".join(str(p) for p in sorted(dropped))
        notices.append(f"Drum pitches outside the 9 drum classes were dropped: {listed}.")
    if max_steps is not None and last[2] > max_steps:
        found = [(a, min(b, max_steps), *rest) for a, b, *rest in found]
        notices.append(f"The input was cut to its first {max_steps} steps.")
    if kind == "melody":
        found = _without_hidden_notes(found)
    notes = [
        Note(pitch, start, stop, velocity, offset) for start, stop, pitch, velocity, offset in found
    ]
    notes.sort(key=lambda n: (n.start_step, n.pitch))
    program = wanted[0].program if kind == "melody" else 0
    clip = Clip(tuple(notes), kind, qpm, 0, program, tuple(notices))
    return reduce_to_highest(clip) if kind == "melody" else clip


def _downbeat(scanned: Scan, parts, ticks_per_step: float) -> int:
    """The tick steps count from: after a pickup bar (see ``Scan.pickup_tick``) whose notes are
    all within half a step of the downbeat (hits pushed early), the downbeat; otherwise 0, so a
    melody's real upbeat notes are not lost."""
    pickup = scanned.pickup_tick
    if not pickup:
        return 0
    earliest = min(note[0] for part in parts for note in part.notes)
    return pickup if pickup - earliest <= ticks_per_step / 2 else 0


def _without_hidden_notes(found: list[tuple]) -> list[tuple]:
    """Drop the notes ``reduce_to_highest`` would hide anyway, so a stack of 20,000 chord notes
    costs what its top line does; the reduced melody is exactly the same.

    Of the notes sharing a span (start and stop), only the highest pitch can ever sound, and of
    equal ones the last (it writes the velocity last); the others are overwritten at every step.
    One hidden note is kept, so the clip still counts as polyphonic and is reduced (with its
    notice) as before.
    """
    top: dict[tuple[int, int], int] = {}
    for index, (start, stop, pitch, *_) in enumerate(found):
        kept = top.get((start, stop))
        if kept is None or pitch >= found[kept][2]:
            top[(start, stop)] = index
    if len(top) == len(found):
        return found
    keep = set(top.values())
    keep.add(next(index for index in range(len(found)) if index not in keep))
    return [note for index, note in enumerate(found) if index in keep]


def clip_to_pretty_midi(clip: Clip, *, program: int | None = None):
    """Build a ``pretty_midi.PrettyMIDI`` with tempo, 4/4, program and drum flag set."""
    pretty_midi = import_pretty_midi()

    midi = pretty_midi.PrettyMIDI(initial_tempo=float(clip.qpm))
    step = clip.seconds_per_step
    # Hits pushed before the first beat keep their push: the file then opens with a one-beat
    # pickup bar (1/4, then 4/4 from the first downbeat), so bar lines stay where they belong.
    lead = PICKUP_STEPS * step if any(n.start_step + n.offset < 0 for n in clip.notes) else 0.0
    if lead:
        midi.time_signature_changes.append(pretty_midi.TimeSignature(1, 4, 0.0))
    midi.time_signature_changes.append(pretty_midi.TimeSignature(4, 4, lead))
    is_drum = clip.kind == "drums"
    instrument = pretty_midi.Instrument(
        program=clip.program if program is None else program,
        is_drum=is_drum,
        name="Drums" if is_drum else "Melody",
    )
    timed = sorted(
        ((max(0.0, lead + (note.start_step + note.offset) * step), note) for note in clip.notes),
        key=lambda pair: (pair[0], pair[1].pitch),
    )
    # A note ends before the next note of its pitch starts: a drummer's next hit may come a
    # little early (a negative offset), and a second note-on on a sounding key is ambiguous.
    next_start: dict[int, float] = {}
    for start, note in reversed(timed):
        written_end = lead + note.end_step * step
        end = min(max(start + step / 4, written_end), next_start.get(note.pitch, 1e12))
        if end > start:
            instrument.notes.append(
                pretty_midi.Note(int(note.velocity), int(note.pitch), float(start), float(end))
            )
            next_start[note.pitch] = start
    instrument.notes.reverse()
    midi.instruments.append(instrument)
    return midi


def clip_to_midi_bytes(clip: Clip) -> bytes:
    buffer = io.BytesIO()
    clip_to_pretty_midi(clip).write(buffer)
    return buffer.getvalue()


def write_midi(clip: Clip, path: str | os.PathLike) -> Path:
    """Write ``clip`` to ``path`` (parent folders are created) and return the path."""
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(clip_to_midi_bytes(clip))
    return path
