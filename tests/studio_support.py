"""Shared helpers for the studio tests: fixture clips as MIDI bytes, and a rule-based stand-in for
the inference functions so the studio's own plumbing (validation, jobs, files, audio, API) is
tested without trained weights. The real models are exercised in test_studio_models.py.
"""

from __future__ import annotations

import importlib
import random
from dataclasses import dataclass, field, replace

from inference.music import DRUM_OUTPUT_PITCHES, STEPS_PER_BAR, Clip, Note
from inference.music.midi_io import clip_to_midi_bytes
from inference.shared import checkpoints
from studio.tools import get_tool


def melody_clip(bars: int = 2, start_pitch: int = 60) -> Clip:
    notes = [Note(start_pitch + (i % 8), i * 2, i * 2 + 2, 90) for i in range(bars * 8)]
    return Clip(tuple(notes), "melody", 110.0, bars * STEPS_PER_BAR)


def chord_clip() -> Clip:
    notes = [Note(p, s, s + 8, 80) for s in (0, 8, 16, 24) for p in (60, 64, 67)]
    return Clip(tuple(notes), "melody", 120.0, 32)


def drum_clip(bars: int = 2) -> Clip:
    notes = []
    for step in range(bars * STEPS_PER_BAR):
        if step % 8 == 0:
            notes.append(Note(36, step, step + 1, 110))
        if step % 8 == 4:
            notes.append(Note(40, step, step + 1, 100))  # an electric snare: maps to class 1
        if step % 2 == 0:
            notes.append(Note(44, step, step + 1, 70))  # pedal hi-hat: maps to closed hi-hat
    return Clip(tuple(notes), "drums", 120.0, bars * STEPS_PER_BAR)


def midi(clip: Clip) -> bytes:
    return clip_to_midi_bytes(clip)


def _melody(rng: random.Random, steps: int, qpm: float = 120.0) -> Clip:
    notes, step = [], 0
    while step < steps:
        length = rng.choice((1, 2, 4))
        # Overlapping notes on purpose: the studio must make melody outputs monophonic.
        notes.append(Note(rng.randrange(55, 80), step, min(steps, step + length + 1), 90))
        step += length
    return Clip(tuple(notes), "melody", qpm, steps)


def _drums(rng: random.Random, steps: int, source: Clip | None = None) -> Clip:
    onsets = sorted({n.start_step for n in source.notes}) if source else range(0, steps, 2)
    notes = []
    for step in onsets:
        # 35 and 44 are GM drum pitches outside the output set: the studio must map them.
        pitch = rng.choice((35, 38, 44, *DRUM_OUTPUT_PITCHES))
        notes.append(Note(pitch, step, step + 1, rng.randrange(40, 127), rng.uniform(-0.3, 0.3)))
    return Clip(tuple(notes), "drums", 120.0, steps)


class RuleBasedEngine:
    """Deterministic stand-ins with the inference functions' signatures (seeded randomness)."""

    def __init__(self):
        self.calls: list[tuple[str, dict]] = []

    def generate(self, kind, variations, temperature, seed, *, key="C", scale="off"):
        shape = {"kind": kind, "variations": variations, "t": temperature}
        self.calls.append(("generate", {**shape, "key": key, "scale": scale}))
        rng = random.Random(seed)
        make = _melody if kind == "melody" else _drums
        return [make(rng, 4 * STEPS_PER_BAR) for _ in range(variations)]

    def continue_sequence(
        self, primer, kind, steps, variations, temperature, seed, *, key="C", scale="off"
    ):
        shape = {"kind": kind, "steps": steps, "variations": variations}
        self.calls.append(("continue", {**shape, "key": key, "scale": scale}))
        rng = random.Random(seed)
        make = _melody if kind == "melody" else _drums
        clips = [make(rng, primer.total_steps + steps) for _ in range(variations)]
        if kind == "melody":  # as the model's continuation: on the primer's instrument
            clips = [replace(clip, program=primer.program) for clip in clips]
        return RuleResult(clips)

    def interpolate(self, a, b, steps, temperature, seed):
        self.calls.append(("interpolate", {"steps": steps, "kinds": (a.kind, b.kind)}))
        rng = random.Random(seed)
        return [_melody(rng, 64) if a.kind == "melody" else _drums(rng, 64) for _ in range(steps)]

    def groove(self, drums, temperature, seed):
        self.calls.append(("groove", {"kind": drums.kind}))
        return _drums(random.Random(seed), drums.total_steps, drums)

    def drumify(self, clip, temperature, seed):
        self.calls.append(("drumify", {"kind": clip.kind}))
        return _drums(random.Random(seed), clip.total_steps, clip)

    def melody_rnn_generate(
        self,
        primer_melody,
        primer_midi,
        num_outputs,
        num_steps,
        temperature,
        qpm,
        seed,
        *,
        key="C",
        scale="off",
    ):
        primer = {"primer_melody": primer_melody, "midi": primer_midi is not None}
        self.calls.append(("melody-rnn", {**primer, "key": key, "scale": scale}))
        rng = random.Random(seed)
        return RuleResult([_melody(rng, num_steps, qpm) for _ in range(num_outputs)])


# Where each tool finds its inference function: the stand-in replaces them there, so a job runs
# through the tools' own code (argument mapping, notices, outputs) with the rules instead.
RULE_ROUTES = {
    ("inference.vae.tools", "generate"): "generate",
    ("inference.rnn.generate", "continue_sequence"): "continue_sequence",
    ("inference.vae.tools", "interpolate"): "interpolate",
    ("inference.vae.tools", "groove"): "groove",
    ("inference.vae.tools", "drumify"): "drumify",
    ("inference.rnn.generate", "melody_rnn_generate"): "melody_rnn_generate",
}


@dataclass
class RuleResult:
    """What the RNN generation functions return, as far as the tools read it."""

    clips: list[Clip]
    notices: list[str] = field(default_factory=list)
    primer_steps: int = 0


def install_rule_engine(monkeypatch) -> RuleBasedEngine:
    """Route every tool to RuleBasedEngine and report every model as present.

    Each test module wraps this in its own ``rule_engine`` fixture."""
    engine = RuleBasedEngine()
    for (module, name), method in RULE_ROUTES.items():
        monkeypatch.setattr(importlib.import_module(module), name, getattr(engine, method))
    monkeypatch.setattr(checkpoints, "has_weights", lambda name: True)
    return engine


def make_tool_run(monkeypatch, slug: str, run) -> None:
    """Replace one tool's ``run(params, inputs)`` (e.g. to fail or to return odd results)."""
    monkeypatch.setattr(
        type(get_tool(slug)), "run", lambda self, params, inputs: run(params, inputs)
    )


def point_checkpoints_at(monkeypatch, root) -> None:
    """Make every tool look for its trained weights under ``root``."""
    monkeypatch.setattr(checkpoints, "CHECKPOINT_ROOT", root)


def assert_fits_studio_contract(clip: Clip, kind: str) -> None:
    """What every studio output promises: drums on the kit's output pitches, melodies one note
    at a time."""
    if kind == "drums":
        assert {n.pitch for n in clip.notes} <= set(DRUM_OUTPUT_PITCHES)
    else:
        ordered = sorted(clip.notes, key=lambda n: n.start_step)
        assert all(a.end_step <= b.start_step for a, b in zip(ordered, ordered[1:], strict=False))
