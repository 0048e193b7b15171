"""Model cards for the VAE checkpoints: ``card.json`` and a readable ``README.md``.

The texts that differ between models (purpose, windowing, model notes, what each baseline does,
the target rule, the corpus's licence and split rule) come from the model's ``ModelSpec``; the
ones here are keyed by metric or yardstick, whichever model reports them.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import asdict
from pathlib import Path

from .common import log_table, write_files

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


def write_card(
    out: Path, spec, args, config, sizes, results, state, stopped_by, test_split
) -> dict:
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
        "purpose": spec.purpose,
        "kind": config.kind,
        "architecture": asdict(config),
        "data": {
            "folder": Path(args.data).name,
            "steps_per_quarter": 4,
            "window_steps": 64,
            "windowing": spec.windowing,
        },
        "license": spec.corpus.licence_card(),
        "split": {"rule": spec.corpus.split_rule, "windows": sizes},
        "evaluated_on": test_split,
        "metrics": metrics,
        "baseline": baseline,
        "metric_units": {k: METRIC_UNITS[k] for k in metrics},
        "baseline_model": {k: spec.baselines[k] for k in baseline},
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
            **({"trained_layers": args.train_only} if getattr(args, "train_only", None) else {}),
            **({"bar_mix": args.bar_mix} if getattr(args, "bar_mix", 0) else {}),
            **(
                {"initialized_from": state["initialized_from"]}
                if state.get("initialized_from")
                else {}
            ),
        },
        "created": dt.date.today().isoformat(),
    }
    card["targets"] = (
        spec.target.check(metrics, baseline)
        if spec.target
        else {"rule": "none here: judged by the held-out evaluation below", "met": None}
    )
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
    write_files(out, card, render_readme(card, out / "training_log.csv", spec))
    return card


LOG_COLUMNS = {
    header: (lambda row, key=key: row[key])
    for header, key in (
        ("batches", "batches"),
        ("train loss", "train_loss"),
        ("val loss", "val_loss"),
        ("val KL", "val_kl"),
        ("minutes", "minutes"),
    )
}


def _phases(phases: list[dict]) -> str:
    return ", then ".join(f"{p['learning_rate']:g} from batch {p['from_batch']}" for p in phases)


def _gains(targets: dict) -> str:
    if "relative_improvement" in targets:
        return ", ".join(
            f"`{k}` {v * 100:.1f} % below the baseline"
            for k, v in targets["relative_improvement"].items()
        )
    key = next(k for k in targets if k not in ("rule", "met"))  # e.g. "accuracy_gain"
    return f"{key.replace('_', ' ')} {targets[key]:+.4f}"


def _target_line(targets: dict) -> str:
    if targets["met"] is None:
        return (
            "These errors are context: the model samples, so it is judged by how its "
            "distributions compare with real music (the held-out evaluation below), not by its "
            "distance to the mean."
        )
    verdict = "met" if targets["met"] else "NOT met"
    return f"Target ({targets['rule']}): **{verdict}** — {_gains(targets)}."


def _initialized(training: dict) -> str:
    start = training.get("initialized_from")
    mixed = training.get("bar_mix")
    mixing = (
        f" In a share of {mixed:g} of every batch's windows each bar came from a random train "
        "window (the same bar of it), so the network met patterns it could not memorize."
        if mixed
        else ""
    )
    if not start:
        return mixing
    layers = ", ".join(f"`{name}`" for name in start["layers"])
    trained = training.get("trained_layers")
    only = f"; only {trained} trained, the rest frozen" if trained else ""
    return f" Started from the weights of `{start['checkpoint']}` (layers {layers}){only}.{mixing}"


def render_readme(card: dict, log: Path, spec) -> str:
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
beta = {arch["beta"]} with {arch["free_bits"]} free nats. {spec.model_notes.format(**arch)}{dropout}

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
{_target_line(targets)}{references}

## Training
Seed {training["seed"]}, batch {training["batch_size"]}, {training["optimizer"]}, learning rate
{_phases(training["learning_rate_phases"])}, KL weight ramped up over {training["kl_warmup_batches"]} batches,
{training["threads"]} TensorFlow thread(s). {training["batches"]} batches in {training["minutes"]}
minutes (stopped by {training["stopped_by"].replace("_", " ")}); best weights after
{training["best_batches"]} batches.{_initialized(training)}

{log_table(log, LOG_COLUMNS)}

## Limits
A small model trained for minutes: its outputs are sketches. 4/4 only, 16th-note grid,
4-bar windows; styles are those of its data.
"""
