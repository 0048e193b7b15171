"""Fit drum Generate's class calibration and write it into the checkpoint's config and card.

    python -m inference.calibrate musicvae_drums --data ../shared/data/groove

For every temperature of a grid, fits the per-class logit offsets (:mod:`inference.vae.calibration`)
that make sampled clips strike each drum class as often per bar as the train split's windows,
then measures each temperature once more on fresh codes, with and without the offsets: each
class's hits per bar against the train split's and the clips' bar-to-bar grooving similarity.
Writes ``generate_class_offsets`` / ``generate_class_rates`` into ``config.json`` and a README
section (``--dry-run``: print only). Only the train split is read: the held-out splits stay for
``python -m inference.evaluate``, which reports the calibrated Generate against them.
"""

from __future__ import annotations

import argparse
import json
import os
import re
import sys
from pathlib import Path

os.environ.setdefault("OPENBLAS_NUM_THREADS", "1")
os.environ.setdefault("TF_CPP_MIN_LOG_LEVEL", "3")

import numpy as np  # noqa: E402

from . import configs  # noqa: E402
from .evaluation import drum_features as d  # noqa: E402
from .evaluation.heldout import common, report  # noqa: E402
from .evaluation.heldout.drums import class_rates, grids  # noqa: E402
from .evaluation.heldout.report import write_section  # noqa: E402
from .shared.checkpoints import (  # noqa: E402
    CONFIG_FILE,
    checkpoint_dir,
    is_checkpoint,
    write_text_atomic,
)
from .training.windows import drum_windows, load_gmd_performances  # noqa: E402
from .vae.calibration import RATE_FLOOR, event_bias, fit_offsets  # noqa: E402
from .vae.config import VaeConfig  # noqa: E402

# The studio's temperature runs from 0 to 2; the offsets change fastest at low temperatures.
TEMPERATURES = (0.1, 0.2, 0.3, 0.4, 0.5, 0.6, 0.8, 1.0, 1.5, 2.0)
BEGIN = "<!-- generate calibration: written by python -m inference.calibrate -->"
END = "<!-- end of generate calibration -->"
CACHE_DIR = common.CACHE_DIR  # the parsed GMD the trainers and the held-out suites keep
# Near greedy a rare class's rate answers its offset slowly (the likeliest events keep winning
# the draw), so the fit there needs more rounds to settle.
ROUNDS, ROUNDS_COLD, COLD = 16, 40, 0.3


def calibrated_models() -> list[str]:
    """The drum MusicVAEs: the models whose Generate samples the 512 drum events."""
    return [
        name
        for name, spec in configs.CONFIG_MAP.items()
        if isinstance(spec.network, VaeConfig)
        and (spec.network.family, spec.network.kind) == ("musicvae", "drums")
    ]


def sample_events(bundle, count: int, temperature: float, seed: int, offsets) -> np.ndarray:
    """``count`` clips of Generate as ``[count, 64]`` drum events, with class ``offsets``."""
    rng, rows = np.random.default_rng([seed, 1]), []
    bias = event_bias(offsets)
    for start in range(0, count, 250):
        z = rng.standard_normal((min(250, count - start), bundle.config.latent))
        rows.append(
            bundle.decode(z * bundle.config.prior_scale, temperature, seed + start, None, bias)
        )
    return np.concatenate(rows)


def grooving(events: np.ndarray) -> float:
    return float(np.mean([d.grooving_similarity(g) for g in grids(events)]))


def calibrate(bundle, target: np.ndarray, clips: int, seed: int) -> tuple[list, list]:
    """The offsets table and, per temperature, the fresh-code measures without and with it."""
    table, measures = [], []
    for temperature in TEMPERATURES:
        offsets, history = fit_offsets(
            lambda o, r, t=temperature: class_rates(sample_events(bundle, clips, t, seed + r, o)),
            target,
            temperature,
            rounds=ROUNDS_COLD if temperature < COLD else ROUNDS,
        )
        row = {"temperature": temperature, "rounds": len(history)}
        for label, used in (("without", np.zeros_like(offsets)), ("with", offsets)):
            made = sample_events(bundle, clips, temperature, seed + 1000, used)
            deviation = class_rates(made) / np.maximum(target, RATE_FLOOR) - 1
            row[label] = {
                "largest class difference": float(np.abs(deviation).max()),
                "worst class": int(np.argmax(np.abs(deviation))),
                "grooving similarity": grooving(made),
            }
        print(json.dumps(row), flush=True)
        table.append([temperature, *(round(float(v), 4) for v in offsets)])
        measures.append(row)
    return table, measures


