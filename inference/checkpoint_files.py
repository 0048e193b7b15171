"""A committed checkpoint folder: ``model.weights.h5`` + ``config.json`` (RNNs and VAEs alike).

No TensorFlow here: the model and its builder come from the caller.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

WEIGHTS_FILE = "model.weights.h5"
CONFIG_FILE = "config.json"


def save_checkpoint(model, directory: str | Path) -> None:
    """The weights and ``model.config.to_json()`` (the config says how to build the model)."""
    directory = Path(directory)
    directory.mkdir(parents=True, exist_ok=True)
    model.save_weights(directory / WEIGHTS_FILE)
    (directory / CONFIG_FILE).write_text(model.config.to_json() + "\n", encoding="utf-8")


def load_checkpoint(directory: str | Path, load_config: Callable, build: Callable):
    """``build(load_config(directory))`` with the saved weights; FileNotFoundError naming what is
    missing when the folder is not a checkpoint."""
    directory = Path(directory)
    if not (directory / WEIGHTS_FILE).is_file() or not (directory / CONFIG_FILE).is_file():
        raise FileNotFoundError(
            f"{directory} is not a checkpoint directory (needs {WEIGHTS_FILE} and {CONFIG_FILE})"
        )
    model = build(load_config(directory))
    model.load_weights(directory / WEIGHTS_FILE)
    return model
