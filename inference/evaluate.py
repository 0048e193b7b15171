"""Evaluate a trained model on held-out music and write the result into its card.

    python -m inference.evaluate groovae --data ../shared/data/groove
    python -m inference.evaluate musicvae_melody_hikl --data ../shared/data/melodies --split validation

Runs the model's held-out suite (``ModelSpec.heldout`` in :mod:`inference.configs`): the studio
tool it serves, on music none of the models was trained on, next to the strongest simple
baselines measured the same way and real held-out music as the ceiling. Writes
``evaluation.json`` and the README's "Evaluation on held-out music" section into the checkpoint
folder (``--dry-run``: print only). Choose settings on ``--split validation``; report on ``test``.
"""

from __future__ import annotations

import argparse
import os
import sys
from pathlib import Path

os.environ.setdefault("OPENBLAS_NUM_THREADS", "1")
os.environ.setdefault("TF_CPP_MIN_LOG_LEVEL", "3")

from . import configs  # noqa: E402
from .evaluation.heldout.report import write_report  # noqa: E402
from .shared.checkpoints import checkpoint_dir, is_checkpoint  # noqa: E402


def build_parser() -> argparse.ArgumentParser:
    with_suite = [name for name, spec in configs.CONFIG_MAP.items() if spec.heldout]
    parser = argparse.ArgumentParser(
        prog="python -m inference.evaluate", description=__doc__.split("\n\n")[0]
    )
    parser.add_argument("model", choices=with_suite)
    parser.add_argument("--data", required=True, help="the melodies/ or groove/ data folder")
    parser.add_argument("--split", default="test", choices=("test", "validation"))
    parser.add_argument("--checkpoint", help="checkpoint folder (default: the committed one)")
    parser.add_argument("--seed", type=int, default=0, help="sampling seed of the tools")
    parser.add_argument("--dry-run", action="store_true", help="print, write nothing")
    return parser


def main(argv: list[str] | None = None) -> int:
    args = build_parser().parse_args(argv)
    spec = configs.CONFIG_MAP[args.model]
    checkpoint = Path(args.checkpoint) if args.checkpoint else checkpoint_dir(args.model)
    if not is_checkpoint(checkpoint):
        print(f"error: {checkpoint} is not a checkpoint folder", file=sys.stderr)
        return 1
    report = spec.heldout(spec, Path(args.data), args.split, checkpoint, args.seed)
    print(report.markdown(), flush=True)
    if not args.dry_run:
        write_report(checkpoint, report)
        print(f"wrote {checkpoint / 'evaluation.json'} and its README section", flush=True)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
