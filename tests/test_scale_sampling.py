"""Key and scale inside the compiled sampling loops, on the committed weights: Melody RNN (its
generate tool and Continue) and MusicVAE melody (Generate). Temperature 1.5 stresses the mask:
unconstrained, those samplers leave any scale within a few clips (checked too, so a mask that
did nothing would fail here)."""

from __future__ import annotations

import numpy as np
import pytest

from inference.music import Clip, Note, melody_class_to_event
from inference.music.scales import KEY_NAMES, SCALES, in_scale, logit_mask
from inference.rnn.generate import (
    GenerationError,
    continue_sequence,
    load_sampler,
    melody_rnn_generate,
)
from inference.vae.tools import StudioError, generate, interpolate

pytestmark = pytest.mark.slow

HOT = 1.5
# Every scale, each on two keys that differ per scale, so all twelve keys are used.
CASES = [(scale, KEY_NAMES[(3 * i + k * 7) % 12]) for i, scale in enumerate(SCALES) for k in (0, 1)]


def new_pitches(result) -> list[int]:
    """The note-ons the sampler chose (the primer's own notes left out)."""
    return [e for row in result.events for e in row[result.primer_steps :] if e >= 0]


def test_the_scale_takes_pitches_away_not_the_chance_of_a_note():
    from inference.shared.ops import keep_to_scale, scale_terms

    rng = np.random.default_rng(0)
    logits = rng.normal(0, 3, (5, 38)).astype(np.float32)
    mask = logit_mask("D", "minor_pentatonic")
    kept = keep_to_scale(logits, scale_terms(mask, 2)).numpy()
    p, q = softmax(logits), softmax(kept)
    np.testing.assert_allclose(q[:, :2], p[:, :2], rtol=1e-5)  # rests as the model gave them
    np.testing.assert_allclose(q[:, 2:].sum(1), p[:, 2:].sum(1), rtol=1e-5)  # and notes
    assert np.all(q[:, mask < 0] == 0.0)
    allowed = np.flatnonzero(mask == 0)[2:]  # among allowed pitches: the model's own ratios
    ratios = q[:, allowed] / p[:, allowed]
    np.testing.assert_allclose(ratios, np.broadcast_to(ratios[:, :1], ratios.shape), rtol=1e-4)

    unmasked = keep_to_scale(logits, scale_terms(np.zeros(38, np.float32), 2)).numpy()
    assert np.array_equal(unmasked, logits)  # bit for bit: scale off changes nothing


def softmax(x: np.ndarray) -> np.ndarray:
    e = np.exp(x - x.max(axis=1, keepdims=True))
    return e / e.sum(axis=1, keepdims=True)


@pytest.mark.parametrize(("scale", "key"), CASES)
def test_melody_rnn_never_leaves_the_scale(scale, key):
    pitches = []
    for seed in (0, 1, 2):
        result = melody_rnn_generate(
            primer_melody=[60], num_outputs=8, num_steps=96, temperature=HOT, seed=seed,
            key=key, scale=scale,
        )  # fmt: skip
        pitches += new_pitches(result)
    assert len(pitches) > 100  # it did play: a rest-only melody would pass trivially
    outside = [p for p in pitches if not in_scale([p], key, scale)]
    assert outside == [], f"{key} {scale}: {len(outside)} of {len(pitches)} pitches outside"


def test_unconstrained_sampling_leaves_the_scale_so_the_mask_is_what_keeps_it():
    result = melody_rnn_generate(primer_melody=[60], num_outputs=8, num_steps=96, temperature=HOT)
    pitches = new_pitches(result)
    assert not in_scale(pitches, "C", "major_pentatonic")


def test_scale_off_is_the_model_unchanged_and_the_loop_traces_once():
    sampler = load_sampler("melody_rnn")
    plain = melody_rnn_generate(primer_melody=[60], num_outputs=3, num_steps=64, seed=5)
    off = melody_rnn_generate(
        primer_melody=[60], num_outputs=3, num_steps=64, seed=5, key="D", scale="off"
    )
    assert plain.events == off.events
    before = sampler._sample.experimental_get_tracing_count()
    for length, scale in ((40, "blues"), (130, "dorian"), (17, "major")):
        melody_rnn_generate(primer_melody=[62, -2], num_steps=length, scale=scale, key="E")
    assert sampler._sample.experimental_get_tracing_count() == before == 1


def test_the_primer_is_kept_as_given_even_outside_the_scale():
    primer = [61, -2, 63, -2, 66, -1]  # C#, D#, F#: none of them in C major
    result = melody_rnn_generate(
        primer_melody=primer, num_outputs=4, num_steps=64, temperature=HOT, scale="major"
    )
    assert all(row[:6] == primer for row in result.events)
    assert in_scale(new_pitches(result), "C", "major")


def test_continue_keeps_the_key_it_finds_in_the_primer():
    # E minor: E G A B D E, with D# as a leading tone (harmonic minor's), held long on E.
    tune = [(64, 4), (67, 2), (69, 2), (71, 4), (74, 2), (71, 2), (69, 2), (67, 2), (66, 2)]
    tune += [(63, 2), (64, 6)]
    notes, step = [], 0
    for pitch, length in tune:
        notes.append(Note(pitch, step, step + length, 90))
        step += length
    primer = Clip(tuple(notes), "melody", total_steps=step)
    minor = continue_sequence(primer, "melody", 64, 6, HOT, 3, key="primer", scale="natural_minor")
    assert "The primer's key was found to be E minor; new notes keep to E natural_minor." in (
        minor.notices
    )
    assert len(new_pitches(minor)) > 30 and in_scale(new_pitches(minor), "E", "natural_minor")
    # A major-type scale goes to the relative major (G), which shares the primer's notes.
    major = continue_sequence(primer, "melody", 64, 6, HOT, 3, key="primer", scale="major")
    assert major.notices[-1].endswith("new notes keep to G major.")
    assert in_scale(new_pitches(major), "G", "major")


