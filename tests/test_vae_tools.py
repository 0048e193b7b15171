"""The four VAE studio tools on the committed weights, with clips the tests write themselves."""

from __future__ import annotations

from dataclasses import replace
from types import SimpleNamespace

import numpy as np
import pytest

from inference.evaluation.baselines import hit_f1
from inference.music import DRUM_OUTPUT_PITCHES, Clip, Note
from inference.vae.data import HIT, performance_from_clip
from inference.vae.tools import (
    StudioError,
    classes_from_clip,
    clip_from_classes,
    drumify,
    generate,
    groove,
    interpolate,
)
from tests.studio_support import assert_fits_studio_contract

pytestmark = pytest.mark.slow

# Two folk-like 4-bar tunes (pitch, length in 16ths) and a rock beat.
TUNE_A = [(67, 4), (64, 2), (64, 2), (65, 4), (62, 2), (62, 2), (60, 2), (62, 2), (64, 2), (65, 2)]
TUNE_A += [(67, 2), (67, 2), (67, 4), (67, 4), (64, 2), (64, 2), (65, 4), (62, 2), (62, 2)]
TUNE_A += [(60, 2), (64, 2), (67, 2), (67, 2), (60, 8)]
TUNE_B = [(72, 2), (71, 2), (69, 2), (67, 2), (65, 2), (64, 2), (62, 4)] * 2
TUNE_B += [(60, 2), (62, 2), (64, 2), (65, 2), (67, 4), (69, 4), (71, 4), (72, 12)]


def tune(pairs, velocity=90) -> Clip:
    notes, step = [], 0
    for pitch, length in pairs:
        notes.append(Note(pitch, step, step + length, velocity))
        step += length
    return Clip(tuple(notes), "melody")


def rock_beat(bars: int) -> Clip:
    notes = []
    for step in range(0, 16 * bars, 2):
        notes.append(Note(42, step, step + 1, 100))
        if step % 8 == 0:
            notes.append(Note(36 if step % 16 == 0 else 38, step, step + 1, 100))
    return Clip(tuple(notes), "drums", total_steps=16 * bars)


def cells(clip: Clip) -> set[tuple[int, int]]:
    return {(n.start_step, n.pitch) for n in clip.notes}


def agreement(a: Clip, b: Clip) -> float:
    return float((classes_from_clip(a, 64) == classes_from_clip(b, 64)).mean())


# --- Generate ------------------------------------------------------------------------------


@pytest.mark.parametrize("kind", ["melody", "drums"])
def test_generate_makes_seeded_4_bar_clips(kind):
    first = generate(kind, 3, 1.0, 7)
    assert len(first) == 3
    assert all(c.kind == kind and c.total_steps == 64 for c in first)
    assert sum(len(c.notes) for c in first) > 0
    assert generate(kind, 3, 1.0, 7) == first  # same seed, same music
    assert generate(kind, 3, 1.0, 8) != first
    assert len({tuple(c.notes) for c in first}) == 3  # the variations differ
    for clip in first:
        assert_fits_studio_contract(clip, kind)


def test_generate_rejects_bad_arguments():
    with pytest.raises(StudioError, match="kind must be 'melody' or 'drums'"):
        generate("piano")
    with pytest.raises(StudioError, match="variations must be an integer from 1 to 32"):
        generate("melody", 0)
    with pytest.raises(StudioError, match="temperature"):
        generate("drums", 2, -0.5)
    with pytest.raises(StudioError, match="seed"):
        generate("drums", 2, 1.0, "x")


# --- Interpolate ---------------------------------------------------------------------------


@pytest.mark.parametrize("kind", ["melody", "drums"])
def test_interpolation_endpoints_stay_close_to_their_inputs(kind):
    a, b = (tune(TUNE_A), tune(TUNE_B)) if kind == "melody" else (rock_beat(4), None)
    if kind == "drums":
        b = Clip(
            tuple(Note(p, s, s + 1) for s in range(0, 64, 4) for p in (36, 46) if s % 8 == 0)
            + tuple(Note(38, s, s + 1) for s in range(4, 64, 8))
            + tuple(Note(51, s, s + 1) for s in range(0, 64, 2)),
            "drums",
            total_steps=64,
        )
    clips = interpolate(a, b, 5, 0.0, 0)
    assert len(clips) == 5 and all(c.kind == kind and c.total_steps == 64 for c in clips)
    # Each endpoint is nearer its own input than to the other one, and nearer than A is to B.
    floor = agreement(a, b)
    assert agreement(clips[0], a) > max(floor, agreement(clips[0], b))
    assert agreement(clips[-1], b) > max(floor, agreement(clips[-1], a))
    assert interpolate(a, b, 5, 0.0, 0) == clips


