"""The mini-NSynth: single GM SoundFont notes rendered with FluidSynth, in NSynth's format.

Every note is 4 s of 16 kHz mono 16-bit WAV, the key held for 3 s and released for the last
second, with NSynth-style metadata in ``examples.json`` (note_str -> note, instrument, family,
source font, program, pitch, velocity, split). The layout under ``out``::

    instruments/<instrument_str>/<note_str>.wav   one folder per font x program
    instruments/<instrument_str>/instrument.json  its notes' metadata
    examples.json  metadata.json  README.md       written last, from the instrument folders

Each instrument is rendered into ``.partial/`` and renamed into ``instruments/`` when whole, so a
build stopped half-way leaves only whole instruments, and re-running it renders only the missing
ones. FluidSynth runs in-process through pyfluidsynth (as ``studio.audio`` does), at 48 kHz with
reverb and chorus off (dry notes, like NSynth's), and is decimated to 16 kHz with an anti-alias
filter (FluidSynth's own resampling at 16 kHz would fold high partials back into the band).
"""

from __future__ import annotations

import json
import os
import shutil
import time
from dataclasses import dataclass
from pathlib import Path

import numpy as np

from ..shared.checkpoints import write_text_atomic
from . import gm

SAMPLE_RATE = 16_000
NOTE_SECONDS, HELD_SECONDS = 4.0, 3.0
NOTE_SAMPLES = int(SAMPLE_RATE * NOTE_SECONDS)
RENDER_RATE = 48_000  # FluidSynth's rate; 3 x 16 kHz
RENDER_GAIN = 1.0  # measured on the full build: median peak 0.2, loudest 0.81; none clipped
SILENT_PEAK = 1e-3  # a note quieter than this (a key outside a sample's range) is dropped
CLIPPED_PEAK = 0.999  # a note reaching full scale is dropped rather than kept distorted


@dataclass(frozen=True)
class Font:
    key: str  # short name used in instrument names
    path: Path
    licence: str
    credit: str


DEBIAN_FONTS = (
    Font(
        "timgm6mb",
        Path("/usr/share/sounds/sf2/TimGM6mb.sf2"),
        "GPL-2",
        "TimGM6mb by Tim Brechbill (2004) and David Bolton (2010); Debian package "
        "timgm6mb-soundfont, the font pretty_midi ships.",
    ),
    Font(
        "fluidr3",
        Path("/usr/share/sounds/sf2/FluidR3_GM.sf2"),
        "MIT",
        "Fluid (R3) GM SoundFont by Frank Wen and contributors (2000-2002, 2008); Debian "
        "package fluid-soundfont-gm.",
    ),
    Font(
        "musescore",
        Path("/usr/share/sounds/sf3/MuseScore_General_Lite.sf3"),
        "MIT (parts public domain or CC0)",
        "MuseScore_General (Lite) by S. Christian Collins (2018-2021), largely derived from "
        "Fluid (R3) Mono by Michael Cowgill; Debian package musescore-general-soundfont-small.",
    ),
)


def pretty_midi_font() -> Font:
    """TimGM6mb as pretty_midi ships it: present wherever the project installs (the tests')."""
    import pretty_midi

    path = Path(pretty_midi.__file__).parent / "TimGM6mb.sf2"
    return Font("timgm6mb", path, DEBIAN_FONTS[0].licence, DEBIAN_FONTS[0].credit)


def instrument_str(font_key: str, program: int) -> str:
    return f"{gm.family_of(program)}_{font_key}_{program:03d}"


def note_str(instrument: str, pitch: int, velocity: int) -> str:
    return f"{instrument}-{pitch:03d}-{velocity:03d}"


