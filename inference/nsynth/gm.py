"""General MIDI programs as NSynth-style instruments: family, pitch range, split. No numpy.

GM groups its 128 melodic programs in 16 families of 8. Each family gets a pitch range where its
instruments are idiomatic (a bass plays low, a flute high), rendered in steps of ``PITCH_STEP``
semitones. The split is by *program*, not by font × program: MuseScore General is in large part
derived from FluidR3 (its copyright file says so), so the same program in two fonts may play the
same samples, and a test instrument must never be heard in training.
"""

from __future__ import annotations

import zlib

# (family, lowest, highest MIDI pitch) for programs 8g .. 8g+7; names follow NSynth's families
# where one fits (keyboard, mallet, organ, guitar, bass, string, brass, reed, flute, synth_lead).
GM_FAMILIES = (
    ("keyboard", 36, 84),  # pianos, electric pianos, harpsichord, clavinet
    ("mallet", 55, 91),  # celesta, glockenspiel, music box, vibraphone, marimba, ...
    ("organ", 36, 84),
    ("guitar", 40, 76),
    ("bass", 28, 55),
    ("string", 41, 83),  # violin .. timpani
    ("ensemble", 43, 79),  # string ensembles, choirs, orchestra hit
    ("brass", 40, 76),
    ("reed", 45, 81),
    ("flute", 60, 96),  # GM's "pipe" family
    ("synth_lead", 45, 81),
    ("synth_pad", 36, 72),
    ("synth_fx", 36, 72),
    ("ethnic", 48, 84),  # sitar, banjo, shamisen, koto, kalimba, bagpipe, fiddle, shanai
    ("percussive", 43, 79),  # tinkle bell, agogo, steel drums, woodblock, taiko, toms
    ("sound_fx", 0, 0),  # never rendered: see SKIPPED_PROGRAMS
)
# Programs 120-127 (fret noise, breath, seashore, bird, telephone, helicopter, applause,
# gunshot) are noises without a pitch, which NSynth's notes and the model's f0 conditioning
# assume; 119 (reverse cymbal) is a cymbal swell, unpitched too.
SKIPPED_PROGRAMS = frozenset(range(119, 128))
PITCH_STEP = 3  # semitones between rendered pitches (minor thirds: every pitch class in 4 notes)
VELOCITIES = (75, 100, 127)
SPLITS = ("train", "valid", "test")


def family_of(program: int) -> str:
    return GM_FAMILIES[program // 8][0]


def pitches_of(program: int, step: int = PITCH_STEP) -> list[int]:
    _, low, high = GM_FAMILIES[program // 8]
    return list(range(low, high + 1, step))


def melodic_programs() -> list[int]:
    return [p for p in range(128) if p not in SKIPPED_PROGRAMS]


def split_of(program: int) -> str:
    """Within each family of 8, the program with the lowest CRC-32 is test and the next one
    valid: every family is in every split, and the rule never changes with the fonts used."""
    group = [p for p in range(program // 8 * 8, program // 8 * 8 + 8) if p not in SKIPPED_PROGRAMS]
    ranked = sorted(group, key=lambda p: zlib.crc32(f"gm-program-{p}".encode()))
    if program == ranked[0]:
        return "test"
    if program == ranked[1]:
        return "valid"
    return "train"


SPLIT_RULE = (
    "By GM program (an instrument is font x program; all fonts' versions of a program share a "
    "split): in each GM family of 8 programs, the one with the lowest CRC-32 of "
    "'gm-program-<n>' is test, the next one valid, the rest train."
)