class LosslessBundle:
    """Stands in for a perfect MusicVAE: the "code" of a window is the window itself, so every
    note lost on the way would be the pipeline's fault, not the model's."""

    def __init__(self, kind: str):
        self.config = SimpleNamespace(kind=kind, latent=64, prior_scale=1.0)

    def encode(self, windows):
        return np.asarray(windows, np.float64)

    def refine(self, windows, codes, length, refinement):
        return codes  # a lossless code has nothing to gain

    def decode(self, z, temperature, seed):
        return np.rint(np.asarray(z)).astype(np.int32)


def test_interpolation_trims_to_the_shorter_clip_and_keeps_its_last_note():
    short = tune(TUNE_A[:19])  # the first 3 bars
    last = max(short.notes, key=lambda n: n.start_step)
    assert (last.start_step, last.end_step) == (46, 48)  # it runs to the very end of the clip
    window = classes_from_clip(short, 48)
    assert window[46] == last.pitch - 48 + 2  # encoded as a note-on
    assert window[48] == 1  # then a note-off: the clip ends there
    clips = interpolate(short, tune(TUNE_B), 3, 0.0, 0, bundle=LosslessBundle("melody"))
    assert all(c.total_steps == 48 for c in clips)
    assert clips[0].notes == tuple(replace(n, velocity=100) for n in short.notes)
    trimmed_b = [n for n in tune(TUNE_B).notes if n.start_step < 48]
    assert [(n.pitch, n.start_step) for n in clips[-1].notes] == [
        (n.pitch, n.start_step) for n in trimmed_b
    ]
    assert clips[-1].notes[-1].end_step == 48  # B's note sounding across the cut is closed there
    drums = rock_beat(3)
    ends = interpolate(drums, rock_beat(4), 2, 0.0, 0, bundle=LosslessBundle("drums"))
    assert cells(ends[0]) == cells(drums)  # the hi-hat on the last step (46) is kept


def test_interpolation_with_the_model_keeps_the_trimmed_length():
    clips = interpolate(tune(TUNE_A[:19]), tune(TUNE_B), 3, 0.5, 1)
    assert all(c.total_steps == 48 and all(n.end_step <= 48 for n in c.notes) for c in clips)


def test_a_note_sounding_at_the_end_is_closed_not_dropped():
    classes = np.zeros(64, np.int32)
    classes[60] = 62 - 48 + 2
    clip = clip_from_classes(classes, "melody")
    assert [(n.pitch, n.start_step, n.end_step) for n in clip.notes] == [(62, 60, 64)]


def test_interpolation_rejects_mismatched_or_empty_clips():
    with pytest.raises(StudioError, match="same kind"):
        interpolate(tune(TUNE_A), rock_beat(4))
    with pytest.raises(StudioError, match="Clip B is empty"):
        interpolate(tune(TUNE_A), Clip((), "melody"))
    with pytest.raises(StudioError, match="steps must be an integer from 1 to 16"):
        interpolate(tune(TUNE_A), tune(TUNE_B), 0)
    with pytest.raises(StudioError, match="steps must be an integer from 1 to 16"):
        interpolate(tune(TUNE_A), tune(TUNE_B), 17)
    early, late = tune(TUNE_A[:8]), Clip((Note(60, 40, 44),), "melody")
    with pytest.raises(StudioError, match=f"Clip B has no notes in its first {early.total_steps}"):
        interpolate(early, late)  # B starts after A has ended
    with pytest.raises(StudioError, match="must be a Clip"):
        interpolate("a.mid", tune(TUNE_B))


# --- Groove --------------------------------------------------------------------------------


def test_groove_keeps_the_hits_and_adds_dynamics_and_timing():
    beat = rock_beat(4)
    played = groove(beat, 1.0, 3)
    assert played.kind == "drums" and played.total_steps == 64
    kept = cells(beat) & cells(played)
    assert len(kept) >= 0.8 * len(cells(beat))
    assert len(cells(played) - cells(beat)) <= 0.2 * len(cells(beat))
    velocities = [n.velocity for n in played.notes]
    assert len(set(velocities)) > 5 and velocities != [100] * len(velocities)
    offsets = np.array([n.offset for n in played.notes])
    assert (np.abs(offsets) > 0.005).mean() > 0.8 and np.abs(offsets).max() <= 0.5
    assert groove(beat, 1.0, 3) == played
    assert groove(beat, 1.0, 4) != played