class NoteRenderer:
    """One FluidSynth synth with one font loaded; renders single notes of any program."""

    def __init__(self, font: Font):
        import fluidsynth

        self.font = font
        settings = {"synth.reverb.active": 0, "synth.chorus.active": 0, "synth.polyphony": 64}
        self.synth = fluidsynth.Synth(gain=RENDER_GAIN, samplerate=RENDER_RATE, **settings)
        self.sfont_id = self.synth.sfload(str(font.path))
        if self.sfont_id < 0:
            raise RuntimeError(f"FluidSynth could not load {font.path}")

    def has_program(self, program: int) -> bool:
        return self.synth.program_select(0, self.sfont_id, 0, program) == 0

    def render(self, program: int, pitch: int, velocity: int) -> np.ndarray:
        """A 4-s note at 16 kHz, float32 in [-1, 1] (as the 16-bit WAV will hold it)."""
        from scipy.signal import resample_poly

        synth = self.synth
        synth.system_reset()  # no tail of the previous note, controllers at their defaults
        synth.program_select(0, self.sfont_id, 0, program)
        held = int(RENDER_RATE * HELD_SECONDS)
        synth.noteon(0, pitch, velocity)
        first = synth.get_samples(held)
        synth.noteoff(0, pitch)
        rest = synth.get_samples(int(RENDER_RATE * NOTE_SECONDS) - held)
        stereo = np.concatenate([first, rest]).reshape(-1, 2).astype(np.float32) / 32768.0
        mono = resample_poly(stereo.mean(axis=1), 1, RENDER_RATE // SAMPLE_RATE)
        return np.round(mono[:NOTE_SAMPLES] * 32767).astype(np.int16).astype(np.float32) / 32767

    def close(self) -> None:
        self.synth.delete()


def render_instrument(
    renderer: NoteRenderer, program: int, out: Path, velocities, pitch_step: int
) -> dict | None:
    """Render one instrument into ``out/instruments/`` through ``out/.partial/``; its record,
    or None when the font has no such program."""
    import soundfile

    if not renderer.has_program(program):
        return None
    name = instrument_str(renderer.font.key, program)
    partial = out / ".partial" / name
    shutil.rmtree(partial, ignore_errors=True)
    partial.mkdir(parents=True)
    notes, dropped, started = [], [], time.perf_counter()
    for pitch in gm.pitches_of(program, pitch_step):
        for velocity in velocities:
            audio = renderer.render(program, pitch, velocity)
            peak = float(np.abs(audio).max())
            key = note_str(name, pitch, velocity)
            if peak < SILENT_PEAK or peak >= CLIPPED_PEAK:
                dropped.append({"note_str": key, "peak": round(peak, 5)})
                continue
            soundfile.write(partial / f"{key}.wav", audio, SAMPLE_RATE, subtype="PCM_16")
            notes.append({"note_str": key, "pitch": pitch, "velocity": velocity})
    record = {
        "instrument_str": name,
        "instrument_family_str": gm.family_of(program),
        "source_font": renderer.font.key,
        "program": program,
        "split": gm.split_of(program),
        "notes": notes,
        "dropped": dropped,
        "render_seconds": round(time.perf_counter() - started, 3),
    }
    (partial / "instrument.json").write_text(json.dumps(record, indent=1))
    final = out / "instruments" / name
    final.parent.mkdir(parents=True, exist_ok=True)
    shutil.rmtree(final, ignore_errors=True)
    os.replace(partial, final)  # the instrument appears whole or not at all
    return record


def build(
    out: Path,
    fonts=DEBIAN_FONTS,
    programs=None,
    velocities=gm.VELOCITIES,
    pitch_step: int = gm.PITCH_STEP,
    limit: int | None = None,
    log=print,
) -> dict:
    """Render every missing instrument (font x program), then write the metadata files."""
    out = Path(out)
    programs = gm.melodic_programs() if programs is None else list(programs)
    jobs = [(font, program) for font in fonts for program in programs]
    if limit is not None:
        jobs = jobs[:limit]
    rendered = 0
    started = time.perf_counter()
    for font in fonts:
        todo = [
            p
            for f, p in jobs
            if f is font
            and not (out / "instruments" / instrument_str(font.key, p) / "instrument.json").exists()
        ]
        if not todo:
            continue
        renderer = NoteRenderer(font)
        try:
            for program in todo:
                record = render_instrument(renderer, program, out, velocities, pitch_step)
                if record is None:
                    log(f"{font.key}: no program {program}, skipped")
                    continue
                rendered += 1
                log(f"{record['instrument_str']}: {len(record['notes'])} notes")
        finally:
            renderer.close()
    wanted = {instrument_str(f.key, p) for f, p in jobs}
    skipped = len(jobs) - rendered
    metadata = write_metadata(out, fonts, wanted, velocities, pitch_step)
    metadata["this_run"] = {
        "rendered_instruments": rendered,
        "already_done_or_missing": skipped,
        "seconds": round(time.perf_counter() - started, 1),
    }
    write_text_atomic(out / "metadata.json", json.dumps(metadata, indent=1))
    return metadata


def write_metadata(out: Path, fonts, wanted: set[str], velocities, pitch_step: int) -> dict:
    """``examples.json`` (NSynth's fields and ours) and ``metadata.json`` from the instruments
    of this build's selection that are on disk."""
    records = []
    for name in sorted(wanted):
        path = out / "instruments" / name / "instrument.json"
        if path.exists():
            records.append(json.loads(path.read_text()))
    examples, note_id = {}, 0
    for instrument_id, record in enumerate(records):
        for note in record["notes"]:
            examples[note["note_str"]] = {
                "note": note_id,
                "note_str": note["note_str"],
                "instrument": instrument_id,
                "instrument_str": record["instrument_str"],
                "instrument_family_str": record["instrument_family_str"],
                "instrument_source_str": "soundfont",
                "source_font": record["source_font"],
                "program": record["program"],
                "pitch": note["pitch"],
                "velocity": note["velocity"],
                "sample_rate": SAMPLE_RATE,
                "split": record["split"],
            }
            note_id += 1
    write_text_atomic(out / "examples.json", json.dumps(examples, indent=1))
    counts = {
        split: {
            "instruments": sum(r["split"] == split for r in records),
            "notes": sum(len(r["notes"]) for r in records if r["split"] == split),
        }
        for split in gm.SPLITS
    }
    metadata = {
        "format": "NSynth-style: 4 s, 16 kHz mono 16-bit WAV, key held 3 s",
        "fonts": [
            {"key": f.key, "file": f.path.name, "licence": f.licence, "credit": f.credit}
            for f in fonts
        ],
        "velocities": list(velocities),
        "pitch_step": pitch_step,
        "split_rule": gm.SPLIT_RULE,
        "skipped_programs": sorted(gm.SKIPPED_PROGRAMS),
        "counts": counts,
        "dropped_notes": sum(len(r["dropped"]) for r in records),
        "render_seconds": round(sum(r["render_seconds"] for r in records), 1),
        "bytes": sum(
            p.stat().st_size
            for r in records
            for p in (out / "instruments" / r["instrument_str"]).iterdir()
        ),
    }
    write_text_atomic(out / "README.md", readme(metadata))
    return metadata


def readme(metadata: dict) -> str:
    fonts = "\n".join(
        f"- `{f['file']}` ({f['key']}): licence {f['licence']}. {f['credit']}"
        for f in metadata["fonts"]
    )
    counts = "\n".join(
        f"| {split} | {c['instruments']} | {c['notes']} |"
        for split, c in metadata["counts"].items()
    )
    return (
        "# Mini-NSynth (rendered here, never committed)\n\n"
        "Built by `scripts/build_nsynth_data.py`. Single notes from General MIDI SoundFonts "
        "rendered with FluidSynth: 4 s at 16 kHz mono, the key held 3 s, velocities "
        f"{metadata['velocities']}, pitches every {metadata['pitch_step']} semitones over each "
        "GM family's range (inference/nsynth/gm.py). One instrument is one font x GM program; "
        f"programs {metadata['skipped_programs'][0]}-{metadata['skipped_programs'][-1]} "
        "(unpitched effects) are skipped.\n\n"
        f"Split: {metadata['split_rule']}\n\n"
        "| split | instruments | notes |\n|---|---:|---:|\n"
        f"{counts}\n\nFonts and licences:\n\n{fonts}\n"
    )


# --- reading it back ---------------------------------------------------------------------


def load_examples(data_dir: Path, split: str | None = None) -> list[dict]:
    """The notes' metadata (NSynth's ``examples.json``), optionally of one split, in note order."""
    examples = json.loads((Path(data_dir) / "examples.json").read_text())
    notes = sorted(examples.values(), key=lambda e: e["note"])
    return [e for e in notes if split is None or e["split"] == split]


def note_path(data_dir: Path, example: dict) -> Path:
    return Path(data_dir) / "instruments" / example["instrument_str"] / f"{example['note_str']}.wav"


def load_audio(data_dir: Path, example: dict) -> np.ndarray:
    import soundfile

    audio, rate = soundfile.read(note_path(data_dir, example), dtype="float32")
    if rate != SAMPLE_RATE or len(audio) != NOTE_SAMPLES:
        raise ValueError(f"{example['note_str']}: expected 4 s at {SAMPLE_RATE} Hz")
    return audio
