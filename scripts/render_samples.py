"""Render the studio's one-shot samples from its SoundFont into var/ (served as static files).

    python scripts/render_samples.py [--out DIR] [--force]

The page sounds every cell a student toggles and plays drawings and results back with Web Audio
(static/studio/sound.js). It needs no synthesizer of its own: these samples are rendered with
the same FluidSynth path and General MIDI SoundFont the studio renders results with
(studio/audio.py), so a drawing sounds like its result will. What to render is listed once in
static/studio/samples.json (sound.js's node tests check the voices ask for nothing else): a
piano note every 3 semitones, six other GM instruments every 6 semitones, one hit for each of
Magenta's nine drum classes.

The files are made here, not committed: they are renderings of the SoundFont (TimGM6mb is under
the GPL v2), built like the project's other rendered data into var/. ``make run`` and
``make test`` run this script; settings serve ``var/samples/`` as a static folder, so the files
appear at /static/studio/samples/. A file already rendered from the same SoundFont and manifest
is kept (a stamp records both), so a rerun costs nothing.
"""

from __future__ import annotations

import argparse
import hashlib
import io
import json
import os
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
MANIFEST = ROOT / "static" / "studio" / "samples.json"
DEFAULT_OUT = ROOT / "var" / "samples" / "studio" / "samples"


def one_note_midi(pitch: int, seconds: float, drums: bool, program: int = 0) -> bytes:
    import pretty_midi

    score = pretty_midi.PrettyMIDI(initial_tempo=120)
    instrument = pretty_midi.Instrument(program=program, is_drum=drums)
    instrument.notes.append(pretty_midi.Note(velocity=100, pitch=pitch, start=0.0, end=seconds))
    score.instruments.append(instrument)
    buffer = io.BytesIO()
    score.write(buffer)
    return buffer.getvalue()


def sample_jobs(manifest: dict) -> list[tuple[str, int, float, bool, int]]:
    """(file name, MIDI pitch, seconds held, drums?, GM program) for every sample listed."""
    from inference.music import DRUM_CLASSES

    held, hit = manifest["held_seconds"], manifest["drum_seconds"]
    jobs = [(f"piano-{pitch}.ogg", pitch, held, False, 0) for pitch in manifest["piano"]["pitches"]]
    for program, pitches in manifest["instruments"].items():
        jobs += [
            (f"gm{program}-{pitch}.ogg", pitch, held, False, int(program)) for pitch in pitches
        ]
    # Each class is rendered from its first (canonical) GM pitch, as the editor writes it.
    first_pitch = dict(DRUM_CLASSES)
    jobs += [(f"drum-{name}.ogg", first_pitch[name][0], hit, True, 0) for name in manifest["drums"]]
    return jobs


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--out", type=Path, default=DEFAULT_OUT)
    parser.add_argument("--force", action="store_true", help="render again even if up to date")
    args = parser.parse_args()
    sys.path.insert(0, str(ROOT))
    from django.conf import settings

    # studio.audio reads one setting; the site's settings would ask for a secret key.
    settings.configure(KANADE_SOUNDFONT=os.environ.get("KANADE_SOUNDFONT", ""))
    from studio.audio import audio_unavailable_reason, render_ogg, soundfont_path

    reason = audio_unavailable_reason()
    if reason:
        print(f"samples not rendered: {reason} (the studio plays no sound in the page)")
        return 0  # the site works without them; tests that need them say so
    manifest_bytes = MANIFEST.read_bytes()
    font = Path(soundfont_path())
    stamp_text = hashlib.sha256(manifest_bytes + font.read_bytes()).hexdigest()
    stamp = args.out / ".rendered"
    if not args.force and stamp.exists() and stamp.read_text() == stamp_text:
        print(f"samples up to date in {args.out}")
        return 0
    jobs = sample_jobs(json.loads(manifest_bytes))
    args.out.mkdir(parents=True, exist_ok=True)
    total = 0
    for filename, pitch, seconds, drums, program in jobs:
        data = render_ogg(one_note_midi(pitch, seconds, drums, program))
        partial = args.out / f".{filename}.part"
        partial.write_bytes(data)
        partial.replace(args.out / filename)  # a reader never sees half a file
        total += len(data)
    stamp.write_text(stamp_text)
    print(f"{len(jobs)} samples, {total / 1024:.0f} KiB in {args.out}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