def test_groove_temperature_scales_the_drummers_scatter():
    """Offsets are drawn from the model's predicted spread times the temperature: the same beat
    and seed played hotter scatter more (a humanizer that only played its mean would not)."""
    beat = rock_beat(4)
    spreads = []
    for temperature in (0.01, 0.5, 1.0, 1.5):
        played = groove(beat, temperature, 3)
        spreads.append(np.std([n.offset for n in played.notes]))
    assert all(np.diff(spreads) > 0), spreads
    assert spreads[2] > 2.5 * spreads[0]
    loud = [n.velocity for n in groove(beat, 1.0, 3).notes]
    assert loud != [n.velocity for n in groove(beat, 0.01, 3).notes]


def test_groove_plays_six_bars_as_a_4_bar_and_a_padded_2_bar_chunk():
    six = groove(rock_beat(6), 0.0, 0)
    assert six.total_steps == 96
    tail = {c for c in cells(rock_beat(6)) if c[0] >= 64}
    assert len(tail & cells(six)) >= 0.8 * len(tail)
    four = groove(rock_beat(4), 0.0, 0)  # same first chunk, so the same first 4 bars
    head = [n for n in six.notes if n.start_step < 64]
    assert [(n.start_step, n.pitch) for n in head] == [(n.start_step, n.pitch) for n in four.notes]
    for a, b in zip(head, four.notes, strict=True):
        assert abs(a.velocity - b.velocity) <= 1 and abs(a.offset - b.offset) < 2e-3


def test_groove_rejects_melodies_and_empty_clips():
    with pytest.raises(StudioError, match="Groove needs a drum clip"):
        groove(tune(TUNE_A))
    with pytest.raises(StudioError, match="empty"):
        groove(Clip((), "drums"))
    with pytest.raises(StudioError, match="no hits on the 9 drum classes"):
        groove(Clip((Note(99, 0, 1),), "drums"))


# --- Drumify -------------------------------------------------------------------------------


def onset_steps(clip: Clip) -> set[int]:
    return {n.start_step for n in clip.notes}


