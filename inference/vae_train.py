"""The training command under its older name, as the VAE model cards cite it.

    python -m inference.vae_train groovae --data ../shared/data/groove --out inference/checkpoints/groovae

The same command line as ``python -m inference.train`` (:mod:`inference.train`), every model.
"""

from __future__ import annotations

from .train import main as train_main


def main(argv: list[str] | None = None) -> int:
    return train_main(argv, prog="python -m inference.vae_train")


if __name__ == "__main__":
    raise SystemExit(main())
