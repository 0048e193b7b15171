"""Train any model of ``inference.configs.CONFIG_MAP`` and write its checkpoint + model card.

    python -m inference.train melody_rnn --data ../shared/data/melodies --out inference/checkpoints/melody_rnn
    python -m inference.train drums_rnn --data ../shared/data/groove --out inference/checkpoints/drums_rnn
    python -m inference.train musicvae_melody --data ../shared/data/melodies --out inference/checkpoints/musicvae_melody
    python -m inference.train groovae --data ../shared/data/groove --out inference/checkpoints/groovae

``python -m inference.train <model> --help`` lists a model's options (they are its family's:
:mod:`inference.training.rnn` or :mod:`inference.training.vae`). Fixed seed; early stopping on
the validation loss; a CSV log; resumable: the working folder (``--work-dir``, default
``var/train/<model>``) keeps the last weights, the optimizer state and the counters, and
re-running the same command continues from there (``--restart`` starts over). At the end the best
weights are evaluated on the held-out test split against the model's baselines, and
``model.weights.h5``, ``config.json``, ``card.json``, ``README.md`` and ``training_log.csv`` are
written to ``--out``.
"""

from __future__ import annotations

import argparse
import os

os.environ.setdefault("OPENBLAS_NUM_THREADS", "1")
os.environ.setdefault("TF_CPP_MIN_LOG_LEVEL", "3")

from . import configs  # noqa: E402
from .training import nsynth, rnn, vae  # noqa: E402

TRAINERS = {"rnn": rnn, "vae": vae, "ddsp": nsynth}  # a ModelSpec's family -> its trainer module
DESCRIPTION = "Train a model of inference/configs.py (CONFIG_MAP); write its checkpoint and card."


def build_parser(prog: str = "python -m inference.train") -> argparse.ArgumentParser:
    """One sub-command per registered model, with its family's options and defaults."""
    parser = argparse.ArgumentParser(prog=prog, description=DESCRIPTION)
    models = parser.add_subparsers(dest="model", metavar="MODEL", required=True)
    for name, spec in configs.CONFIG_MAP.items():
        sub = models.add_parser(name, help=spec.purpose, description=spec.purpose)
        TRAINERS[spec.family].add_arguments(sub)
    return parser


def main(argv: list[str] | None = None, prog: str = "python -m inference.train") -> int:
    args = build_parser(prog).parse_args(argv)
    spec = configs.CONFIG_MAP[args.model]
    return TRAINERS[spec.family].train(spec, args)


if __name__ == "__main__":
    raise SystemExit(main())
