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
from ...vae.config import VaeConfig
from ...vae.data import HIT, drum_events_from_hits
from .. import drum_features as d
from ..baselines import fit_bigram
from ..samplers import PositionalTable, first_events, sample_bigram
from . import common, continuation
from .common import (
    CEILING,
    CONTINUE_TEMPERATURE,
    GENERATE_SWEEP,
    GENERATE_TEMPERATURE,
    SAMPLE_CLIPS,
    feature_oa,
    halves,
    oa_table,
)
from .report import Report

# Generated clips behind Generate's targets: grooving similarity varies enough from clip to
# clip that 200 leave a seed-to-seed spread of about ±0.015 around the 0.80 threshold.
TARGET_CLIPS = 1000
MIN_GS, RATE_TOLERANCE = 0.80, 0.30  # the targets for Generate
# Open hi-hat, the toms and the crash: the colours of fills and accents, which a low
# temperature makes rarer (the sweep reports their hits per bar together).
RARE_CLASSES = (3, 4, 5, 6, 7)
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


def generate_windows(checkpoint: Path, temperature: float, seed: int, count: int) -> np.ndarray:
    """``count`` clips from the studio's Generate, as ``[N, 64]`` drum events (the first
    ``SAMPLE_CLIPS`` of a larger count are the same clips)."""
    from ...vae.tools import generate, load_bundle

    bundle, clips = load_bundle(checkpoint), []
    for call in range(-(-count // 25)):
        clips += generate("drums", 25, temperature, seed * 1000 + call, bundle=bundle)
    rows = [(drum_events_from_clip(c)[0] + [0] * 64)[:64] for c in clips[:count]]
    return np.array(rows, np.int32)


def rate_deviation(made: np.ndarray, real_rates: np.ndarray) -> np.ndarray:
    return class_rates(made) / np.maximum(real_rates, 1e-9) - 1


def generate_measures(made: np.ndarray, reference: np.ndarray, real_rates: np.ndarray) -> dict:
    """Generate's two targets (on all of ``made``) and the mean feature OA of its first
    ``SAMPLE_CLIPS`` against ``reference`` windows."""
    real = d.drum_feature_table(grids(reference))
    features = d.drum_feature_table(grids(made[:SAMPLE_CLIPS]))
    rare = list(RARE_CLASSES)
    return {
        "grooving similarity": float(np.mean([d.grooving_similarity(g) for g in grids(made)])),
        "largest rate difference": float(np.abs(rate_deviation(made, real_rates)).max()),
        "rare-class hits": float(class_rates(made)[rare].sum() / real_rates[rare].sum() - 1),
        "mean OA": float(np.mean([feature_oa(features[k], real[k]) for k in real])),
    }


def musicvae_drums_suite(spec, data_dir: Path, split: str, checkpoint: Path, seed: int) -> Report:
    windows, bigram = gmd(data_dir)
    held_out, train = windows[split], windows["train"]
    report = Report(spec.name, split, DATA)
    generated = generate_windows(checkpoint, GENERATE_TEMPERATURE, seed, TARGET_CLIPS)
    model = generated[:SAMPLE_CLIPS]
    rng = np.random.default_rng([seed, 3])
    starts = first_events(train, len(model), rng)
    tails = sample_bigram(bigram, starts, 63, rng)
    reference, real = halves(held_out, seed)
    label = f"MusicVAE (T = {GENERATE_TEMPERATURE:g})"
    table = PositionalTable(np.array(grids(train)))
    sets = {
        label: model,
        "positional table": events_of(table.sample(len(model), rng)),
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
    columns = [f"held-out {split}", "train", label, "relative difference"]
    columns += ["train vs held-out", "half vs half"]
    rates = report.table(
        "Generate 4 bars: hits per bar of each drum class",
        columns,
        note=f"Means over all {len(held_out)} held-out windows, the {len(train)} train windows "
        f"and {len(generated)} generated clips; relative difference = generated / held-out - 1. For scale: "
        "the train split against the held-out one, and one half of the held-out sample against "
        "the other (how far two sets of real drumming differ by chance and by drummer).",
    )
    made_rates, deviation = class_rates(generated), rate_deviation(generated, real_rates)
    train_rates, noise = class_rates(train), rate_deviation(real, class_rates(reference))
    for i, (name, _) in enumerate(DRUM_CLASSES):
        values = [real_rates[i], train_rates[i], made_rates[i], deviation[i]]
        values += [train_rates[i] / max(real_rates[i], 1e-9) - 1, noise[i]]
        rates.add(name, **dict(zip(columns, values, strict=True)))
    real_gs = float(np.mean(d.drum_feature_table(grids(held_out))["grooving similarity"]))
    gs = float(np.mean([d.grooving_similarity(g) for g in grids(generated)]))
    report.target(
        f"Generate: mean bar-to-bar grooving similarity of {len(generated)} clips (held-out "
        f"drumming: {real_gs:.3f})",
        gs,
        MIN_GS,
    )
    worst = DRUM_CLASSES[int(np.argmax(np.abs(deviation)))][0]
    report.target(
        "Generate: largest relative difference of a class's hits per bar from the held-out "
        f"split ({worst})",
        float(np.abs(deviation).max()),
        RATE_TOLERANCE,
        higher_is_better=False,
    )
    sweep = report.table(
        "Generate: temperature sweep on the validation split",
        ["grooving similarity", "largest rate difference", "rare-class hits", "mean OA"],
        note=f"{TARGET_CLIPS} clips per temperature (OA: the first {SAMPLE_CLIPS}) against the "
        "validation split (rates: all its windows; OA: a sample as above); rare-class hits: the "
        "hits per bar of open hi-hat, toms and crash together, relative to the split's. "
        "Settings are chosen here, never on test.",
    )
    validation = windows["validation"]
    val_reference, _ = halves(validation, seed)
    swept = {}
    for value in GENERATE_SWEEP:
        made = generate_windows(checkpoint, value, seed, TARGET_CLIPS)
        swept[value] = generate_measures(made, val_reference, class_rates(validation))
        sweep.add(f"T = {value:g}", **swept[value])
    if GENERATE_TEMPERATURE in swept and 1.0 in swept:
        chosen, full = swept[GENERATE_TEMPERATURE], swept[1.0]
        report.notes.append(
            f"The studio's default temperature for Generate is {GENERATE_TEMPERATURE:g}: on "
            f"validation its grooving similarity is {chosen['grooving similarity']:.3f} against "
            f"{full['grooving similarity']:.3f} at T = 1; open hi-hat, toms and crash together "
            f"are {chosen['rare-class hits']:+.1%} off the split's hits per bar "
            f"({full['rare-class hits']:+.1%} at T = 1) and the mean feature OA is "
            f"{chosen['mean OA']:.3f} ({full['mean OA']:.3f})."
        )
    if VaeConfig.load(checkpoint).generate_class_offsets:
        report.notes.append(
            "Generate samples with the checkpoint's drum-class calibration (its section above): "
            "per-class logit offsets that give each class the train split's hits per bar at "
            "every temperature."
        )
    shifted = [
        f"{name} ({train_rates[i] / max(real_rates[i], 1e-9) - 1:+.0%})"
        for i, (name, _) in enumerate(DRUM_CLASSES)
        if abs(train_rates[i] / max(real_rates[i], 1e-9) - 1) > RATE_TOLERANCE
    ]
    if shifted:
        report.notes.append(
            f"The train split itself is more than {RATE_TOLERANCE:.0%} away from the {split} "
            f"split's hits per bar on {', '.join(shifted)}: a model that matched its training "
            "data exactly would miss the rate target there too."
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
        CONTINUE_TEMPERATURE,
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
