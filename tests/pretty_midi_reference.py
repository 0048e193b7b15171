"""How read_midi read a file when it parsed with pretty_midi (its former conversion, kept as the
reference the streaming reader is checked against, and as bench/hostile_uploads.py's baseline)."""

from __future__ import annotations

import io
import warnings

from inference.music import Clip, Note, drum_class_of_pitch, reduce_to_highest
from inference.music.midi_io import MAX_NOTES, import_pretty_midi


def pretty_midi_reading(data: bytes, kind: str, max_steps: int | None) -> tuple | str:
    """(notes, qpm, program, notices) as read_midi returned them, or the refusal's code."""
    pretty_midi = import_pretty_midi()
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        try:
            midi = pretty_midi.PrettyMIDI(io.BytesIO(data))
        except Exception:  # noqa: BLE001
            return "not_midi"
    return pretty_midi_clip(midi, kind, max_steps)


def pretty_midi_clip(midi, kind: str, max_steps: int | None) -> tuple | str:
    """The conversion of an already parsed PrettyMIDI (the bench parses once for two kinds)."""
    found = [n for i in midi.instruments for n in i.notes]
    if not found:
        return "empty"
    if len(found) > MAX_NOTES:
        return "too_many_notes"
    if midi.get_end_time() > 600:
        return "too_long"
    wanted = [i for i in midi.instruments if i.is_drum == (kind == "drums") and i.notes]
    if not wanted:
        return "no_track"
    qpm = round(float(midi.get_tempo_changes()[1][0]), 2)
    per_step = midi.resolution / 4
    notes, dropped = [], set()
    for instrument in wanted:
        for n in instrument.notes:
            if kind == "drums" and drum_class_of_pitch(n.pitch) is None:
                dropped.add(n.pitch)
                continue
            exact = midi.time_to_tick(n.start) / per_step
            start = int(round(exact))
            stop = max(start + 1, int(round(midi.time_to_tick(n.end) / per_step)))
            stop = start + 1 if kind == "drums" else stop
            notes.append(Note(n.pitch, start, stop, int(n.velocity), round(exact - start, 4)))
    if not notes:
        return "no_track"
    notes.sort(key=lambda n: (n.start_step, n.pitch))
    notices = []
    if dropped:
        notices.append(
            f"Drum pitches outside the 9 drum classes were dropped: "
            f"{', '.join(str(p) for p in sorted(dropped))}."
        )
    if max_steps is not None and notes[-1].end_step > max_steps:
        notes = [n for n in notes if n.start_step < max_steps]
        notes = [
            n
            if n.end_step <= max_steps
            else Note(n.pitch, n.start_step, max_steps, n.velocity, n.offset)
            for n in notes
        ]
        notices.append(f"The input was cut to its first {max_steps} steps.")
    program = wanted[0].program if kind == "melody" else 0
    clip = Clip(tuple(notes), kind, qpm, 0, program, tuple(notices))
    clip = reduce_to_highest(clip) if kind == "melody" else clip
    return clip.notes, clip.qpm, clip.program, clip.notices
