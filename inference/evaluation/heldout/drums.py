"""Held-out suites of the drum generators on the Groove MIDI Dataset's test split: MusicVAE
drums (Generate 4 bars) and Drums RNN (Continue).

Generate's clips are compared with held-out 4-bar windows through the drum features of
:mod:`..drum_features` (hits per bar of each class, off-beat share, syncopation, grooving
similarity) as OA (:mod:`.common`), next to the positional table (each class's train frequency
at each 16th of the window, every cell an independent draw), a bigram over the 512 drum events
and the other half of the split (the ceiling); the per-class hit rates and the bar-to-bar
grooving similarity are checked against the issue's targets. TensorFlow loads only inside the
studio's functions the suites call.
"""

from __future__ import annotations

from pathlib import Path

import numpy as np

from ...music import DRUM_CLASSES, DRUM_NUM_EVENTS, drum_events_from_clip
from ...training.datasets import Sequence
from ...training.windows import drum_windows, load_gmd_performances
from ...vae.data import HIT, drum_events_from_hits
from .. import drum_features as d
from ..baselines import fit_bigram
from ..samplers import PositionalTable, first_events, sample_bigram
from . import common, continuation
from .common import CEILING, SAMPLE_CLIPS, halves, oa_table
from .report import Report

# The studio's default temperature (studio/tools/fields.py; inference never imports the studio).
STUDIO_TEMPERATURE = 1.0
GENERATE_SWEEP = (0.5, 0.8, 1.0)
MIN_GS, RATE_TOLERANCE = 0.80, 0.30  # the targets for Generate
DATA = "Groove MIDI Dataset v1.0.0, 4/4 files quantized to 16ths; drummers' takes never trained on"


def gmd(data_dir: Path):
    """Per split: the non-overlapping 4-bar event windows MusicVAE is evaluated on (train:
    overlapping), the whole takes as event sequences (for the bigram), and the bigram itself."""
    performances = load_gmd_performances(data_dir, cache_dir=common.CACHE_DIR)
    windows = drum_windows(performances)
    takes = {
        split: [Sequence(p.name, drum_events_from_hits(p.tensor[..., HIT])) for p in items]
        for split, items in performances.items()
    }
    bigram, _ = fit_bigram(takes["train"], takes["validation"], DRUM_NUM_EVENTS)
    return windows, bigram


def grids(windows: np.ndarray) -> list[np.ndarray]:
    return [d.hits(w) for w in windows]


def events_of(grid_batch: np.ndarray) -> np.ndarray:
    return (grid_batch * (1 << np.arange(grid_batch.shape[-1]))).sum(axis=-1).astype(np.int32)


def class_rates(windows: np.ndarray) -> np.ndarray:
    """Mean hits per bar of each class over a set of windows ``[9]``."""
    return np.mean([d.hits_per_bar(g) for g in grids(windows)], axis=0)


