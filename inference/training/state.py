"""The resumable working folder every trainer keeps (see :mod:`.loop`).

``last.weights.h5`` + ``optimizer.npz`` + ``state.json`` (the counters, written last and
atomically, so a half-written checkpoint is never mistaken for a whole one). TensorFlow is only
touched through the model and optimizer passed in.
"""

from __future__ import annotations

import csv
import json
from pathlib import Path

import numpy as np

STATE, LAST_WEIGHTS, OPTIMIZER = "state.json", "last.weights.h5", "optimizer.npz"
LOG = "training_log.csv"
STALE_ON_RESTART = (STATE, LOG, "best.weights.h5")


def restore(work_dir: Path, model, optimizer, restart: bool) -> dict | None:
    """The saved counters after loading the weights and optimizer, or None for a fresh start
    (``restart``, or nothing saved), in which case stale state is removed."""
    state_file = work_dir / STATE
    if restart or not state_file.is_file():
        for stale in STALE_ON_RESTART:
            (work_dir / stale).unlink(missing_ok=True)
        return None
    model.load_weights(work_dir / LAST_WEIGHTS)
    with np.load(work_dir / OPTIMIZER) as saved:
        for index, variable in enumerate(optimizer.variables):
            variable.assign(saved[f"v{index}"])
    return json.loads(state_file.read_text())


def save(work_dir: Path, model, optimizer, state: dict) -> None:
    model.save_weights(work_dir / LAST_WEIGHTS)
    arrays = {f"v{i}": v.numpy() for i, v in enumerate(optimizer.variables)}
    np.savez(work_dir / OPTIMIZER, **arrays)
    pending = work_dir / f"{STATE}.tmp"
    pending.write_text(json.dumps(state, indent=2))
    pending.replace(work_dir / STATE)


def append_log(work_dir: Path, row: dict) -> None:
    """One row of ``training_log.csv`` (header first when the file is new); echoed as JSON."""
    log = work_dir / LOG
    fresh = not log.is_file()
    with log.open("a", newline="") as handle:
        writer = csv.DictWriter(handle, fieldnames=list(row))
        if fresh:
            writer.writeheader()
        writer.writerow(row)
    print(json.dumps(row), flush=True)
