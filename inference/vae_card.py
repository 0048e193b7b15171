"""Model cards for the VAE checkpoints: ``card.json`` and a readable ``README.md``.

Licence texts and split rules are shared with the RNN cards (:mod:`inference.card`).
"""

from __future__ import annotations

import csv
import datetime as dt
import json
from dataclasses import asdict
from pathlib import Path

from .card import LICENSES, SPLIT_RULES

PURPOSE = {
    "musicvae_melody": "Generate and Interpolate for 4-bar melodies (MusicVAE)",
    "musicvae_drums": "Generate and Interpolate for 4-bar drum patterns (MusicVAE)",
    "groovae": "Groove: humanize quantized drums with velocities and micro-timing (GrooVAE)",
    "tap2drum": "Drumify: a full drum part from the rhythm of any clip (Tap2Drum GrooVAE)",
}
BASELINES = {
    "musicvae": {
        "reconstruction_accuracy": "the most frequent event of the train split at each of the "
        "64 step positions",
        "kl": "0 by definition: the baseline sends no information about the window",
    },
    "performance": {
        "velocity_mae": "train mean velocity per (step position, drum class)",
        "offset_mae": "train mean offset per (step position, drum class)",
        "hit_f1": "a kick drum on every tap, nothing else",
    },
}
REFERENCE_NOTES = {
    "knn_50": "a non-neural humanizer with the same input: per cell, the mean of the 50 train "
    "windows with the most similar hit pattern",
    "oracle_window_shift": "not a model but a cheat that reads the answers: the baseline's "
    "table moved, per test window and drum class, by the true mean error of that window's hits; "
    "it shows how far knowing each window's overall loudness and push/pull per drum would get",
}
METRIC_UNITS = {
    "reconstruction_accuracy": "fraction of the 64 steps decoded right (greedy, from the "
    "posterior mean)",
    "kl": "nats per window, KL(q(z|x) || N(0, I))",
    "velocity_mae": "MIDI velocity units (1..127), on the true hits",
    "offset_mae": "fractions of a 16th step, on the true hits",
    "hit_f1": "F1 of hit / no hit over every (step, drum class) cell, temperature 0",
}
MODEL_NOTES = {
    "musicvae": "The decoder starts from tanh(W z) and reads the previous event, z and a "
    "binary step counter at each step; in training a share of {word_dropout} of those previous "
    "events is hidden (word dropout) so the decoder must use z. Sampling draws z ~ N(0, {prior_scale}^2 I): the prior "
    "scale is the measured spread of the codes of the training windows (low-KL recipe).",
    "performance": "The encoder reads the conditioning input ({num_classes} features per step: "
    "the quantized hits, or the tap voice); the decoder reads that input, z and a step counter "
    "and writes hit, velocity and offset for the 9 drum classes. At temperature T, "
    "z = mean + T x sd x noise and hits are Bernoulli(sigmoid(logit / T)).",
}
SPLIT_NOTES = {
    "musicvae_melody": "4-bar (64-step) windows; train windows start on every bar, validation "
    "and test windows do not overlap; windows with fewer than 4 notes are skipped.",
    "musicvae_drums": "Quantized 4-bar windows; train windows start on every bar, validation and "
    "test windows do not overlap; windows with fewer than 8 struck steps are skipped.",
    "groovae": "4-bar windows with the real velocities and offsets; a last window of 1-3 bars is "
    "zero-padded (as at inference); train windows start on every bar.",
}
SPLIT_NOTES["tap2drum"] = SPLIT_NOTES["groovae"]


def write_card(out: Path, args, config, sizes, results, state, stopped_by, test_split) -> dict:
    metrics = {k: round(v, 4) for k, v in results["metrics"].items()}
    baseline = {k: round(v, 4) for k, v in results["baseline"].items()}
    lower_is_better = {"velocity_mae", "offset_mae"}
    improvement = {
        k: round(
            1 - metrics[k] / baseline[k] if k in lower_is_better else metrics[k] - baseline[k], 4
        )
        for k in metrics
        if k != "kl" and baseline.get(k)
    }
    card = {
        "model": config.name,
        "purpose": PURPOSE[config.name],
        "kind": config.kind,
        "architecture": asdict(config),
        "data": {
            "folder": Path(args.data).name,
            "steps_per_quarter": 4,
            "window_steps": 64,
            "windowing": SPLIT_NOTES[config.name],
        },
        "license": LICENSES[config.kind],
        "split": {"rule": SPLIT_RULES[config.kind], "windows": sizes},
        "evaluated_on": test_split,
        "metrics": metrics,
        "baseline": baseline,
        "metric_units": {k: METRIC_UNITS[k] for k in metrics},
        "baseline_model": {k: BASELINES[config.family][k] for k in baseline},
        "improvement_over_baseline": improvement,
        "training": {
            "seed": args.seed,
            "batches": state["batches"],
            "best_batches": state["best_batches"],
            "best_val_loss": state["best_val_loss"] and round(state["best_val_loss"], 4),
            "stopped_by": stopped_by,
            "minutes": round(state["seconds"] / 60, 1),
            "batch_size": args.batch_size,
            "learning_rate_phases": state.get("phases")
            or [{"from_batch": 0, "learning_rate": args.learning_rate}],
            "kl_warmup_batches": args.kl_warmup,
            "optimizer": "Adam, global gradient-norm clip 5",
            "threads": args.threads,
        },
        "created": dt.date.today().isoformat(),
    }
    card["targets"] = check_targets(config.name, metrics, baseline)
    if results.get("reference"):
        card["reference_models"] = {
            name: {k: round(v, 4) for k, v in values.items()}
            for name, values in results["reference"].items()
        }
    if "interpolation" in results:
        card["interpolation_endpoints"] = {
            k: round(v, 4) if isinstance(v, float) else v
            for k, v in results["interpolation"].items()
        }
    (out / "card.json").write_text(json.dumps(card, indent=2) + "\n", encoding="utf-8")
    (out / "README.md").write_text(render_readme(card, out / "training_log.csv"), encoding="utf-8")
    return card