def generate_windows(checkpoint: Path, temperature: float, seed: int) -> np.ndarray:
    """``SAMPLE_CLIPS`` clips from the studio's Generate, as ``[N, 64]`` drum events."""
    from ...vae.tools import generate, load_bundle

    bundle, clips = load_bundle(checkpoint), []
    for call in range(-(-SAMPLE_CLIPS // 25)):
        clips += generate("drums", 25, temperature, seed * 1000 + call, bundle=bundle)
    rows = [(drum_events_from_clip(c)[0] + [0] * 64)[:64] for c in clips[:SAMPLE_CLIPS]]
    return np.array(rows, np.int32)


def rate_deviation(made: np.ndarray, real_rates: np.ndarray) -> np.ndarray:
    return class_rates(made) / np.maximum(real_rates, 1e-9) - 1


def musicvae_drums_suite(spec, data_dir: Path, split: str, checkpoint: Path, seed: int) -> Report:
    windows, bigram = gmd(data_dir)
    held_out, train = windows[split], windows["train"]
    report = Report(spec.name, split, DATA)
    model = generate_windows(checkpoint, STUDIO_TEMPERATURE, seed)
    rng = np.random.default_rng([seed, 3])
    starts = first_events(train, len(model), rng)
    tails = sample_bigram(bigram, starts, 63, rng)
    reference, real = halves(held_out, seed)
    label = f"MusicVAE (T = {STUDIO_TEMPERATURE:g})"
    sets = {
        label: model,
        "positional table": events_of(
            PositionalTable(np.array(grids(train))).sample(len(model), rng)
        ),
        "drum bigram": np.concatenate([starts[:, None], tails], axis=1),
        CEILING: real,
    }
    features = {name: d.drum_feature_table(grids(w)) for name, w in sets.items()}
    note = (
        f"Overlapped area of each feature's distribution with that of {len(reference)} held-out "
        f"4-bar windows ({len(model)} clips per set). Syncopation: Longuet-Higgins & Lee's "
        "measure per bar of the onsets; grooving similarity: MusDr's GS between the bars of a "
        f"clip. The bigram (smoothing {bigram.alpha:g}, chosen on validation) and the table are "
        "fitted on the train split."
    )
    title = "Generate 4 bars: drum features"
    oa_table(report, title, features, d.drum_feature_table(grids(reference)), label, CEILING, note)
    real_rates = class_rates(held_out)
    rates = report.table(
        "Generate 4 bars: hits per bar of each drum class",
        [f"held-out {split}", label, "relative difference"],
        note=f"Means over all {len(held_out)} held-out windows and over the generated clips.",
    )
    made_rates, deviation = class_rates(model), rate_deviation(model, real_rates)
    for index, (name, _) in enumerate(DRUM_CLASSES):
        rates.add(
            name,
            **{f"held-out {split}": real_rates[index], label: made_rates[index]},
            **{"relative difference": deviation[index]},
        )
    gs = {name: float(np.mean(table["grooving similarity"])) for name, table in features.items()}
    report.target("Generate: mean bar-to-bar grooving similarity", gs[label], MIN_GS)
    report.target(
        "Generate: largest relative difference of a class's hits per bar from the held-out "
        f"split ({DRUM_CLASSES[int(np.argmax(np.abs(deviation)))][0]})",
        float(np.abs(deviation).max()),
        RATE_TOLERANCE,
        higher_is_better=False,
    )
    report.notes.append(
        f"Grooving similarity of the real held-out windows: {np.mean(d.drum_feature_table(grids(held_out))['grooving similarity']):.3f}."
    )
    sweep = report.table(
        "Generate: temperature sweep on the validation split",
        ["grooving similarity", "largest rate difference"],
        note="Measured as above against the validation split (settings are chosen here).",
    )
    validation_rates = class_rates(windows["validation"])
    for value in GENERATE_SWEEP:
        made = generate_windows(checkpoint, value, seed)
        sweep.add(
            f"T = {value:g}",
            **{
                "grooving similarity": float(
                    np.mean([d.grooving_similarity(g) for g in grids(made)])
                )
            },
            **{
                "largest rate difference": float(
                    np.abs(rate_deviation(made, validation_rates)).max()
                )
            },
        )
    return report


def drums_rnn_suite(spec, data_dir: Path, split: str, checkpoint: Path, seed: int) -> Report:
    windows, bigram = gmd(data_dir)
    report = Report(spec.name, split, DATA)
    table = PositionalTable(np.array(grids(windows["train"])))
    baselines = {
        "positional table": lambda w: continuation.table_continuation(w, table, seed),
        "drum bigram": lambda w: continuation.bigram_continuation(w, bigram, seed),
    }
    scores = continuation.continue_tables(
        report,
        "drums",
        windows[split],
        windows["validation"],
        checkpoint,
        seed,
        STUDIO_TEMPERATURE,
        baselines,
    )
    model = next(iter(scores))
    report.target(
        "Continue: hit F1 of bars 2-4 at least that of copying the primer bar "
        f"({scores['copy the primer bar']:.3f})",
        scores[model],
        scores["copy the primer bar"],
    )
    return report
