"""Render the step editor's one-shot samples from the studio's SoundFont (OGG, static files).

    python scripts/render_samples.py            # writes static/studio/samples/*.ogg

The page sounds every cell a student toggles and plays drawings back with Web Audio
(static/studio/sound.js). It needs no synthesizer of its own: these samples are rendered once,
with the same FluidSynth path and General MIDI SoundFont the studio renders results with
(studio/audio.py), so a drawing sounds like its result will. A piano note every 3 semitones
(C2..C7; the page pitch-shifts by at most a semitone and a half between them, which a piano
hides well), a few other General MIDI instruments a melody result can be heard with, every 6
semitones (a preview, and the files stay small), and one hit for each of Magenta's nine drum
classes. Sustained instruments are held for PIANO_SECONDS: a longer note fades with its sample.
"""

from __future__ import annotations

import io
import os
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
OUT = ROOT / "static" / "studio" / "samples"
PIANO_PITCHES = range(36, 97, 3)  # C2 .. C7, the names sound.js asks for
OTHER_PITCHES = range(36, 97, 6)
# GM programs (0-based) sound.js offers besides the piano; keep INSTRUMENTS there in step.
OTHER_PROGRAMS = (4, 11, 24, 48, 73, 80)
PIANO_SECONDS = 1.2  # held this long, plus the renderer's release: long notes fade, not cut
DRUM_SECONDS = 0.1


def one_note_midi(pitch: int, seconds: float, drums: bool, program: int = 0) -> bytes:
    import pretty_midi

    score = pretty_midi.PrettyMIDI(initial_tempo=120)
    instrument = pretty_midi.Instrument(program=program, is_drum=drums)
    instrument.notes.append(pretty_midi.Note(velocity=100, pitch=pitch, start=0.0, end=seconds))
    score.instruments.append(instrument)
    buffer = io.BytesIO()
    score.write(buffer)
    return buffer.getvalue()


def main() -> int:
    sys.path.insert(0, str(ROOT))
    from django.conf import settings

    # studio.audio reads one setting; the site's settings would ask for a secret key.
    settings.configure(KANADE_SOUNDFONT=os.environ.get("KANADE_SOUNDFONT", ""))
    from inference.music import DRUM_CLASSES
    from studio.audio import audio_unavailable_reason, render_ogg

    reason = audio_unavailable_reason()
    if reason:
        print(reason, file=sys.stderr)
        return 1
    OUT.mkdir(parents=True, exist_ok=True)
    jobs = [(f"piano-{pitch}.ogg", pitch, PIANO_SECONDS, False, 0) for pitch in PIANO_PITCHES]
    jobs += [
        (f"gm{program}-{pitch}.ogg", pitch, PIANO_SECONDS, False, program)
        for program in OTHER_PROGRAMS
        for pitch in OTHER_PITCHES
    ]
    # Each class is rendered from its first (canonical) GM pitch, as the editor writes it.
    jobs += [
        (f"drum-{name}.ogg", pitches[0], DRUM_SECONDS, True, 0) for name, pitches in DRUM_CLASSES
    ]
    total = 0
    for filename, pitch, seconds, drums, program in jobs:
        data = render_ogg(one_note_midi(pitch, seconds, drums, program))
        (OUT / filename).write_bytes(data)
        total += len(data)
    print(f"{len(jobs)} samples, {total / 1024:.0f} KiB in {OUT.relative_to(ROOT)}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