def check_targets(name: str, metrics: dict, baseline: dict) -> dict:
    """The issue's acceptance targets, measured (never assumed) on the test split."""
    if name == "groovae":
        gains = {k: 1 - metrics[k] / baseline[k] for k in ("velocity_mae", "offset_mae")}
        return {
            "rule": "velocity_mae and offset_mae at least 20 % below the baseline",
            "relative_improvement": {k: round(v, 4) for k, v in gains.items()},
            "met": all(v >= 0.2 for v in gains.values()),
        }
    if name == "tap2drum":
        gain = metrics["hit_f1"] - baseline["hit_f1"]
        return {
            "rule": "hit_f1 clearly above the baseline: at least +0.10",
            "hit_f1_gain": round(gain, 4),
            "met": gain >= 0.10,
        }
    gain = metrics["reconstruction_accuracy"] - baseline["reconstruction_accuracy"]
    return {
        "rule": "reconstruction_accuracy above the baseline",
        "accuracy_gain": round(gain, 4),
        "met": gain > 0,
    }


def _log_table(log: Path) -> str:
    if not log.is_file():
        return "(no training log)"
    with log.open(newline="") as handle:
        rows = list(csv.DictReader(handle))
    lines = ["| batches | train loss | val loss | val KL | minutes |", "|---:|---:|---:|---:|---:|"]
    lines += [
        f"| {r['batches']} | {r['train_loss']} | {r['val_loss']} | {r['val_kl']} | {r['minutes']} |"
        for r in rows
    ]
    return "\n".join(lines)


def _phases(phases: list[dict]) -> str:
    return ", then ".join(f"{p['learning_rate']:g} from batch {p['from_batch']}" for p in phases)


def _gains(targets: dict) -> str:
    if "relative_improvement" in targets:
        return ", ".join(
            f"`{k}` {v * 100:.1f} % below the baseline"
            for k, v in targets["relative_improvement"].items()
        )
    key = "hit_f1_gain" if "hit_f1_gain" in targets else "accuracy_gain"
    return f"{key.replace('_', ' ')} {targets[key]:+.4f}"


def render_readme(card: dict, log: Path) -> str:
    arch, training, split = card["architecture"], card["training"], card["split"]
    rows = "\n".join(
        f"| `{key}` | {card['metrics'][key]} | {card['baseline'].get(key, '-')} | "
        f"{card['metric_units'][key]} |"
        for key in card["metrics"]
    )
    baselines = "\n".join(f"- `{k}`: {v}." for k, v in card["baseline_model"].items())
    endpoints = card.get("interpolation_endpoints")
    interpolation = (
        f"\nInterpolation endpoints ({endpoints['pairs']} test pairs through `interpolate`, "
        f"temperature 0): accuracy at α = 0 against A {endpoints['alpha_0_accuracy']}, at α = 1 "
        f"against B {endpoints['alpha_1_accuracy']}.\n"
        if endpoints
        else ""
    )
    sizes = ", ".join(f"{name} {count:,}" for name, count in split["windows"].items())
    decoder = "LSTM" if arch["family"] == "musicvae" else "bidirectional LSTM"
    targets = card["targets"]
    verdict = "met" if targets["met"] else "NOT met"
    dropout = (
        f" While training, dropout {arch['dropout']} on the decoder's inputs and hidden layer."
        if arch.get("dropout")
        else ""
    )
    references = "".join(
        f"\nFor context, `{name}` ({REFERENCE_NOTES.get(name, 'a reference')}): "
        + ", ".join(f"`{k}` {v}" for k, v in values.items())
        + "."
        for name, values in card.get("reference_models", {}).items()
    )
    return f"""# Model card: `{card["model"]}`

{card["purpose"]}. Trained by this project with `python -m inference.vae_train {card["model"]}`
(TensorFlow 2.21 / Keras 3) on a shared 2-core CPU; no pretrained weights.

## Model
Bidirectional LSTM encoder ({arch["encoder_units"]} units each way), latent code of
{arch["latent"]} dimensions, {decoder} decoder ({arch["decoder_units"]} units). KL weight
beta = {arch["beta"]} with {arch["free_bits"]} free nats. {MODEL_NOTES[arch["family"]].format(**arch)}{dropout}

## Data
- Folder `{card["data"]["folder"]}`. {card["data"]["windowing"]}
- Licence: {card["license"]["data"]}. {card["license"]["credit"]}
- Split: {split["rule"]}
- Windows: {sizes}.

## Results on the held-out {card["evaluated_on"]} split
| metric | this model | baseline | unit |
|---|---:|---:|---|
{rows}

Baselines:
{baselines}
{interpolation}
Target ({targets["rule"]}): **{verdict}** — {_gains(targets)}.{references}

## Training
Seed {training["seed"]}, batch {training["batch_size"]}, {training["optimizer"]}, learning rate
{_phases(training["learning_rate_phases"])}, KL weight ramped up over {training["kl_warmup_batches"]} batches,
{training["threads"]} TensorFlow thread(s). {training["batches"]} batches in {training["minutes"]}
minutes (stopped by {training["stopped_by"].replace("_", " ")}); best weights after
{training["best_batches"]} batches.

{_log_table(log)}

## Limits
A small model trained for minutes: its outputs are sketches. 4/4 only, 16th-note grid,
4-bar windows; styles are those of its data.
"""
