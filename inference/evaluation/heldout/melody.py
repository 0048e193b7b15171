"""Held-out suites of the melody generators: Melody RNN (its generate tool and Continue) and
MusicVAE melody (Generate 4 bars), on the melodies' own test split (``load_melodies``).

Generated clips are compared with real held-out windows of the same length feature by feature
(:mod:`.common`), next to a note bigram fitted on the train split, uniformly random events and
real held-out music (the other half of the split: the ceiling); key-keeping is the share of the
notes in the best-fitting major scale (:mod:`..tonality`); the same features with the studio's
Key and Scale controls on every scale and key are added by :mod:`.scales`, whose suites wrap
these. TensorFlow loads only
inside the studio's functions the suites call.
"""

from __future__ import annotations

from pathlib import Path

import numpy as np

from ...music import MELODY_NUM_CLASSES, STEPS_PER_BAR, melody_event_to_class
from ...training.datasets import load_melodies
from .. import features as f
from ..baselines import fit_bigram
from ..samplers import first_events, sample_bigram, uniform_events
from ..tonality import scale_fit
from . import continuation
from .common import (
    CEILING,
    CONTINUE_TEMPERATURE,
    GENERATE_SWEEP,
    GENERATE_TEMPERATURE,
    MELODY_RNN_TEMPERATURE,
    SAMPLE_CLIPS,
    feature_oa,
    halves,
    oa_table,
)
from .report import Report

MELODY_RNN_STEPS = 128  # the Melody RNN tool's default num_steps (8 bars), the primer [60] in it
MELODY_RNN_PRIMER = 60
WINDOW = 4 * STEPS_PER_BAR  # Generate's and Continue's windows
SWEEP_WINDOWS = 500  # validation windows per temperature of the Continue sweep


def melody_features(windows: np.ndarray) -> dict[str, np.ndarray]:
    """The MGEval-style features (plus MusDr's H and GS) of class windows, per clip."""
    clips = [continuation.clip_of(w, "melody") for w in windows]
    scalars = {
        "pitch count": f.pitch_count,
        "pitch range": f.pitch_range,
        "average interval": f.average_interval,
        "note count": f.note_count,
        "inter-onset interval": f.average_inter_onset_interval,
        "pitch-class entropy": f.pitch_class_entropy,
        "grooving similarity": f.grooving_similarity,
    }
    table = {name: np.array([fn(c) for c in clips], float) for name, fn in scalars.items()}
    table["pitch-class histogram"] = np.array([f.pitch_class_histogram(c) for c in clips])
    table["note-length histogram"] = np.array([f.note_length_histogram(c) for c in clips])
    return table


def cut(sequences, length: int) -> np.ndarray:
    """Every full, non-overlapping window of ``length`` steps ``[N, length]`` (from step 0)."""
    rows = [
        seq.classes[start : start + length]
        for seq in sequences
        for start in range(0, len(seq.classes) - length + 1, length)
    ]
    return np.array(rows, np.int32).reshape(-1, length)


def playing(windows: np.ndarray) -> np.ndarray:
    """Windows with at least 4 note-ons (as MusicVAE's data keeps them): not a rest."""
    return windows[(windows >= 2).sum(axis=1) >= 4]


def compare_generated(report, title, model_label, model, windows, bigram, seed, starts):
    """The OA table and the key-keeping table of generated class windows against the split."""
    steps = windows.shape[1]
    reference, real = halves(windows, seed)
    rng = np.random.default_rng([seed, 3])
    tails = sample_bigram(bigram, starts, steps - 1, rng)
    sets = {
        model_label: model,
        "note bigram": np.concatenate([starts[:, None], tails], axis=1),
        "uniform random": uniform_events(len(model), steps, MELODY_NUM_CLASSES, rng),
        CEILING: real,
    }
    features = {label: melody_features(w) for label, w in sets.items()}
    note = (
        f"Overlapped area of each feature's distribution with that of {len(reference)} held-out "
        f"{steps // STEPS_PER_BAR}-bar windows ({len(model)} clips per set; histograms compared "
        "through their distances, as MGEval does). The ceiling is a disjoint sample of the same "
        f"split. The bigram is fitted on the train split (smoothing {bigram.alpha:g}, chosen on "
        "validation); uniform random draws every step from the 38 events (rest, note-off and "
        "36 pitches) with equal chance."
    )
    wins = oa_table(report, title, features, melody_features(reference), model_label, CEILING, note)
    keys = report.table(
        f"{title}: key-keeping",
        ["scale fit"],
        note="The mean share of a clip's notes in its best-fitting major scale.",
    )
    for label, made in sets.items():
        keys.add(
            label,
            **{
                "scale fit": float(
                    np.mean([scale_fit(continuation.clip_of(w, "melody")) for w in made])
                )
            },
        )
    return wins