def test_continue_drums_take_no_scale_and_bad_names_are_refused():
    with pytest.raises(GenerationError, match="apply to melodies"):
        continue_sequence([1, 0, 4], "drums", 16, scale="major")
    assert continue_sequence([1, 0, 4], "drums", 16, key="primer").primer_steps == 3
    with pytest.raises(GenerationError, match="scale must be one of"):
        continue_sequence([60], "melody", 16, scale="lydian")
    with pytest.raises(GenerationError, match="key must be one of"):
        continue_sequence([60], "melody", 16, key="H", scale="major")


@pytest.mark.parametrize(("scale", "key"), CASES)
def test_generate_never_leaves_the_scale_sampled_or_greedy(scale, key):
    pitches = []
    for temperature, seed in ((HOT, 0), (HOT, 1), (0.0, 2)):
        clips = generate("melody", 16, temperature, seed, key=key, scale=scale)
        pitches += [n.pitch for clip in clips for n in clip.notes]
    assert len(pitches) > 100
    outside = [p for p in pitches if not in_scale([p], key, scale)]
    assert outside == [], f"{key} {scale}: {len(outside)} of {len(pitches)} pitches outside"


def test_generate_moves_one_decoding_to_the_asked_key():
    # Each clip decoded on its own home key with the mask, then moved whole: two keys a
    # semitone apart give the same clips a semitone (or that minus an octave) apart.
    c, c_sharp = (generate("melody", 6, 0.4, 9, key=k, scale="dorian") for k in ("C", "C#"))
    assert sum(len(clip.notes) for clip in c) > 20
    for low, high in zip(c, c_sharp, strict=True):
        assert [(n.start_step, n.end_step) for n in low.notes] == [
            (n.start_step, n.end_step) for n in high.notes
        ]
        moves = {b.pitch - a.pitch for a, b in zip(low.notes, high.notes, strict=True)}
        assert len(moves) <= 1 and moves <= {1, -11}


def test_each_row_of_one_decoding_keeps_to_its_own_mask():
    from inference.vae.keys import home_keys
    from inference.vae.tools import load_bundle

    bundle = load_bundle("musicvae_melody")
    z = np.random.default_rng(3).standard_normal((16, bundle.config.latent)) * 0.8
    keys = [KEY_NAMES[i % 12] for i in range(16)]
    masks = np.stack([logit_mask(key, "major_pentatonic") for key in keys])
    for row, key in zip(bundle.decode(z, HOT, 4, masks), keys, strict=True):
        events = [e for e in map(melody_class_to_event, row) if e >= 0]
        assert events and in_scale(events, key, "major_pentatonic"), key
    # The codes of one batch are in different keys of their own, so their homes differ.
    assert len(set(home_keys(bundle.decode(z, 0.4, 4), "major"))) > 2


def test_generate_unconstrained_leaves_the_scale_and_off_changes_nothing():
    clips = generate("melody", 16, HOT, 0)
    assert not in_scale([n.pitch for c in clips for n in c.notes], "C", "major_pentatonic")
    assert generate("melody", 4, 1.0, 7) == generate("melody", 4, 1.0, 7, key="F#", scale="off")


def test_generate_drums_refuse_a_scale_and_interpolate_is_unconstrained():
    with pytest.raises(StudioError, match="apply to melodies"):
        generate("drums", 2, 1.0, 0, scale="blues")
    with pytest.raises(StudioError, match="key must be one of"):
        generate("melody", 2, 1.0, 0, key="primer", scale="blues")
    a = Clip(tuple(Note(61 + 2 * i, 4 * i, 4 * i + 4) for i in range(8)), "melody")
    b = Clip(tuple(Note(73 - i, 4 * i, 4 * i + 4) for i in range(8)), "melody")
    assert interpolate(a, b, 3, 0.25, 0)  # decodes with the all-zero mask


def test_the_vae_mask_is_an_input_of_one_trace():
    from inference.vae.tools import load_bundle

    bundle = load_bundle("musicvae_melody")
    z = np.zeros((2, bundle.config.latent), np.float32)
    for scale in ("major", "blues", "off"):
        bundle.decode(z, 1.0, 0, logit_mask("A", scale))
    assert bundle._decode.experimental_get_tracing_count() == 1


def test_the_cli_keeps_a_scale(tmp_path):
    from inference.melody_rnn_generate import main
    from inference.music.midi_io import read_midi

    primer = "--primer_melody=[57, -2, 60, -2, 64, -2, 57, -2]"  # A C E A: A minor
    argv = ["--num_outputs=3", "--num_steps=64", primer, "--temperature=1.5"]
    argv += ["--seed=4", "--key=primer", "--scale=minor_pentatonic", f"--output_dir={tmp_path}"]
    assert main(argv) == 0
    pitches = []
    for path in sorted(tmp_path.glob("*.mid")):
        pitches += [n.pitch for n in read_midi(path.read_bytes(), "melody").notes[4:]]
    assert len(pitches) > 20 and in_scale(pitches, "A", "minor_pentatonic")
