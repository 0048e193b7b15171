"""Held-out suites of the melody generators: Melody RNN (its generate tool and Continue) and
MusicVAE melody (Generate 4 bars), on the melodies' own test split (``load_melodies``).

Generated clips are compared with real held-out windows of the same length feature by feature
(:mod:`.common`), next to a note bigram fitted on the train split, uniformly random events and
real held-out music (the other half of the split: the ceiling); key-keeping is the share of the
notes in the best-fitting major scale (:mod:`..tonality`). TensorFlow loads only inside the
studio's functions the suites call.
"""

from __future__ import annotations

from pathlib import Path

import numpy as np

from ...music import MELODY_NUM_CLASSES, STEPS_PER_BAR, melody_event_to_class
from ...training.datasets import load_melodies
from ...training.windows import event_windows
from .. import features as f
from ..baselines import fit_bigram
from ..samplers import first_events, sample_bigram, uniform_events
from ..tonality import scale_fit
from . import continuation
from .common import CEILING, SAMPLE_CLIPS, halves, oa_table
from .report import Report

# The studio's default temperature (studio/tools/fields.py; inference never imports the studio).
STUDIO_TEMPERATURE = 1.0
MELODY_RNN_STEPS = 128  # the Melody RNN tool's default num_steps (8 bars), the primer [60] in it
MELODY_RNN_PRIMER = 60
CONTINUE_WINDOWS = 500  # test windows for Continue (all of them take minutes on a busy CPU)
SWEEP_WINDOWS = 300


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
        "validation)."
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
    windows = playing(event_windows(data.splits[split], MELODY_RNN_STEPS))
    made = []
    for call in range(-(-SAMPLE_CLIPS // 50)):
        result = melody_rnn_generate(
            primer_melody=[MELODY_RNN_PRIMER],
            num_outputs=50,
            num_steps=MELODY_RNN_STEPS,
            temperature=STUDIO_TEMPERATURE,
            seed=seed * 1000 + call,
            checkpoint=checkpoint,
        )
        made += [[melody_event_to_class(e) for e in row] for row in result.events]
    model = np.array(made[:SAMPLE_CLIPS], np.int32)
    starts = np.full(len(model), melody_event_to_class(MELODY_RNN_PRIMER))
    title = (
        f"Melody RNN generate (primer [60], {MELODY_RNN_STEPS} steps, T = {STUDIO_TEMPERATURE:g})"
    )
    compare_generated(report, title, "Melody RNN", model, windows, bigram, seed, starts)
    rng = np.random.default_rng([seed, 5])
    test = _subset(
        playing(event_windows(data.splits[split], 4 * STEPS_PER_BAR)), CONTINUE_WINDOWS, rng
    )
    val = _subset(
        playing(event_windows(data.splits["validation"], 4 * STEPS_PER_BAR)), SWEEP_WINDOWS, rng
    )
    baselines = {"note bigram": lambda w: continuation.bigram_continuation(w, bigram, seed)}
    continuation.continue_tables(
        report, "melody", test, val, checkpoint, seed, STUDIO_TEMPERATURE, baselines
    )
    return report


def musicvae_melody_suite(spec, data_dir: Path, split: str, checkpoint: Path, seed: int) -> Report:
    from ...vae.tools import classes_from_clip, generate, load_bundle

    data = load_melodies(data_dir)
    report = Report(spec.name, split, f"{data.description}; tunes never trained on")
    bigram, _ = fit_bigram(data.splits["train"], data.splits["validation"], MELODY_NUM_CLASSES)
    windows = playing(event_windows(data.splits[split], 4 * STEPS_PER_BAR))
    bundle = load_bundle(checkpoint)
    clips = []
    for call in range(-(-SAMPLE_CLIPS // 25)):
        clips += generate("melody", 25, STUDIO_TEMPERATURE, seed * 1000 + call, bundle=bundle)
    model = np.array([classes_from_clip(c, 64) for c in clips[:SAMPLE_CLIPS]], np.int32)
    train = playing(event_windows(data.splits["train"], 4 * STEPS_PER_BAR))
    starts = first_events(train, len(model), np.random.default_rng([seed, 9]))
    title = f"Generate 4 bars (T = {STUDIO_TEMPERATURE:g})"
    compare_generated(report, title, "MusicVAE", model, windows, bigram, seed, starts)
    return report


def _subset(windows: np.ndarray, size: int, rng: np.random.Generator) -> np.ndarray:
    return windows[np.sort(rng.permutation(len(windows))[:size])]