def melody_rnn_suite(spec, data_dir: Path, split: str, checkpoint: Path, seed: int) -> Report:
    from ...rnn.generate import melody_rnn_generate

    data = load_melodies(data_dir)
    report = Report(spec.name, split, f"{data.description}; tunes never trained on")
    bigram, _ = fit_bigram(data.splits["train"], data.splits["validation"], MELODY_NUM_CLASSES)
    windows = playing(cut(data.splits[split], MELODY_RNN_STEPS))
    made = []
    for call in range(-(-SAMPLE_CLIPS // 50)):
        result = melody_rnn_generate(
            primer_melody=[MELODY_RNN_PRIMER],
            num_outputs=50,
            num_steps=MELODY_RNN_STEPS,
            temperature=MELODY_RNN_TEMPERATURE,
            seed=seed * 1000 + call,
            checkpoint=checkpoint,
        )
        made += [[melody_event_to_class(e) for e in row] for row in result.events]
    model = np.array(made[:SAMPLE_CLIPS], np.int32)
    starts = np.full(len(model), melody_event_to_class(MELODY_RNN_PRIMER))
    title = f"Melody RNN generate (primer [60], {MELODY_RNN_STEPS} steps, T = {MELODY_RNN_TEMPERATURE:g})"
    compare_generated(report, title, "Melody RNN", model, windows, bigram, seed, starts)
    rng = np.random.default_rng([seed, 5])
    test = playing(cut(data.splits[split], WINDOW))
    val = _subset(playing(cut(data.splits["validation"], WINDOW)), SWEEP_WINDOWS, rng)
    baselines = {"note bigram": lambda w: continuation.bigram_continuation(w, bigram, seed)}
    continuation.continue_tables(
        report, "melody", test, val, checkpoint, seed, CONTINUE_TEMPERATURE, baselines
    )
    return report


def vae_melodies(bundle, temperature: float, seed: int) -> np.ndarray:
    """``SAMPLE_CLIPS`` clips from the studio's Generate, as ``[N, 64]`` melody classes."""
    from ...vae.tools import classes_from_clip, generate

    clips = []
    for call in range(-(-SAMPLE_CLIPS // 25)):
        clips += generate("melody", 25, temperature, seed * 1000 + call, bundle=bundle)
    return np.array([classes_from_clip(c, WINDOW) for c in clips[:SAMPLE_CLIPS]], np.int32)


def musicvae_melody_suite(spec, data_dir: Path, split: str, checkpoint: Path, seed: int) -> Report:
    from ...vae.tools import load_bundle

    data = load_melodies(data_dir)
    report = Report(spec.name, split, f"{data.description}; tunes never trained on")
    bigram, _ = fit_bigram(data.splits["train"], data.splits["validation"], MELODY_NUM_CLASSES)
    windows = playing(cut(data.splits[split], WINDOW))
    bundle = load_bundle(checkpoint)
    model = vae_melodies(bundle, GENERATE_TEMPERATURE, seed)
    train = playing(cut(data.splits["train"], WINDOW))
    starts = first_events(train, len(model), np.random.default_rng([seed, 9]))
    title = f"Generate 4 bars (T = {GENERATE_TEMPERATURE:g})"
    compare_generated(report, title, "MusicVAE", model, windows, bigram, seed, starts)
    sweep = report.table(
        "Generate: temperature sweep on the validation split",
        ["mean OA", "scale fit"],
        note=f"{SAMPLE_CLIPS} clips per temperature, features as above against a validation "
        "sample; settings are chosen here, never on test.",
    )
    reference, _ = halves(playing(cut(data.splits["validation"], WINDOW)), seed)
    real = melody_features(reference)
    for value in GENERATE_SWEEP:
        made = vae_melodies(bundle, value, seed)
        table = melody_features(made)
        fit = np.mean([scale_fit(continuation.clip_of(w, "melody")) for w in made])
        oa = np.mean([feature_oa(table[k], real[k]) for k in real])
        sweep.add(f"T = {value:g}", **{"mean OA": float(oa), "scale fit": float(fit)})
    return report


def _subset(windows: np.ndarray, size: int, rng: np.random.Generator) -> np.ndarray:
    return windows[np.sort(rng.permutation(len(windows))[:size])]
