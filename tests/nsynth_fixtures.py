"""A tiny mini-NSynth rendered by the tests themselves from the TimGM6mb font pretty_midi ships
(never ../shared/data, never var/): three keyboard-family instruments, one per split, and an
organ (it sustains until the key is released), a few pitches at one velocity."""

from __future__ import annotations

from pathlib import Path

from inference.nsynth import data, gm

# One program per split of the keyboard family (asserted by the data tests), plus an organ.
PROGRAMS = (1, 0, 4, 19)
VELOCITIES = (100,)
PITCH_STEP = 12  # C2 .. C6 for keyboards: 5 pitches

_built: dict[Path, dict] = {}


def build_tiny_nsynth(folder: Path) -> Path:
    """Render the fixture into ``folder`` once per test session (later calls reuse it)."""
    folder = Path(folder)
    if folder not in _built:
        _built[folder] = data.build(
            folder,
            fonts=[data.pretty_midi_font()],
            programs=PROGRAMS,
            velocities=VELOCITIES,
            pitch_step=PITCH_STEP,
            log=lambda *_: None,
        )
    return folder


def split_programs() -> dict[str, int]:
    return {gm.split_of(p): p for p in PROGRAMS[:3]}