def section(target: np.ndarray, measures: list, clips: int) -> str:
    from .music import DRUM_CLASSES

    names = [name for name, _ in DRUM_CLASSES]
    lines = [
        "## Generate: drum-class calibration",
        "",
        "Sampling at a low temperature sharpens every step towards its likeliest events, so "
        "rare drums (toms, open hi-hat, crash) all but vanish. Per-class logit offsets, fitted "
        "per temperature after training (`python -m inference.calibrate musicvae_drums`), bring "
        "each class back to the train split's hits per bar "
        f"({', '.join(f'{n} {r:.3f}' for n, r in zip(names, target, strict=True))}); "
        "Generate interpolates them between the temperatures below.",
        "",
        "| T | largest class difference, raw | calibrated | bar-to-bar GS, raw | calibrated |",
        "|---:|---:|---:|---:|---:|",
    ]
    for row in measures:
        raw, cal = row["without"], row["with"]
        lines.append(
            f"| {row['temperature']:g} | {raw['largest class difference']:.3f} "
            f"({names[raw['worst class']]}) | {cal['largest class difference']:.3f} "
            f"({names[cal['worst class']]}) | {raw['grooving similarity']:.3f} | "
            f"{cal['grooving similarity']:.3f} |"
        )
    lines += [
        "",
        f"{clips} clips per cell, from codes (z) the fit never drew; differences relative to the train "
        "split's hits per bar (|generated / train - 1|, the class furthest off in brackets).",
        "",
    ]
    return "\n".join(lines)


def write(checkpoint: Path, table: list, target: np.ndarray, text: str) -> None:
    config_path = checkpoint / CONFIG_FILE
    config = json.loads(config_path.read_text(encoding="utf-8"))
    config["generate_class_offsets"] = table
    config["generate_class_rates"] = [round(float(r), 4) for r in target]
    dumped = json.dumps(config, indent=2)
    # One line per row of numbers, so the table reads as a table in config.json.
    dumped = re.sub(r"\[\s+([-0-9.e,\s]+?)\s+\]", lambda m: f"[{' '.join(m[1].split())}]", dumped)
    write_text_atomic(config_path, dumped + "\n")
    # Before the held-out evaluation, which reports the calibrated Generate.
    write_section(checkpoint / "README.md", BEGIN, END, text, before=report.BEGIN)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        prog="python -m inference.calibrate", description=__doc__.split("\n\n")[0]
    )
    parser.add_argument("model", choices=calibrated_models())
    parser.add_argument("--data", required=True, help="the groove/ data folder")
    parser.add_argument("--checkpoint", help="checkpoint folder (default: the committed one)")
    parser.add_argument("--clips", type=int, default=2000, help="clips per fitting round")
    parser.add_argument("--seed", type=int, default=0)
    parser.add_argument("--dry-run", action="store_true", help="print, write nothing")
    args = parser.parse_args(argv)
    checkpoint = Path(args.checkpoint) if args.checkpoint else checkpoint_dir(args.model)
    if not is_checkpoint(checkpoint):
        print(f"error: {checkpoint} is not a checkpoint folder", file=sys.stderr)
        return 1
    from .vae.tools import load_bundle

    train = drum_windows(load_gmd_performances(args.data, cache_dir=CACHE_DIR))["train"]
    target = class_rates(train)
    table, measures = calibrate(load_bundle(checkpoint), target, args.clips, args.seed)
    text = section(target, measures, args.clips)
    print(text, flush=True)
    if not args.dry_run:
        write(checkpoint, table, target, text)
        print(f"wrote {checkpoint / CONFIG_FILE} and its README section", flush=True)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
