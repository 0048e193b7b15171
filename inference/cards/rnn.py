"""Event RNN model cards: ``card.json`` (machine-readable) and ``README.md`` (for people).

Written by training; the texts that differ between models (purpose, the style of the data, the
corpus's licence and split rule) come from the model's ``ModelSpec``.
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from .common import log_table, write_files


def write_card(
    out: Path,
    *,
    spec,
    args,
    config,
    dataset,
    metrics,
    baseline,
    baseline_alpha,
    state,
    stopped_by,
    test_split,
) -> dict:
    improvement = 1.0 - metrics["nll"] / baseline["nll"] if baseline["nll"] else 0.0
    card = {
        "model": config.name,
        "kind": config.kind,
        "architecture": {
            "layer_sizes": list(config.layer_sizes),
            "attn_length": config.attn_length,
            "num_classes": config.num_classes,
            "binary_counter_bits": config.counter_bits,
            "dropout": config.dropout,
        },
        "data": {
            "description": dataset.description,
            "folder": Path(args.data).name,
            "steps_per_quarter": 4,
            "transposition_augmentation": args.transpose
            if args.transpose is not None
            else spec.transpose,
        },
        "license": spec.corpus.licence_card(),
        "split": {"rule": spec.corpus.split_rule, **dataset.sizes()},
        "metrics": {k: round(v, 4) for k, v in metrics.items()},
        "baseline": {k: round(v, 4) for k, v in baseline.items()},
        "baseline_model": f"bigram (first-order Markov) on train, add-{baseline_alpha} smoothing "
        "chosen on validation",
        "evaluated_on": test_split,
        "nll_improvement_over_baseline": round(improvement, 4),
        "training": {
            "seed": args.seed,
            "epochs": state["epoch"],
            "best_epoch": state["best_epoch"],
            "best_val_nll": None
            if state["best_val_nll"] is None
            else round(state["best_val_nll"], 4),
            "stopped_by": stopped_by,
            "minutes": round(state["seconds"] / 60, 1),
            "batch_size": args.batch_size,
            "window": args.window,
            "steps_per_epoch": args.steps_per_epoch,
            "learning_rate": args.learning_rate,
            "optimizer": "Adam, global gradient-norm clip 3",
        },
        "created": dt.date.today().isoformat(),
    }
    write_files(out, card, render_readme(card, out / "training_log.csv", spec))
    return card


CURVE = {
    "epoch": lambda row: row["epoch"],
    "train NLL": lambda row: f"{float(row['train_nll']):.3f}",
    "val NLL": lambda row: f"{float(row['val_nll']):.3f}",
    "val accuracy": lambda row: f"{float(row['val_accuracy']):.3f}",
}


def render_readme(card: dict, log: Path, spec) -> str:
    m, b, t = card["metrics"], card["baseline"], card["training"]
    split = card["split"]
    sizes = ", ".join(
        f"{name} {split[name]['sequences']} sequences / {split[name]['steps']:,} steps"
        for name in ("train", "validation", "test")
    )
    arch = card["architecture"]
    still_falling = t["best_epoch"] == t["epochs"] and t["stopped_by"] != "early_stopping"
    more = (
        " Validation NLL was still falling at the last epoch: more training would likely help."
        if still_falling
        else ""
    )
    return f"""# Model card: `{card["model"]}`

{spec.purpose}. Trained by this project with
`python -m inference.train` (TensorFlow 2.21 / Keras 3) on a 2-core CPU; no pretrained weights.

## Model
LSTM {" x ".join(map(str, arch["layer_sizes"]))} with attention over the last
{arch["attn_length"]} steps, {arch["num_classes"]} output classes, a {arch["binary_counter_bits"]}-bit
binary step counter as extra input, dropout {arch["dropout"]}. See `inference/rnn/model.py`.

## Data
- {card["data"]["description"]}.
- Licence: {card["license"]["data"]}. {card["license"]["credit"]}
- Split: {split["rule"]}
- Sizes: {sizes}.
- Transposition augmentation: ±{card["data"]["transposition_augmentation"]} semitones.

## Results on the held-out {card["evaluated_on"]} split
| | NLL (nats/step) | next-step accuracy |
|---|---:|---:|
| this model | {m["nll"]:.4f} | {m["accuracy"]:.4f} |
| bigram baseline | {b["nll"]:.4f} | {b["accuracy"]:.4f} |

NLL improvement over the baseline: {card["nll_improvement_over_baseline"] * 100:.1f} %.
Baseline: {card["baseline_model"]}. Both are measured on complete sequences, predicting
steps 2..T from everything before.

## Training
Seed {t["seed"]}, batches of {t["batch_size"]} windows x {t["window"]} steps, {t["steps_per_epoch"]}
batches per epoch, {t["optimizer"]}, learning rate {t["learning_rate"]}. {t["epochs"]} epochs in
{t["minutes"]} minutes (stopped by {t["stopped_by"].replace("_", " ")}); best epoch
{t["best_epoch"]}, validation NLL {t["best_val_nll"]}.{more}

{log_table(log, CURVE)}

## Limits
A small CPU-trained model: it knows the 16th-note grid, the position in the bar and the style of
its data ({spec.style}). Its outputs are sketches, not finished music.
"""