@pytest.mark.parametrize("name", ["melody", "bass", "chords", "drums"])
def test_drumify_puts_drums_on_the_input_onsets(name):
    sources = {
        "melody": tune(TUNE_A),
        "bass": Clip(tuple(Note(36 + s % 5, s, s + 3) for s in range(0, 64, 4)), "melody"),
        "chords": Clip(
            tuple(Note(p + s // 16, s, s + 8) for s in range(0, 64, 8) for p in (60, 64, 67)),
            "melody",
        ),
        "drums": rock_beat(4),
    }
    source = sources[name]
    drums = drumify(source, 0.0, 0)
    assert drums.kind == "drums" and drums.total_steps == source.total_steps
    assert {n.pitch for n in drums.notes} <= set(DRUM_OUTPUT_PITCHES)
    # Drums on every onset and nowhere else: tap_constraint guarantees it, whatever the weights.
    assert onset_steps(drums) == onset_steps(source)
    assert drumify(source, 0.0, 0) == drums
    warmer = drumify(source, 0.5, 0)
    assert onset_steps(warmer) == onset_steps(source)
    assert len({n.pitch for n in warmer.notes}) >= 3  # a kit, not one drum


def test_drumify_finds_the_kit_of_a_rock_beat_from_its_rhythm_alone():
    """What the weights add: the drums of a beat collapsed to taps come back far better than the
    issue's baseline, a kick on every tap (this depends on the model, unlike the onsets)."""
    source = rock_beat(4)
    truth = performance_from_clip(source)[..., HIT] > 0
    predicted = performance_from_clip(drumify(source, 0.0, 0), source.total_steps)[..., HIT] > 0
    kick_on_taps = np.zeros_like(truth)
    kick_on_taps[:, 0] = truth.any(axis=1)
    assert hit_f1(predicted, truth) >= hit_f1(kick_on_taps, truth) + 0.3


K, S, CH, OH, R = 36, 38, 42, 46, 51
FIXTURE_GROOVES = {  # one bar each: 16th position -> drums struck
    "rock": {0: (K, CH), 2: (CH,), 4: (S, CH), 6: (CH,), 8: (K, CH), 10: (CH,), 12: (S, CH)}
    | {14: (CH,)},
    "disco": {0: (K,), 2: (OH,), 4: (K, S), 6: (OH,), 8: (K,), 10: (OH,), 12: (K, S), 14: (OH,)},
    "half-time": {0: (K, CH), 2: (CH,), 4: (CH,), 6: (CH,), 8: (S, CH), 10: (CH,), 12: (CH,)}
    | {14: (CH,)},
    "sixteenths": {
        s: (CH,) + ((K,) if s in (0, 10) else ()) + ((S,) if s in (4, 12) else ())
        for s in range(16)
    },
    "ride": {0: (K, R), 4: (S, R), 6: (R,), 8: (K, R), 12: (S, R), 14: (R,)},
}


def groove_clip(bar: dict, bars: int = 4) -> Clip:
    notes = [
        Note(pitch, s + 16 * b, s + 16 * b + 1, 100)
        for b in range(bars)
        for s, pitches in bar.items()
        for pitch in pitches
    ]
    return Clip(tuple(notes), "drums", total_steps=16 * bars)


def test_drumify_meets_its_floor_on_a_fixed_set_of_grooves():
    """Each groove's own onsets, flat (one velocity, on the grid, as the step editor writes
    them), at the studio's default temperature: the drums must come back well above a kick on
    every tap. Measured when the weights were committed: mean hit F1 0.541, kick 0.223."""
    from inference.vae.tools import DRUMIFY_TEMPERATURE

    made_scores, kick_scores = [], []
    for bar in FIXTURE_GROOVES.values():
        source = groove_clip(bar)
        truth = performance_from_clip(source)[..., HIT] > 0
        made = drumify(source, DRUMIFY_TEMPERATURE, 0)
        made_scores.append(hit_f1(performance_from_clip(made, 64)[..., HIT] > 0, truth))
        kick_on_taps = np.zeros_like(truth)
        kick_on_taps[:, 0] = truth.any(axis=1)
        kick_scores.append(hit_f1(kick_on_taps, truth))
    assert np.mean(made_scores) >= 0.5
    assert np.mean(made_scores) >= np.mean(kick_scores) + 0.25


def test_drumify_six_bars_in_chunks():
    source = tune(TUNE_A + TUNE_A[:12])
    drums = drumify(source, 1.0, 0)
    assert drums.total_steps == source.total_steps > 64
    assert onset_steps(drums) & {s for s in onset_steps(source) if s >= 64}


def test_drumify_rejects_empty_input():
    with pytest.raises(StudioError, match="The clip is empty"):
        drumify(Clip((), "melody"))


def test_one_interpolation_step_is_the_halfway_blend():
    a, b = tune(TUNE_A), tune(TUNE_B)
    (single,) = interpolate(a, b, 1, 0.0, 0, bundle=LosslessBundle("melody"))
    three = interpolate(a, b, 3, 0.0, 0, bundle=LosslessBundle("melody"))
    assert single == three[1]  # the middle of A → B, not either end
    assert single != three[0] and single != three[2]


def test_interpolation_endpoints_meet_their_floors_on_fixed_clips():
    """Endpoint note F1 (onset and pitch or drum) at the studio's defaults, the first output
    against A and the last against B: the issue's 0.85 on a fixed set of grooves and two tunes
    (with the codes refined, measured 0.977 / 0.958 and 1.000 / 1.000 when this was written;
    0.892 / 0.894 and 0.863 / 0.871 without)."""
    from inference.evaluation.features import note_f1
    from inference.vae.tools import INTERPOLATE_DEFAULTS

    steps, temperature = INTERPOLATE_DEFAULTS["steps"], INTERPOLATE_DEFAULTS["temperature"]
    grooves = [groove_clip(bar) for bar in FIXTURE_GROOVES.values()]
    tunes = [tune(TUNE_A), tune(TUNE_B)]
    for clips, floor in ((grooves, 0.85), (tunes, 0.85)):
        firsts, lasts = [], []
        for a, b in zip(clips, clips[1:] + clips[:1], strict=True):
            made = interpolate(a, b, steps, temperature, 0)
            firsts.append(note_f1(made[0], a))
            lasts.append(note_f1(made[-1], b))
        assert np.mean(firsts) >= floor and np.mean(lasts) >= floor, (firsts, lasts)
