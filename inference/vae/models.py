"""Build, save and load any VAE of this package from its config (imports TensorFlow lazily).

A config's ``family`` names the module of this package that defines its architecture
(``musicvae``, ``performance``); that module's ``build(config)`` returns the model with every
weight created. A new architecture is one new module with a ``build`` function: nothing here
changes.
"""

from __future__ import annotations

import importlib
from pathlib import Path

from ..shared.checkpoints import load_checkpoint, save_checkpoint
from .config import VaeConfig


def build_model(config: VaeConfig):
    """The model of ``config.family`` with every weight built."""
    if not config.family.isidentifier():
        raise ValueError(f"not a VAE family: {config.family!r}")
    return importlib.import_module(f"{__package__}.{config.family}").build(config)


def save_model(model, directory: str | Path) -> None:
    save_checkpoint(model, directory)


def load_model(directory: str | Path):
    return load_checkpoint(directory, VaeConfig.load, build_model)
