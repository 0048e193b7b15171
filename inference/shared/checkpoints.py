"""The one checkpoint root and what a checkpoint folder is (RNNs and VAEs alike). No TensorFlow.

A checkpoint is a folder ``CHECKPOINT_ROOT/<name>/`` holding ``model.weights.h5`` and
``config.json`` (the config says how to build the model); the committed ones also carry
``card.json``, ``README.md`` and ``training_log.csv``. Every loader resolves names through
:func:`checkpoint_dir`, which reads :data:`CHECKPOINT_ROOT` when it is called, so pointing that
one attribute elsewhere (a trial folder, a benchmark's weights, a test's monkeypatch) redirects
every model at once. :func:`has_weights` is the single definition of "this checkpoint exists",
the same test :func:`load_checkpoint` applies before it builds anything.
"""

from __future__ import annotations

import os
from collections.abc import Callable
from pathlib import Path

CHECKPOINT_ROOT = Path(__file__).resolve().parents[1] / "checkpoints"
WEIGHTS_FILE = "model.weights.h5"
CONFIG_FILE = "config.json"


def checkpoint_dir(name: str) -> Path:
    """The folder of the checkpoint called ``name`` under the current :data:`CHECKPOINT_ROOT`."""
    return CHECKPOINT_ROOT / name


def resolve(checkpoint: str | os.PathLike) -> Path:
    """A checkpoint given by name (``"melody_rnn"``) or by path (a ``Path``, or a string with a
    separator in it) as a folder."""
    if isinstance(checkpoint, str) and not {"/", os.sep} & set(checkpoint):
        return checkpoint_dir(checkpoint)
    return Path(checkpoint)


def is_checkpoint(directory: str | os.PathLike) -> bool:
    """Both files a model needs are there (a card or a README alone is not a model)."""
    directory = Path(directory)
    return (directory / WEIGHTS_FILE).is_file() and (directory / CONFIG_FILE).is_file()


def has_weights(name: str) -> bool:
    """Whether the checkpoint ``name`` can be loaded: the test :func:`load_checkpoint` applies."""
    return is_checkpoint(checkpoint_dir(name))


def write_text_atomic(path: str | os.PathLike, text: str) -> None:
    """``text`` into ``path`` whole or not at all: a run killed while writing leaves the old file
    (and a stray ``.tmp`` beside it), never a cut-off one a loader would choke on."""
    path = Path(path)
    pending = path.with_name(path.name + ".tmp")
    pending.write_text(text, encoding="utf-8")
    os.replace(pending, path)


def save_checkpoint(model, directory: str | os.PathLike) -> None:
    """The weights and ``model.config.to_json()`` (the config says how to build the model)."""
    directory = Path(directory)
    directory.mkdir(parents=True, exist_ok=True)
    model.save_weights(directory / WEIGHTS_FILE)
    (directory / CONFIG_FILE).write_text(model.config.to_json() + "\n", encoding="utf-8")


def load_checkpoint(directory: str | os.PathLike, load_config: Callable, build: Callable):
    """``build(load_config(directory))`` with the saved weights; FileNotFoundError naming what is
    missing when the folder is not a checkpoint."""
    directory = Path(directory)
    if not is_checkpoint(directory):
        raise FileNotFoundError(
            f"{directory} is not a checkpoint directory (needs {WEIGHTS_FILE} and {CONFIG_FILE})"
        )
    model = build(load_config(directory))
    model.load_weights(directory / WEIGHTS_FILE)
    return model
